/**
 * What Snipe-IT's request pipeline does to the input before a controller sees it
 * (snipe/snipe-it@5aa5c48018, Laravel v11.44.1 per composer.lock):
 *
 * - the body is parsed by its content type: JSON when the type contains `json`
 *   (`Request::isJson()`), `application/x-www-form-urlencoded` like PHP's `parse_str` (brackets
 *   make arrays: `groups[0]=1&groups[]=2`; dots and spaces in a top-level name become `_`; Symfony
 *   parses it for PUT/PATCH/DELETE too); any other type gives no body input;
 * - `$request->all()` / `input()` is the body input plus the query keys the body lacks
 *   (`getInputSource()->all() + $this->query->all()`);
 * - the global middleware (app/Http/Kernel.php:24-25) runs ConvertEmptyStringsToNull **then**
 *   TrimStrings, on the query and the body, recursively: `""` becomes null, but `"  "` becomes `""`
 *   (it was not empty when the first ran); `password`, `password_confirmation` and
 *   `current_password` are never trimmed (app/Http/Middleware/TrimStrings.php:14-18).
 */

export type Input = Record<string, unknown>;

/** Laravel 11's Str::trim: whitespace plus U+FEFF, U+200B, U+200E at both ends. */
const trimString = (s: string): string => s.replace(/^[\s\uFEFF\u200B\u200E]+|[\s\uFEFF\u200B\u200E]+$/gu, "");

const NEVER_TRIMMED = new Set(["current_password", "password", "password_confirmation"]);

/** ConvertEmptyStringsToNull, then TrimStrings (TransformsRequest::cleanArray, keys dotted). */
export function cleanInput(input: Input): Input {
  const convert = (v: unknown): unknown =>
    v === "" ? null : Array.isArray(v) ? v.map(convert) : isObject(v) ? mapValues(v, convert) : v;
  const trim = (key: string, v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => trim(`${key}.${i}`, x));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trim(`${key}.${k}`, x)]));
    return typeof v === "string" && !NEVER_TRIMMED.has(key) ? trimString(v) : v;
  };
  const converted = convert(input) as Input;
  return Object.fromEntries(Object.entries(converted).map(([k, v]) => [k, trim(k, v)]));
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const mapValues = (o: Record<string, unknown>, f: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/**
 * PHP's `parse_str` for a query string or a form body: `a[]=1&a[]=2` and `a[0]=1` make arrays,
 * `a[b]=1` makes a map, a repeated plain key keeps the last value, and `.`/space in the top-level
 * name become `_`. Arrays with only consecutive integer keys from 0 come back as JS arrays.
 */
export function parseStr(text: string): Input {
  const root: Record<string, unknown> = {};
  for (const [rawName, value] of new URLSearchParams(text)) {
    const open = rawName.indexOf("[");
    const base = (open > 0 ? rawName.slice(0, open) : rawName).replace(/[. ]/g, "_");
    if (base === "") continue;
    const keys = open > 0 ? [...rawName.slice(open).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] as string) : [];
    if (open > 0 && !rawName.endsWith("]")) {
      root[rawName.replace(/[. []/g, "_")] = value; // PHP: a malformed bracket leaves a plain name
      continue;
    }
    let node = root;
    let key = base;
    for (const next of keys) {
      const child = node[key];
      const container: Record<string, unknown> =
        child && typeof child === "object" ? (child as Record<string, unknown>) : {};
      node[key] = container;
      node = container;
      key = next === "" ? String(nextIndex(container)) : next;
    }
    node[key] = value;
  }
  return listify(root) as Input;
}

const nextIndex = (o: Record<string, unknown>): number => {
  const ints = Object.keys(o)
    .filter((k) => /^(0|[1-9]\d*)$/.test(k))
    .map(Number);
  return ints.length ? Math.max(...ints) + 1 : 0;
};

function listify(v: unknown): unknown {
  if (!v || typeof v !== "object") return v;
  const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, listify(x)] as const);
  const isList = entries.every(([k], i) => k === String(i));
  return isList && entries.length ? entries.map(([, x]) => x) : Object.fromEntries(entries);
}

/** The body input by content type (Request::isJson / Symfony's form parsing); malformed JSON reads as empty. */
export function bodyInput(rawBody: string, contentType: string | undefined): { input: Input; malformedJson: boolean } {
  const type = (contentType ?? "").toLowerCase();
  if (/json/.test(type)) {
    if (rawBody.trim() === "") return { input: {}, malformedJson: false };
    try {
      const parsed: unknown = JSON.parse(rawBody);
      // (array) json_decode($content, true): a scalar or list becomes integer keys; keep objects only.
      return { input: isObject(parsed) ? parsed : {}, malformedJson: false };
    } catch {
      return { input: {}, malformedJson: true };
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) return { input: parseStr(rawBody), malformedJson: false };
  return { input: {}, malformedJson: false };
}

/** A request as a Snipe-IT controller sees it: cleaned query, cleaned body input, and `all()`. */
export interface LaravelRequest {
  method: string;
  query: Input;
  body: Input;
  /** Body input plus the query keys the body lacks. */
  all: Input;
  malformedJson: boolean;
}

export function laravelRequest(method: string, url: URL, rawBody: string, contentType: string | undefined) {
  const query = cleanInput(parseStr(url.search.slice(1)));
  const parsed = bodyInput(rawBody, contentType);
  const body = cleanInput(parsed.input);
  const all = { ...query, ...body };
  return { method, query, body, all, malformedJson: parsed.malformedJson } satisfies LaravelRequest;
}

/** `$request->has($key)`: the key is present (null included). */
export const has = (input: Input, key: string): boolean => Object.hasOwn(input, key);

/** `$request->filled($key)`: present and not an empty / whitespace string (booleans and arrays count as filled). */
export function filled(input: Input, key: string): boolean {
  if (!has(input, key)) return false;
  const v = input[key];
  if (typeof v === "boolean" || Array.isArray(v) || (v && typeof v === "object")) return true;
  return trimString(v === null || v === undefined ? "" : String(v)) !== "";
}
