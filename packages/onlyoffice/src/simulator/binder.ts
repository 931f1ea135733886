/**
 * A model of ONLYOFFICE's API argument binder, the step that turns an HTTP request into the
 * arguments of an API method before any of the method's code runs. Reimplemented (not copied) from
 * ONLYOFFICE/CommunityServer@7c503dfb5e, module/ASC.Api/ASC.Api (cited as `AB:` for
 * Impl/ApiArgumentBuilder.cs, `B:` for Utils/Binder.cs, `CU:` for Utils/ConvertUtils.cs) and the
 * Newtonsoft.Json XmlNodeConverter it relies on (`JsonConvert.DeserializeXNode`).
 *
 * The mechanism, in order:
 * 1. The request's name/value collection (AB:150-221): the route values, then the query string,
 *    then the body. A JSON body (`application/json`) is turned into XML under a `<request>` root
 *    (AB:192) and the XML flattened into names (AB:223-291); a JSON `null` is an empty element, so
 *    the string `""`; an array is one element per item (an empty array: no element at all; one
 *    item: the same as a plain value); malformed JSON is `ArgumentException("Unable to deserialize
 *    json")` → 400 (AB:194-197). Any other content type of a non-GET request: the form fields
 *    (AB:209-217). Names are compared case-insensitively (`NameValueCollection`).
 * 2. Each declared parameter, in order (AB:50-137):
 *    - present (even as `""`): a collection is bound by `Binder.Bind` (AB:58-62); anything else is
 *      converted from its FIRST value (AB:66); when that fails, `Binder.Bind` tries again (AB:68-72),
 *      which skips an empty value (B:198) and converts a non-empty one again: a second failure is
 *      `ApiArgumentMismatchException` (a FormatException) → 400 "Failed to convert parameter …"
 *      (CU:56-66, ApiHttpHandler.cs:128-131); an empty value ends as null → the type's default
 *      (`false` for `bool`, null for `bool?`/`Guid?`/classes);
 *    - absent: a collection or a non-System class is bound from the names (AB:114-128): a
 *      collection is NEVER null (an empty one when nothing matches, B:96-106, :109-127); a class is
 *      null when none of its properties bound (B:131-169); anything else is the type's default
 *      (AB:130): `false`, null.
 */

/** A binding failure and the answer ONLYOFFICE gives for it. */
export class BindError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The .NET exception's HRESULT (the envelope's `error.hresult`). */
    readonly hresult: number,
  ) {
    super(message);
  }
}

/** HRESULTs of the .NET exceptions the binder raises. */
export const HRESULT = {
  /** System.ArgumentException (COR_E_ARGUMENT). */
  argument: -2147024809,
  /** System.FormatException (COR_E_FORMAT): ApiArgumentMismatchException derives from it. */
  format: -2146233033,
  /** System.Exception. */
  exception: -2146233088,
} as const;

/** `NameValueCollection`: ordered keys compared case-insensitively, several values per key. */
export class NameValues {
  private readonly entries: { key: string; values: string[] }[] = [];

  add(key: string, value: string): void {
    const found = this.entries.find((e) => e.key.toLowerCase() === key.toLowerCase());
    if (found) found.values.push(value);
    else this.entries.push({ key, values: [value] });
  }

  /** The values joined by commas, or undefined when the key is absent (`collection[name]`). */
  get(key: string): string | undefined {
    return this.getValues(key)?.join(",");
  }

  getValues(key: string): string[] | undefined {
    return this.entries.find((e) => e.key.toLowerCase() === key.toLowerCase())?.values;
  }

  /** The keys in the order they were first added (`AllKeys`). */
  keys(): string[] {
    return this.entries.map((e) => e.key);
  }
}

/** An element of the XML document Json.NET makes from a JSON body. */
interface XElement {
  name: string;
  /** Text content (only meaningful when `children` is empty). */
  text: string;
  children: XElement[];
}

/**
 * `XmlConvert.EncodeName`: characters not allowed in an XML name become `_xHHHH_`. Such a name can
 * never equal a parameter's name, so only the fact that it does not match matters here.
 */
const encodeName = (name: string): string =>
  name.replace(
    /[^A-Za-z0-9_.\-:]|^[0-9.-]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );

/** Json.NET reads a string shaped like an ISO date as a date (DateParseHandling.DateTime, its default). */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The text Json.NET writes for a JSON scalar (XmlNodeConverter.ConvertTokenToXmlValue): booleans
 * as `true`/`false`, numbers invariant, a date string re-written by `XmlConvert.ToString`: trailing
 * zeros of the fraction dropped (`FFFFFFF`), `Z` kept, an offset re-expressed in the server's zone.
 */
function scalarText(value: string | number | boolean, serverOffsetMin: number): string {
  if (typeof value !== "string") return String(value);
  const m = ISO_DATE.exec(value);
  if (!m || Number.isNaN(Date.parse(value.length === 19 ? `${value}Z` : value))) return value;
  const fraction = (m[2] ?? "").replace(/0+$/, "").replace(/^\.$/, "");
  if (!m[3]) return `${m[1]}${fraction}`; // Unspecified kind: kept as written
  if (m[3] === "Z") return `${m[1]}${fraction}Z`;
  // DateTimeKind.Local: the same instant in the server's zone, with its offset.
  const instant = Date.parse(`${m[1]}${m[3]}`);
  const local = new Date(instant + serverOffsetMin * 60_000).toISOString().slice(0, 19);
  const sign = serverOffsetMin < 0 ? "-" : "+";
  const abs = Math.abs(serverOffsetMin);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${local}${fraction}${zone}`;
}

/**
 * The children of `<request>` for a JSON object (XmlNodeConverter.DeserializeNode/CreateElement):
 * one element per property; an array property gives one sibling element per item (none when
 * empty); a nested array becomes an element holding its items; `null` an empty element; `@x` and
 * `$id`/`$ref`/`$type`/`$value` properties become attributes (not elements); `#text` is text.
 */
function toElements(value: unknown, name: string, serverOffsetMin: number): XElement[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) =>
      Array.isArray(item)
        ? [{ name: encodeName(name), text: "", children: toElements(item, name, serverOffsetMin) }]
        : toElements(item, name, serverOffsetMin),
    );
  }
  const element: XElement = { name: encodeName(name), text: "", children: [] };
  if (value === null) return [element];
  if (typeof value === "object") {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith("@") || ["$id", "$ref", "$type", "$value"].includes(key)) continue;
      if (key === "#text" || key === "#cdata-section") {
        element.text += child === null ? "" : scalarText(child as string, serverOffsetMin);
        continue;
      }
      element.children.push(...toElements(child, key, serverOffsetMin));
    }
    return [element];
  }
  element.text = scalarText(value as string | number | boolean, serverOffsetMin);
  return [element];
}

/** `AddElement` (AB:267-291): `a.b[0].c` prefixes become `a[b][0][c]`-style names. */
function addElement(prefix: string, collection: NameValues, element: XElement): void {
  if (prefix === "") {
    collection.add(element.name, element.text);
    return;
  }
  const parts = prefix.replace(/^\.+/, "").split(".");
  const additional = parts
    .slice(1)
    .map((part) => {
      const at = part.indexOf("[");
      return at < 0 ? `[${part}]` : `[${part.slice(0, at)}]${part.slice(at)}`;
    })
    .join("");
  collection.add(`${parts[0]}${additional}[${element.name}]`, element.text);
}

/** `FillCollectionFromXElement` (AB:223-265). */
function fill(elements: XElement[], prefix: string, collection: NameValues): void {
  const groups = new Map<string, XElement[]>(); // GroupBy keeps the order of first appearance
  for (const e of elements) groups.set(e.name, [...(groups.get(e.name) ?? []), e]);
  for (const [name, group] of groups) {
    if (group.length < 2) {
      const element = group[0] as XElement;
      if (element.children.length === 0) addElement(prefix, collection, element);
      else fill(element.children, `${prefix}.${element.name}`, collection);
    } else if (group.every((e) => e.children.length === 0)) {
      for (const element of group) addElement(prefix, collection, element);
    } else {
      group.forEach((element, i) => {
        fill(element.children, `${prefix}.${name}[${i}]`, collection);
      });
    }
  }
}

/** What the binder reads of a request. */
export interface RequestParts {
  method: string;
  /** The route's values (`{userid}`, `{status}`), already percent-decoded. */
  route: Record<string, string>;
  query: URLSearchParams;
  contentType: string | undefined;
  rawBody: string;
  /** The server's time zone in minutes east of UTC (for Json.NET's date re-writing). */
  serverOffsetMin?: number;
}

/** `GetRequestParams` (AB:150-221): route values, then the query, then the body. */
export function requestParams(req: RequestParts): NameValues {
  const collection = new NameValues();
  for (const [k, v] of Object.entries(req.route)) collection.add(k, v);
  for (const [k, v] of req.query) collection.add(k, v);
  const mediaType = (req.contentType ?? "text/plain").split(";")[0]?.trim().toLowerCase();
  if (mediaType === "application/json") {
    // An empty body deserializes to nothing; `null` too (XmlNodeConverter.ReadJson).
    if (req.rawBody.trim() === "") return collection;
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.rawBody);
    } catch {
      throw new BindError(400, "Unable to deserialize json", HRESULT.argument); // AB:190-197
    }
    if (parsed === null) return collection;
    // "XmlNodeConverter can only convert JSON that begins with an object." → the same 400.
    if (typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new BindError(400, "Unable to deserialize json", HRESULT.argument);
    }
    const [root] = toElements(parsed, "request", req.serverOffsetMin ?? 0);
    fill(root?.children ?? [], "", collection);
  } else if (mediaType !== "text/xml" && req.method.toUpperCase() !== "GET") {
    // Form fields (AB:209-217); an XML body (AB:162-179) is not modelled (no client sends one).
    for (const [k, v] of new URLSearchParams(req.rawBody)) collection.add(k, v);
  }
  return collection;
}

/** How a .NET type converts from a string (its TypeConverter); throws when it cannot. */
export interface ParamType {
  /** The .NET type name as `Type.ToString()` prints it (for the 400 message). */
  clr: string;
  /** `TypeConverter.ConvertFromString`; throw to fail. */
  convert(value: string): unknown;
  /** The value when nothing binds: `default(T)` (AB:130, and the null Invoke turns into default). */
  fallback: unknown;
  /** A collection of `element` (Binder.IsCollection). */
  element?: ParamType;
  /** A class bound property by property (Binder.BindObject); `convert` is then unused. */
  properties?: Record<string, ParamType>;
  /** A non-System class (AB:141-148): bound from names even when absent. */
  bindable?: boolean;
}

const fail = (): never => {
  throw new Error("no conversion");
};
const GUID_N = /^[0-9a-f]{32}$/i;
const GUID_D = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `new Guid(s.Trim())` (GuidConverter): the N, D, B and P forms; lower-cased D form out. */
export function parseGuid(text: string): string | undefined {
  let s = text.trim();
  if (/^\{.*\}$|^\(.*\)$/.test(s)) s = s.slice(1, -1);
  if (GUID_N.test(s)) s = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  return GUID_D.test(s) ? s.toLowerCase() : undefined;
}

/** `bool.Parse` after Trim (BooleanConverter): `true`/`false`, any case. */
function parseBool(text: string): boolean {
  const s = text.trim().toLowerCase();
  if (s === "true") return true;
  if (s === "false") return false;
  return fail();
}

export const types = {
  string: { clr: "System.String", convert: (v: string) => v, fallback: null } as ParamType,
  bool: { clr: "System.Boolean", convert: parseBool, fallback: false } as ParamType,
  /** NullableConverter: an empty string is null, else the underlying conversion. */
  nullableBool: {
    clr: "System.Nullable`1[System.Boolean]",
    convert: (v: string) => (v === "" ? null : parseBool(v)),
    fallback: null,
  } as ParamType,
  guid: {
    clr: "System.Guid",
    convert: (v: string) => parseGuid(v) ?? fail(),
    fallback: "00000000-0000-0000-0000-000000000000",
  } as ParamType,
  nullableGuid: {
    clr: "System.Nullable`1[System.Guid]",
    convert: (v: string) => (v === "" ? null : (parseGuid(v) ?? fail())),
    fallback: null,
  } as ParamType,
  /** `int` (Int32Converter): invariant digits with an optional sign. */
  int: {
    clr: "System.Int32",
    convert: (v: string) => (/^\s*[+-]?\d+\s*$/.test(v) && Math.abs(Number(v)) < 2 ** 31 ? Number(v) : fail()),
    fallback: 0,
  } as ParamType,
};

/** A collection (`Guid[]`, `IEnumerable<T>`) of `element`. */
export const collectionOf = (element: ParamType, clr: string): ParamType => ({
  clr,
  convert: fail,
  fallback: [],
  element,
});

/** A [Flags] enum (EnumConverter: names any case, numbers, comma lists; Enum.Parse). */
export function enumType(clr: string, values: Record<string, number>): ParamType {
  const byName = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  const one = (s: string): number => {
    const t = s.trim();
    if (/^[+-]?\d+$/.test(t)) return Number(t);
    return byName.get(t.toLowerCase()) ?? fail();
  };
  return { clr, convert: (v: string) => v.split(",").reduce((acc, s) => acc | one(s), 0), fallback: 0 };
}

/** The name variants the binder tries (B:182-191): as declared, camelCase, lower case. */
const nameTransforms = (name: string): string[] => [
  name,
  name.charAt(0).toLowerCase() + name.slice(1),
  name.toLowerCase(),
];

/** `GetValue` (B:194-210). */
function getValue(names: string[], values: NameValues, prefix: string): string | undefined {
  if (prefix === "") return names.map((n) => values.get(n)).find((v) => v !== undefined && v !== "");
  const keys = values.keys().filter((key) => {
    if (!key.startsWith(prefix)) return false; // String.StartsWith: case-sensitive
    const rest = key.slice(prefix.length).replace(/^[[.\]]+|[[.\]]+$/g, "");
    return names.includes(rest);
  });
  // SingleOrDefault: two matching keys throw InvalidOperationException, outside any handler → 500.
  if (keys.length > 1) throw new BindError(500, "Sequence contains more than one element", -2146233079);
  return keys[0] === undefined ? undefined : values.get(keys[0]);
}

const mismatch = (value: string, type: ParamType): BindError =>
  new BindError(400, `Failed to convert parameter '${value}' to type '${type.clr}'`, HRESULT.format);

/** `ConvertUtils.GetConverted` (CU:56-66). */
function converted(value: string, type: ParamType): unknown {
  try {
    return type.convert(value);
  } catch {
    throw mismatch(value, type);
  }
}

/** `Binder.Bind` (B:85-107): null when a class bound nothing; never null for a collection. */
function bind(type: ParamType, values: NameValues, prefix: string): unknown {
  const simple = !type.element && !type.properties;
  if (simple) {
    const value = getValue(nameTransforms(prefix), values, "");
    if (value !== undefined) return converted(value, type);
    return undefined; // CreateParamType + BindObject of a simple type: no properties bind → null
  }
  if (type.element) return bindCollection(prefix, type.element, values);
  return bindObject(type, values, prefix);
}

/** `BindObject` (B:131-170): the object when at least one property bound, else null. */
function bindObject(type: ParamType, values: NameValues, prefix: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let bound = false;
  for (const [name, propType] of Object.entries(type.properties ?? {})) {
    const value = getValue(nameTransforms(name), values, prefix);
    if (value !== undefined) {
      out[name] = converted(value, propType);
      bound = true;
    }
  }
  return bound ? out : undefined;
}

/** `BindCollection` (B:214-272) with the key grouping of `GetParseRegex` (B:274-285). */
function bindCollection(prefix: string, element: ParamType, values: NameValues): unknown[] {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const parse = new RegExp(`^${escaped}(?<arrleft>\\[)?(?<pos>\\d+)?(?<arrright>\\])?(?<suffix>.+)?`, "is");
  const groups: string[] = [];
  for (const key of values.keys()) {
    const m = parse.exec(key);
    const pos = m?.groups?.pos ?? "";
    const group = pos !== "" ? pos : m?.groups?.arrleft ? "" : "simple";
    if (!groups.includes(group)) groups.push(group);
  }
  const list: unknown[] = [];
  for (const group of groups) {
    const indexed = /^\d+$/.test(group) && Number(group) < 2 ** 31;
    const index = indexed ? Number(group) : 0;
    const newPrefix = group === "simple" ? prefix : `${prefix}[${indexed ? index : ""}]`;
    if (!element.properties) {
      for (const v of values.getValues(newPrefix) ?? []) list.push(converted(v, element));
    } else {
      const constructed = bindObject(element, values, newPrefix);
      if (constructed !== undefined) {
        // List.Insert past the end: ArgumentOutOfRangeException, outside any handler → 500.
        if (index > list.length)
          throw new BindError(500, "Index must be within the bounds of the List.", HRESULT.argument);
        list.splice(index, 0, constructed);
      }
    }
  }
  return list;
}

/** One declared parameter of an API method. */
export interface Param {
  name: string;
  type: ParamType;
}

/** `BuildCallingArguments` (AB:42-139): the arguments by parameter name; throws BindError. */
export function bindArguments(params: readonly Param[], values: NameValues): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const { name, type } of params) {
    let arg: unknown;
    const present = values.getValues(name);
    if (present !== undefined && present.length > 0) {
      if (type.element) arg = bind(type, values, name);
      else {
        try {
          arg = type.convert(present[0] as string); // NOTE: the first value (AB:66)
        } catch {
          arg = bind(type, values, name); // AB:68-72
        }
      }
    } else if (type.element || type.bindable) {
      arg = bind(type, values, name); // AB:114-128 (a class that bound nothing: null)
    }
    // Null for a value type becomes its default when the method is invoked (AB:130).
    args[name] = arg === undefined || arg === null ? type.fallback : arg;
  }
  return args;
}

/**
 * `ASC.Specific.ApiDateTime` (a class with a TypeConverter, ApiDateTime.cs:291-312): the formats of
 * ApiDateTime.Parse (ApiDateTime.cs:35-44, :80-109), `:` or `-` between the time's parts, a
 * fraction of exactly 7 or 3 digits or none, then `Z`, an offset or nothing (the portal's zone);
 * or a bare date. Shorter than 7 characters or anything else: ArgumentException → the binder's 400.
 * The value is the UTC instant in ms.
 */
export function apiDateTimeType(portalOffsetMin: number): ParamType {
  const FORMAT =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})([:-])(\d{2})\5(\d{2})(?:\.(\d{7}|\d{3}))?(Z|[+-]\d{2}:\d{2})?)?$/i;
  return {
    clr: "ASC.Specific.ApiDateTime",
    bindable: true,
    fallback: null,
    convert(text: string): number {
      const m = FORMAT.exec(text);
      if (text.length < 7 || !m) return fail();
      const [, y, mo, d, h = "0", , mi = "0", s = "0", frac = "", zone] = m;
      const wall = Date.UTC(
        +(y as string),
        +(mo as string) - 1,
        +(d as string),
        +h,
        +mi,
        +s,
        Number(`0.${frac || "0"}`) * 1000,
      );
      const check = new Date(wall);
      if (
        check.getUTCDate() !== +(d as string) ||
        check.getUTCMonth() !== +(mo as string) - 1 ||
        +h > 23 ||
        +mi > 59 ||
        +s > 59
      ) {
        return fail();
      }
      if (!zone) return wall - portalOffsetMin * 60_000;
      if (zone.toUpperCase() === "Z") return wall;
      const [zh, zm] = zone.slice(1).split(":").map(Number) as [number, number];
      return wall - (zone.startsWith("-") ? -1 : 1) * (zh * 60 + zm) * 60_000;
    },
  };
}
