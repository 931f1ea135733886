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
 * The input as it will go on the wire: a safe copy (see `safeCopy`) without `undefined` members,
 * as JSON would send it (`toJSON` applied). What JSON would silently change is refused with an
 * InvalidInputError naming each path: NaN and ±Infinity (sent as `null`, which clears a field),
 * functions and symbols (dropped), `undefined` inside a list (sent as `null`), BigInts, cycles
 * and deep nesting. The list of problems is bounded (see IssueList), so a huge input fails fast.
 */
export function wireCopy<T>(value: T, ctx: { vendor: string; operation: string }): T {
  const issues = new IssueList();
  const out = toWire(value, "", 0, issues, []);
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

function toWire(input: unknown, path: string, depth: number, issues: IssueList, parents: object[]): unknown {
  let value = input;
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON(key: string): unknown }).toJSON(path.slice(path.lastIndexOf(".") + 1));
  }
  const problem = refuse(value);
  if (problem) {
    issues.add(path, problem);
    return undefined;
  }
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH || parents.includes(value)) {
    issues.add(path, "must be JSON data (it nests too deeply or refers to itself)");
    return undefined;
  }
  parents.push(value);
  let out: unknown;
  if (Array.isArray(value)) {
    const list: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === undefined) issues.add(at(path, i), "must not be undefined inside a list (it would be sent as null)");
      else list[i] = toWire(item, at(path, i), depth + 1, issues, parents);
    }
    out = list;
  } else {
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (FORBIDDEN.has(key)) continue;
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) {
        const wire = toWire(member, at(path, key), depth + 1, issues, parents);
        if (wire !== undefined) record[key] = wire;
      }
    }
    out = record;
  }
  parents.pop();
  return out;
}
