import type { OperationContext } from "./call.js";
import { verifies } from "./client.js";
import { deepEqual } from "./equal.js";
import { UnappliedChangesError, type UnappliedField } from "./errors.js";

/** How one vendor reads back what it stored: the vendor's own normalisation, passed in. */
export interface VerifyRules<U> {
  /** A requested field's name in the stored record where it differs (the write's and the read's names). */
  names?: Readonly<Record<string, string>>;
  /** The stored value of a requested field (default: `user[names[field] ?? field]`), e.g. a nested `{id}` for `*_id`. */
  stored?(field: string, user: U): unknown;
  /** Fields compared ignoring case (ids, emails). */
  caseless?: readonly string[];
  /** Date fields, compared as instants while the stored value is set (see {@link instant}). */
  dates?: readonly string[];
  /** Brings a requested or stored value to one form (entities, case of ids, date forms), after the rules above. */
  normalise?(field: string, value: unknown): unknown;
  /** Write-only fields (passwords…): not compared, listed on the error as `skipped`. */
  skip?: readonly string[];
}

const ZONE = /(?:Z|[+-]\d\d:\d\d)$/i;
/**
 * An ISO date or date-time (to the second) as an instant in ms, to compare a date sent with one
 * stored: a value without a zone is read in the zone of `zoned` (a stored value a vendor answers
 * as local time with its offset), or UTC.
 */
export const instant = (value: string, zoned = ""): number =>
  Date.parse(`${value}T00:00:00`.slice(0, 19) + (ZONE.exec(value) ?? ZONE.exec(zoned) ?? ["Z"])[0]);

/** The requested fields whose stored value differs from the requested one after normalisation. */
export function unappliedFields<U>(
  requested: Record<string, unknown>,
  user: U,
  rules: VerifyRules<U> = {},
): UnappliedField[] {
  const norm = (field: string, v: unknown, zoned: string) => {
    // "", [] and null are all "none": answers often leave empty values out.
    if (v === "" || (Array.isArray(v) && v.length === 0)) v = null;
    if (typeof v === "string" && rules.caseless?.includes(field)) v = v.toLowerCase();
    if (typeof v === "string" && zoned && rules.dates?.includes(field)) v = instant(v, zoned);
    return rules.normalise ? rules.normalise(field, v) : v;
  };
  const out: UnappliedField[] = [];
  for (const [field, value] of Object.entries(requested)) {
    if (rules.skip?.includes(field)) continue;
    const stored = rules.stored
      ? rules.stored(field, user)
      : (user as Record<string, unknown> | null)?.[rules.names?.[field] ?? field];
    const zoned = typeof stored === "string" ? stored : "";
    if (!deepEqual(norm(field, value ?? null, zoned), norm(field, stored ?? null, zoned))) {
      out.push({ field, requested: value, stored });
    }
  }
  return out;
}

/** Lists compared as sets (order and repeats ignored); other values as they are. */
export const asSet = (_field: string, value: unknown): unknown =>
  Array.isArray(value) ? [...new Set(value)].sort() : value;

/**
 * Compares what a write asked for with the user as the vendor stored it, field by field, and throws
 * UnappliedChangesError naming every field that did not take. Returns `user` when all did, or at
 * once when the client was made with `verify: false`.
 */
export function verifyApplied<U>(
  client: object,
  ctx: OperationContext,
  requested: Record<string, unknown>,
  user: U,
  rules: VerifyRules<U> = {},
): U {
  const fields = verifies(client) ? unappliedFields(requested, user, rules) : [];
  if (fields.length === 0) return user;
  const skipped = Object.keys(requested).filter((f) => rules.skip?.includes(f));
  throw new UnappliedChangesError(fields, user, { vendor: ctx.errors.vendor, operation: ctx.operation, skipped });
}
