import type { OperationContext } from "./call.js";
import { verifies } from "./client.js";
import { deepEqual } from "./equal.js";
import { UnappliedChangesError, type UnappliedField } from "./errors.js";

/** How one vendor reads back what it stored: the vendor's own normalisation, passed in. */
export interface VerifyRules<U> {
  /** The stored value of a requested field (default: `user[field]`), e.g. a nested `{id}` for `*_id`. */
  stored?(field: string, user: U): unknown;
  /**
   * Brings a requested or stored value to one form (entities, case of ids, date forms). `user` is
   * the record compared with, for a form that depends on it (e.g. a date's time zone).
   */
  normalise?(field: string, value: unknown, user: U): unknown;
  /** Write-only fields (passwords…): not compared, listed on the error as `skipped`. */
  skip?: readonly string[];
}

/** The requested fields whose stored value differs from the requested one after normalisation. */
export function unappliedFields<U>(
  requested: Record<string, unknown>,
  user: U,
  rules: VerifyRules<U> = {},
): UnappliedField[] {
  const norm = (field: string, v: unknown) => (rules.normalise ? rules.normalise(field, v, user) : v);
  const out: UnappliedField[] = [];
  for (const [field, value] of Object.entries(requested)) {
    if (rules.skip?.includes(field)) continue;
    const stored = rules.stored ? rules.stored(field, user) : (user as Record<string, unknown> | null)?.[field];
    if (!deepEqual(norm(field, value ?? null), norm(field, stored ?? null))) {
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
