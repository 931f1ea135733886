import { InvalidInputError, IssueList } from "./errors.js";
import { FORBIDDEN } from "./redact.js";

const MAX_DEPTH = 64;

/**
 * A deep copy of plain data from user input, without `__proto__`/`constructor`/`prototype` keys,
 * so that no caller-supplied object can reach an object's prototype through us.
 */
export function safeCopy<T>(value: T): T {
  return copy(value, 0) as T;
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH) throw new RangeError("input nests too deeply");
  if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.has(key)) continue;
    out[key] = copy((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

/**
 * The input as it will go on the wire: a safe copy (see `safeCopy`) without `undefined` members.
 * Only plain data is taken: the input must be an object (not null, not a list), and every value
 * in it a string, a finite number, a boolean, null, a list or a plain object (an object literal,
 * `JSON.parse` output, `Object.create(null)`). Refused with an InvalidInputError naming each path:
 * what JSON would silently change or drop (NaN and ±Infinity, sent as `null`, which clears a field;
 * functions, symbols, `undefined` inside a list, BigInts), cycles and deep nesting, anything JSON
 * would send as something else than the value given (a Date as its ISO text, a Map as `{}`, a
 * class instance or an object with `toJSON`: pass the string or plain object you mean), and
 * whatever cannot be read (a throwing getter, a Proxy whose trap throws: the error's message is
 * quoted). Boxed primitives (`new String("x")`) are the primitive they box, which JSON sends as is.
 * The list of problems is bounded (see IssueList), so a huge input fails fast.
 */
export function wireCopy<T>(value: T, ctx: { vendor: string; operation: string }): T {
  const issues = new IssueList();
  const out = toWire(value, "", 0, issues, []);
  if (typeof value !== "object" || value === null || Array.isArray(out))
    issues.add("", "must be an object of the fields to change");
  if (issues.count > 0) throw new InvalidInputError(issues.done(), ctx);
  return out as T;
}

const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function refuse(value: unknown): string | undefined {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? undefined : `must be JSON data: a finite number (${value} would be sent as null)`;
    case "bigint":
      return "must be JSON data: a number, not a BigInt";
    case "function":
      return "must be JSON data, not a function (it would be dropped)";
    case "symbol":
      return "must be JSON data, not a symbol (it would be dropped)";
    default:
      return undefined;
  }
}

/** Why an object that is neither a list nor plain is refused (its JSON form is not the value given). */
function notPlain(value: object): string {
  if (value instanceof Date) {
    return `must be plain data, not a Date (it would be sent as ${JSON.stringify(value)}): pass the string the field takes`;
  }
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } }).constructor?.name;
  return `must be plain data, not an instance of ${typeof name === "string" && name ? name : "a class"} (JSON would not send it as given)`;
}

/** What a getter or a Proxy trap threw, as an issue's words. */
function unreadable(error: unknown): string {
  let why = "it threw";
  try {
    why = String(error instanceof Error ? error.message : error).slice(0, 200);
  } catch {}
  return `could not be read: ${why}`;
}

const UNREADABLE = Symbol();

/** `from[key]`, or UNREADABLE with an issue at `path` when the getter or Proxy trap throws. */
function read(from: object, key: string | number, path: string, issues: IssueList): unknown {
  try {
    return (from as Record<string | number, unknown>)[key];
  } catch (error) {
    issues.add(path, unreadable(error));
    return UNREADABLE;
  }
}

function toWire(input: unknown, path: string, depth: number, issues: IssueList, parents: object[]): unknown {
  let pushed = false;
  try {
    let value = input;
    // A boxed primitive is the primitive it boxes, which JSON sends as is.
    if (value instanceof String || value instanceof Number || value instanceof Boolean) value = value.valueOf();
    const problem = refuse(value);
    if (problem) {
      issues.add(path, problem);
      return undefined;
    }
    if (typeof value !== "object" || value === null) return value === 0 ? 0 : value; // -0 goes as 0
    const list = Array.isArray(value);
    const proto = list ? null : Object.getPrototypeOf(value);
    // Plain: no prototype, or one whose own prototype is null (Object.prototype, of any realm).
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      issues.add(path, notPlain(value));
      return undefined;
    }
    if (!list && typeof (value as { toJSON?: unknown }).toJSON === "function") {
      issues.add(path, "must be plain data, not an object with a toJSON method (JSON would send what it returns)");
      return undefined;
    }
    if (depth > MAX_DEPTH || parents.includes(value)) {
      issues.add(path, "must be JSON data (it nests too deeply or refers to itself)");
      return undefined;
    }
    parents.push(value);
    pushed = true;
    if (list) {
      const items = value as unknown[];
      const out: unknown[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) {
        const item = read(items, i, at(path, i), issues);
        if (item === undefined)
          issues.add(at(path, i), "must not be undefined inside a list (it would be sent as null)");
        else if (item !== UNREADABLE) out[i] = toWire(item, at(path, i), depth + 1, issues, parents);
      }
      return out;
    }
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (FORBIDDEN.has(key)) continue;
      const member = read(value, key, at(path, key), issues);
      if (member !== undefined && member !== UNREADABLE) {
        const wire = toWire(member, at(path, key), depth + 1, issues, parents);
        if (wire !== undefined) record[key] = wire;
      }
    }
    return record;
  } catch (error) {
    // The value's own traps (getPrototypeOf, ownKeys, a revoked Proxy): reported, never thrown on.
    issues.add(path, unreadable(error));
    return undefined;
  } finally {
    if (pushed) parents.pop();
  }
}
