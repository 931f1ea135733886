import { InvalidInputError } from "./errors.js";

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A deep copy of plain data from user input, without `__proto__`/`constructor`/`prototype` keys,
 * so that no caller-supplied object can reach an object's prototype through us.
 */
export function safeCopy<T>(value: T): T {
  return copy(value, 0) as T;
}

/**
 * The input as it will go on the wire: a safe copy (see `safeCopy`) without `undefined` members,
 * or InvalidInputError when it is not JSON data (a cycle, deep nesting, a BigInt, a function...).
 */
export function wireCopy<T>(value: T, ctx: { vendor: string; operation: string }): T {
  try {
    const text = JSON.stringify(copy(value, 0));
    return (text === undefined ? undefined : JSON.parse(text)) as T;
  } catch (error) {
    throw new InvalidInputError([{ path: "", message: `must be JSON data (${(error as Error).message})` }], ctx);
  }
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > 64) throw new RangeError("input nests too deeply");
  if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.has(key)) continue;
    out[key] = copy((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}
