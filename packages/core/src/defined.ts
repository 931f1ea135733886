/**
 * The entries of `fields` that hold a value (null and undefined dropped): builds an options object
 * with only the options given (`exactOptionalPropertyTypes` forbids an explicit `undefined`), and a
 * normalized view where a vendor's null means "not set".
 */
export function defined<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], null | undefined> };
}
