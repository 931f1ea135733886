const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A deep copy of plain data from user input, without `__proto__`/`constructor`/`prototype` keys,
 * so that no caller-supplied object can reach an object's prototype through us.
 */
export function safeCopy<T>(value: T): T {
  return copy(value, 0) as T;
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
