import type { Client } from "openapi-fetch";
import { type OperationContext, send } from "./call.js";
import { verifies } from "./client.js";
import { deepEqual } from "./equal.js";
import { ConflictError } from "./errors.js";
import { type PlannedRequest, sendPlanned } from "./plan.js";
import { unappliedFields, type VerifyRules } from "./verify.js";

type Rec = Record<string, unknown>;

/** How a whole-record write is kept from replaying a stale record. */
export interface WholeRecordGuard<R extends Rec> {
  /** What the write was built from (the record read, or the part of it the write sends back). */
  base: R;
  /** Reads it again, in the same form as `base`. */
  reread(): Promise<R>;
  /** A pause between the re-read and the retried write, for a vendor's minimum request spacing. */
  spacingMs?: number;
  /** How a value read back is compared with one written (to see that a first attempt took). */
  rules?: VerifyRules<R>;
  /**
   * Reads the write's answer (e.g. throws for an in-body failure); called once it succeeded. When
   * it returns the stored record (the answer holds it), no re-read follows.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing is fine here.
  answer?(data: unknown, response: Response): R | undefined | void;
}

/**
 * Sends a write that replaces a whole record (or fields sent back as read) and NEVER replays it
 * blind: before any retry the transport would make (network error, 5xx, throttle), it re-reads.
 * Unchanged from `base`: the same write again (rebuilt from the same record, it is the same body).
 * Holding every field the write sent: the first attempt took; no retry, `{ applied }` is returned.
 * Anything else: ConflictError (someone else wrote in between), nothing more is sent.
 * Without an ETag a write landing between the re-read and the retried write is still lost.
 * Returns the record as stored, for verification: the re-read that found the write applied, or
 * else a re-read after the write; undefined when the client was made with `verify: false`.
 */
export async function sendWholeRecord<R extends Rec>(
  client: Client<never>,
  ctx: OperationContext,
  write: PlannedRequest,
  guard: WholeRecordGuard<R>,
): Promise<R | undefined> {
  let now: R | undefined;
  const taken = new Error("applied");
  const beforeRetry = async () => {
    now = await guard.reread();
    // Only the fields the write was built from count (the whole record for a full replace).
    const moved = Object.keys(guard.base).filter((k) => !deepEqual(guard.base[k], now?.[k]));
    if (moved.length === 0) return guard.spacingMs && new Promise((r) => setTimeout(r, guard.spacingMs));
    if (unappliedFields(write.body as Rec, now, guard.rules).length === 0) throw taken;
    const vendor = ctx.errors.vendor;
    throw new ConflictError(
      `${vendor} ${ctx.operation}: the record changed since it was read; the write was not retried (its first attempt may have been applied)`,
      {
        vendor,
        operation: ctx.operation,
        status: 409,
        issues: moved.map((path) => ({ path, message: "changed by someone else" })),
      },
    );
  };
  try {
    const { data, response } = await send(ctx, () => sendPlanned(client, write, { beforeRetry }));
    const stored = guard.answer?.(data, response);
    if (stored) return stored;
  } catch (error) {
    if ((error as { cause?: unknown }).cause === taken && now) return now;
    throw error;
  }
  return verifies(client) ? guard.reread() : undefined;
}
