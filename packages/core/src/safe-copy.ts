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
 * quoted). Boxed primitives (`new String("x")`) are class instances too: pass the primitive.
 * The list of problems is bounded (see IssueList), so a huge input fails fast.
 */
export function wireCopy<T>(value: T, ctx: { vendor: string; operation: string }): T {
  const issues = new IssueList();
  const out = toWire({ "": value }, "", "", 0, issues, []);
  if (typeof value !== "object" || value === null || Array.isArray(out))
    issues.add("", "must be an object of the fields to change");
  if (issues.count > 0) throw new InvalidInputError(issues.done(), ctx);
  return out as T;
}

/** `path.key` (`key` alone at the top): a dotted issue path. */
export const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** Why JSON would not send `value` as given, or undefined when it would (plain data). */
function problem(value: unknown): string | undefined {
  const type = typeof value;
  if (type === "number")
    return Number.isFinite(value) ? undefined : `must be a finite number (${value} would be sent as null)`;
  if (type === "bigint") return "must be a number, not a BigInt";
  if (type === "function" || type === "symbol") return `must be JSON data, not a ${type} (it would be dropped)`;
  if (type !== "object" || value === null || Array.isArray(value)) return undefined;
  const proto = Object.getPrototypeOf(value);
  // Plain: no prototype, or one whose own prototype is null (Object.prototype, of any realm).
  if (proto !== null && Object.getPrototypeOf(proto) !== null) {
    return value instanceof Date
      ? `must be a string, not a Date (sent as ${JSON.stringify(value)})`
      : `must be plain data, not an instance of ${proto.constructor?.name || "a class"}`;
  }
  return typeof (value as { toJSON?: unknown }).toJSON === "function"
    ? "must be plain data, not a toJSON object"
    : undefined;
}

/**
 * `from[key]` as it goes on the wire (undefined: left out), its problems added at `path`. Reading
 * it happens here, inside the try, so a throwing getter or Proxy trap is this path's issue.
 */
function toWire(
  from: object,
  key: string | number,
  path: string,
  depth: number,
  issues: IssueList,
  parents: object[],
): unknown {
  let pushed = false;
  try {
    const value = (from as Record<string | number, unknown>)[key];
    if (value === undefined) {
      if (Array.isArray(from)) issues.add(path, "must not be undefined inside a list (it would be sent as null)");
      return undefined;
    }
    const refused = problem(value);
    if (refused) {
      issues.add(path, refused);
      return undefined;
    }
    if (typeof value !== "object" || value === null) return value === 0 ? 0 : value; // -0 goes as 0
    if (depth > MAX_DEPTH || parents.includes(value)) {
      issues.add(path, "must be JSON data (it nests too deeply or refers to itself)");
      return undefined;
    }
    parents.push(value);
    pushed = true;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) out[i] = toWire(value, i, at(path, i), depth + 1, issues, parents);
      return out;
    }
    const record: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const wire = FORBIDDEN.has(k) ? undefined : toWire(value, k, at(path, k), depth + 1, issues, parents);
      if (wire !== undefined) record[k] = wire;
    }
    return record;
  } catch (error) {
    // A throwing getter, a Proxy whose trap throws, a revoked Proxy: reported, never thrown on.
    let why = "it threw";
    try {
      why = String((error as Error)?.message ?? error).slice(0, 200);
    } catch {}
    issues.add(path, `cannot be read: ${why}`);
    return undefined;
  } finally {
    if (pushed) parents.pop();
  }
}
