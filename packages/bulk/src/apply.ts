import { setMaxListeners } from "node:events";
import {
  AmbiguousMatchError,
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  oneLine,
  PermissionDeniedError,
  RateLimitError,
  type RenderedRequest,
  UnappliedChangesError,
  UnsupportedFieldError,
  UserbridgeError,
  wireCopy,
} from "@userbridge/core/internal";
import type { UpdatePreview, VendorName } from "@userbridge/unified";
import { Gate, type GateEvent, type RowContext, rowContext } from "./gate.js";
import { documentedLimits } from "./limits.js";
import { alreadyHolds, type ChangeRow, rowIssues, unsupported } from "./rows.js";

/**
 * The outcome of one row at one vendor: `applied` (written), `planned` (dry run: would be
 * written), `unchanged` (the user already held every change), `unapplied` (answered but not
 * stored), `not-found`, `ambiguous` (several users match the email), `invalid` (a bad row or an
 * unsupported field), `failed` (any other error), `skipped` (the vendor was stopped before this
 * row: a refused credential or `maxErrors`; nothing sent for it).
 */
export type RowStatus =
  | "applied"
  | "planned"
  | "unchanged"
  | "unapplied"
  | "not-found"
  | "ambiguous"
  | "invalid"
  | "failed"
  | "skipped";

/** What {@link applyChanges} yields for one row at one vendor. */
export interface RowResult {
  /** 0-based index of the row in the input. */
  row: number;
  vendor: VendorName;
  id?: string;
  email?: string;
  status: RowStatus;
  /** HTTP requests this row took at this vendor (retries included). */
  requests: number;
  /** For every status but applied/planned/unchanged. */
  error?: UserbridgeError;
  /** Dry run: the writes that would be sent (headers redacted). */
  planned?: RenderedRequest[];
}

/**
 * A vendor stopped during a run: it refused the credential (HTTP 401, or 403 to a read or to the
 * writes of {@link FORBIDDEN_WRITES} rows in a row), or reached `maxErrors`. Its remaining rows
 * are `skipped` with this error; `cause` is the answer that stopped it.
 */
export class VendorStoppedError extends UserbridgeError {
  readonly reason: "credential" | "max-errors";
  constructor(message: string, reason: "credential" | "max-errors", cause: UserbridgeError) {
    super(message, {
      vendor: cause.vendor,
      operation: "applyChanges",
      ...(cause.status !== undefined ? { status: cause.status } : {}),
      cause,
    });
    this.reason = reason;
  }
}
Object.defineProperty(VendorStoppedError.prototype, "name", {
  value: "VendorStoppedError",
  writable: true,
  configurable: true,
});

/** What `onEvent` receives: a gate event, a row's result, or a vendor stopped (its remaining rows are `skipped`). */
export type BulkEvent =
  | GateEvent
  | { type: "result"; vendor: VendorName; result: RowResult }
  | { type: "stopped"; vendor: VendorName; error: VendorStoppedError };

/** Options of {@link applyChanges}. */
export interface ApplyOptions {
  /** Reads (find, get, the plan's reads) are sent; writes are only planned (status `planned`). */
  dryRun?: boolean;
  /** Requests per minute, per vendor; default {@link documentedLimits}. */
  rates?: Partial<Record<VendorName, number>>;
  /** Rows in flight per vendor (default 8). */
  concurrency?: number | Partial<Record<VendorName, number>>;
  /** Resume: rows/vendors already done are left out (no result). */
  skip?: (row: number, vendor: VendorName) => boolean;
  /**
   * Stops the run gently: no row is read or started any more (rows not started get no result);
   * the rows in flight finish and are reported, then the run ends.
   */
  signal?: AbortSignal;
  /**
   * Stops the run at once: the requests in flight are aborted (gated connections: see `gated`) and
   * the run ends without waiting for them; rows in flight get no result.
   */
  abort?: AbortSignal;
  /**
   * Error budget per vendor: after this many `failed` or `unapplied` rows the vendor is stopped and
   * its remaining rows are `skipped` (default: no limit). A refused credential stops it at once.
   */
  maxErrors?: number | Partial<Record<VendorName, number>>;
  /** Called for every throttle answer, rate change, row result and stopped vendor, as they happen. */
  onEvent?: (event: BulkEvent) => void;
  /** Rows read ahead per vendor and results held for a slow reader (default 1000): what bounds memory. */
  buffer?: number;
  /** Passed to every delete (ONLYOFFICE: `{ deactivateFirst: true }` terminates an active user first). */
  deleteOptions?: { deactivateFirst?: boolean };
}

/** The calls a bulk run needs from a connection (`connect(adapter)` / `connectVendor` return one). */
export interface BulkConnection {
  readonly vendor: string;
  readonly capabilities: readonly string[];
  /** Reads the user with this id (for rows that give `id`). */
  get(id: string): Promise<{ id: string }>;
  /** Finds the one user with this email (for rows that give `email`). */
  find(query: { email: string }): Promise<{ id: string }>;
  /** Writes the row's changes to the user. */
  update(id: string, changes: never): Promise<unknown>;
  /** Plans the writes `update` would send, without sending them (dry run). */
  plan(id: string, changes: never): Promise<UpdatePreview>;
  /** Rows with `action: "create"` (a lifecycle connection: `connectForBulk(…, { lifecycle: true })`). */
  create?(input: never): Promise<{ id: string }>;
  /** Plans the create (dry run of a create row): nothing sent. */
  planCreate?(input: never): Promise<UpdatePreview>;
  /** Rows with `action: "delete"`, where the vendor can delete. */
  delete?(id: string, options?: { deactivateFirst?: boolean }): Promise<void>;
  /** Plans the delete (dry run of a delete row), with the run's `deleteOptions`: nothing written. */
  planDelete?(id: string, options?: { deactivateFirst?: boolean }): Promise<UpdatePreview>;
}

/** Connections whose vendor client sends through a gate (see `connectForBulk`): requests are gated one by one. */
export const gatedConnections = new WeakMap<object, Gate>();

const MAX_THROTTLE_RETRIES = 3;

/** 403 answers to writes, at that many rows in a row with no write stored between them, mean the credential. */
export const FORBIDDEN_WRITES = 3;

/** A queue between the row reader and one vendor's workers, holding at most `size` rows. */
class Lane<T> {
  private readonly items: T[] = [];
  private readonly takers: ((item: T | undefined) => void)[] = [];
  private readonly room: (() => void)[] = [];
  private closed = false;
  constructor(private readonly size: number) {}

  /** Queues an item (waiting for room); dropped once the lane is closed. */
  async put(item: T): Promise<void> {
    while (this.items.length >= this.size && !this.closed) await new Promise<void>((r) => this.room.push(r));
    if (this.closed) return;
    const taker = this.takers.shift();
    if (taker) taker(item);
    else this.items.push(item);
  }

  take(): Promise<T | undefined> {
    if (this.items.length > 0) {
      const item = this.items.shift() as T;
      this.room.shift()?.();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((r) => this.takers.push(r));
  }

  /** No more items: takers get `undefined` once the queue is empty; `drop` empties it at once. */
  close(drop = false): void {
    this.closed = true;
    if (drop) this.items.length = 0;
    for (const taker of this.takers.splice(0)) taker(undefined);
    for (const r of this.room.splice(0)) r();
  }
}

/**
 * Which rows name the same user: the same `id`, or the same `email` (case-insensitively). Rows
 * with the same key at one vendor run one after the other, in input order.
 */
const userKey = (row: ChangeRow): string =>
  typeof row?.id === "string" ? `id\u0000${row.id}` : `email\u0000${String(row?.email).toLowerCase()}`;

/** The status a typed error stands for (matched by class, which also matches by `name` across copies of core). */
export function statusOf(error: UserbridgeError): RowStatus {
  if (error instanceof InvalidInputError || error instanceof UnsupportedFieldError) return "invalid";
  if (error instanceof NotFoundError) return "not-found";
  if (error instanceof AmbiguousMatchError) return "ambiguous";
  if (error instanceof UnappliedChangesError) return "unapplied";
  return "failed";
}

function asUserbridgeError(error: unknown, vendor: string): UserbridgeError {
  if (error instanceof UserbridgeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UserbridgeError(`${vendor}: ${message}`, { vendor, operation: "bulk", cause: error });
}

/**
 * Applies a stream of row changes to every vendor they name, each vendor at its own documented
 * rate, vendors in parallel, and yields one result per row and vendor as it completes (not in
 * input order: `row` says which). Rows are pulled only as fast as the vendors take them, so memory
 * stays flat whatever the input's length. A bad row is reported `invalid` and the run goes on.
 *
 * Per row and vendor: the user is read first (`find` by email, or `get` by id); if it already
 * holds every change the row is `unchanged` and nothing is written; otherwise `update` (or, in a
 * dry run, `plan`). Writes that the vendor answered but did not store are `unapplied`.
 */
export async function* applyChanges(
  rows: Iterable<ChangeRow> | AsyncIterable<ChangeRow>,
  connections: Partial<Record<VendorName, BulkConnection>>,
  options: ApplyOptions = {},
): AsyncGenerator<RowResult, void, undefined> {
  const buffer = options.buffer ?? 1000;
  const configured = (Object.keys(connections) as VendorName[]).filter((v) => connections[v]);
  const results: RowResult[] = [];
  const resultRoom: (() => void)[] = [];
  let wake: (() => void) | undefined;
  /** The `abort` signal fired: results of rows in flight are dropped, the run ends at once. */
  let dropped = false;
  const emit = (result: RowResult) => {
    if (dropped) return;
    results.push(result);
    options.onEvent?.({ type: "result", vendor: result.vendor, result });
    wake?.();
  };
  const gentle = () => !!options.signal?.aborted || !!options.abort?.aborted;
  // The rows' own abort signal (one listener on the caller's): every request in flight listens to it.
  const cancel = new AbortController();
  setMaxListeners(0, cancel.signal);

  /** Called when the run stops (`signal` or `abort`): releases the workers waiting for room. */
  const onClose: (() => void)[] = [];
  type Job = [number, ChangeRow];
  const lanes = new Map<VendorName, { lane: Lane<Job>; workers: Promise<void>[] }>();
  for (const vendor of configured) {
    const connection = connections[vendor] as BulkConnection;
    const gated = gatedConnections.get(connection);
    const gate = gated ?? new Gate(vendor, { perMinute: documentedLimits[vendor].perMinute });
    gate.configure(options.rates?.[vendor] ?? documentedLimits[vendor].perMinute, options.onEvent);
    const lane = new Lane<Job>(buffer);
    const n = typeof options.concurrency === "number" ? options.concurrency : (options.concurrency?.[vendor] ?? 8);
    const budget = typeof options.maxErrors === "number" ? options.maxErrors : options.maxErrors?.[vendor];
    const state = { stopped: undefined as VendorStoppedError | undefined, errors: 0, forbiddenWrites: 0 };
    const stop = (error: VendorStoppedError) => {
      if (state.stopped) return;
      state.stopped = error;
      options.onEvent?.({ type: "stopped", vendor, error });
    };
    const halt = (): Error | undefined =>
      options.abort?.aborted ? (options.abort.reason ?? new Error("aborted")) : state.stopped;
    const handle = async ([index, row]: Job) => {
      if (state.stopped) {
        emit({ row: index, vendor, ...who(row), status: "skipped", requests: 0, error: state.stopped });
        return;
      }
      const context: RowContext = { requests: 0, halt, ...(options.abort ? { signal: cancel.signal } : {}) };
      const { result, phase } = await processRow(index, row, vendor, connection, gate, gated !== undefined, context, {
        dryRun: options.dryRun ?? false,
        deleteOptions: options.deleteOptions,
      });
      if (context.halted && state.stopped && result.error) {
        // Refused by the gate before sending: the vendor had been stopped meanwhile.
        emit({ ...result, status: "skipped", error: state.stopped });
        return;
      }
      emit(result);
      // The error budget and the credential check, on what the vendor answered.
      if (result.status === "applied" || result.status === "planned") state.forbiddenWrites = 0;
      const error = result.error;
      if (!error) return;
      const status = error.status !== undefined ? `HTTP ${error.status}` : error.name;
      if (error instanceof PermissionDeniedError && phase === "write") state.forbiddenWrites++;
      if (
        error instanceof AuthenticationError ||
        (error instanceof PermissionDeniedError && (phase === "read" || state.forbiddenWrites >= FORBIDDEN_WRITES))
      ) {
        stop(
          new VendorStoppedError(
            `${vendor} refused the credential (${status}): ${oneLine(error.message)}`,
            "credential",
            error,
          ),
        );
      } else if (result.status === "failed" || result.status === "unapplied") {
        state.errors++;
        if (budget !== undefined && state.errors >= budget) {
          stop(
            new VendorStoppedError(
              `${vendor}: ${state.errors} rows failed (the error budget is ${budget}); the last: ${oneLine(error.message)}`,
              "max-errors",
              error,
            ),
          );
        }
      }
    };
    // Rows for the same user run one after the other, in input order: a row whose user is busy is
    // parked behind it, and the worker that runs the user's row runs the parked ones next.
    const busy = new Map<string, Job[]>();
    let parked = 0;
    const parkRoom: (() => void)[] = [];
    onClose.push(() => {
      for (const r of parkRoom.splice(0)) r();
    });
    const work = async () => {
      for (let job = await lane.take(); job && !gentle(); job = await lane.take()) {
        const key = userKey(job[1]);
        const waiting = busy.get(key);
        if (waiting) {
          waiting.push(job);
          parked++;
          // Parked rows are outside the lane: bound them too, or one user's rows would read the whole input.
          while (parked >= buffer && !gentle()) await new Promise<void>((r) => parkRoom.push(r));
          continue;
        }
        busy.set(key, []);
        for (let next: Job | undefined = job; next && !gentle(); next = busy.get(key)?.shift()) {
          if (next !== job) {
            parked--;
            for (const r of parkRoom.splice(0)) r(); // each waiter checks again whether there is room
          }
          await handle(next);
        }
        busy.delete(key);
      }
    };
    lanes.set(vendor, { lane, workers: Array.from({ length: Math.max(1, n) }, work) });
  }

  let stopped = false;
  let failure: { error: unknown } | undefined;
  const closeLanes = (drop: boolean) => {
    for (const { lane } of lanes.values()) lane.close(drop);
    if (drop) for (const release of onClose) release();
  };
  const onStop = () => closeLanes(true);
  let finished = false;
  const onAbort = () => {
    dropped = true;
    cancel.abort(options.abort?.reason);
    closeLanes(true);
    finished = true;
    wake?.();
  };
  options.signal?.addEventListener("abort", onStop, { once: true });
  options.abort?.addEventListener("abort", onAbort, { once: true });
  const reader = (async () => {
    let index = 0;
    for await (const given of rows) {
      const i = index++;
      if (stopped || gentle()) break;
      const { row, issues } = plainRow(given);
      const named = (row as ChangeRow | null)?.vendor;
      const targets = named === undefined ? configured : [named];
      if (named !== undefined && issues.length === 0 && !connections[named]) {
        issues.push({ path: "vendor", message: `no connection for ${named}` });
      }
      for (const vendor of targets) {
        if (options.skip?.(i, vendor)) continue;
        const connection = connections[vendor];
        const action = issues.length === 0 ? (row.action ?? "update") : "update";
        // A create's fields are checked by the facade's create (its own required and optional fields).
        const missing =
          issues.length === 0 && connection && action === "update"
            ? unsupported(row.changes, connection.capabilities)
            : [];
        if (action !== "update" && connection && !connection[action]) {
          const message = `${vendor} cannot ${action} users (its API documents no such operation); nothing was sent`;
          const error = new InvalidInputError([{ path: "action", message }], { vendor, operation: action });
          emit({ row: i, vendor, ...who(row), status: "invalid", requests: 0, error });
          continue;
        }
        if (issues.length > 0 || missing.length > 0) {
          const context = { vendor, operation: "applyChanges" };
          const error =
            issues.length > 0 ? new InvalidInputError(issues, context) : new UnsupportedFieldError(missing, context);
          emit({ row: i, vendor, ...who(row), status: "invalid", requests: 0, error });
          continue;
        }
        await lanes.get(vendor)?.lane.put([i, row]);
      }
      while (results.length >= buffer && !stopped && !gentle()) await new Promise<void>((r) => resultRoom.push(r));
    }
  })()
    .catch((error: unknown) => {
      failure = { error };
    })
    .finally(() => closeLanes(false));
  const done = Promise.all([reader, ...[...lanes.values()].flatMap((l) => l.workers)]);
  void done.then(() => {
    finished = true;
    wake?.();
  });

  try {
    for (;;) {
      const next = results.shift();
      if (next) {
        resultRoom.shift()?.();
        yield next;
        continue;
      }
      if (finished) break;
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = undefined;
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    for (const r of resultRoom.splice(0)) r();
    options.signal?.removeEventListener("abort", onStop);
    options.abort?.removeEventListener("abort", onAbort);
  }
}

/**
 * The row as plain data, read once (core's wireCopy), and its problems: a throwing getter, a Proxy
 * whose trap throws, a Date or a class instance is an `invalid` row naming the path, not a crash
 * of the whole run.
 */
function plainRow(given: unknown): { row: ChangeRow; issues: ReturnType<typeof rowIssues> } {
  if (typeof given !== "object" || given === null) return { row: given as ChangeRow, issues: rowIssues(given) };
  try {
    const row = wireCopy(given as ChangeRow, { vendor: "bulk", operation: "applyChanges" });
    return { row, issues: rowIssues(row) };
  } catch (error) {
    // Reported at the vendor it names, when that much can be read.
    let vendor: unknown;
    try {
      vendor = (given as ChangeRow).vendor;
    } catch {}
    const row = (typeof vendor === "string" ? { vendor } : {}) as ChangeRow;
    return { row, issues: (error as InvalidInputError).issues };
  }
}

function who(row: ChangeRow): { id?: string; email?: string } {
  return {
    ...(typeof row?.id === "string" ? { id: row.id } : {}),
    ...(typeof row?.email === "string" ? { email: row.email } : {}),
  };
}

async function processRow(
  index: number,
  row: ChangeRow,
  vendor: VendorName,
  connection: BulkConnection,
  gate: Gate,
  gated: boolean,
  context: RowContext,
  options: { dryRun: boolean; deleteOptions?: { deactivateFirst?: boolean } | undefined },
): Promise<{ result: RowResult; phase: "read" | "write" }> {
  const base = { row: index, vendor, ...who(row) };
  let phase: "read" | "write" = "read";
  /** One call to the connection: gated per request when the client sends through the gate, else per call. */
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      if (!gated) await gate.admit();
      try {
        return await run();
      } catch (error) {
        if (!(error instanceof RateLimitError) || attempt >= MAX_THROTTLE_RETRIES) throw error;
        if (!gated) gate.throttled(error.retryAfterMs, error.status);
        else await gate.take(); // the gate saw the answer already and is paused until Retry-After
      }
    }
  };
  const result = await rowContext.run(context, async (): Promise<RowResult> => {
    try {
      const action = row.action ?? "update";
      if (action !== "update") {
        // The user as it is now: by id, or by email (for a create, the new user's email; every
        // vendor's create takes it). Found → a create is `unchanged` (the user exists: created
        // before, or by a run killed before its journal line); gone → a delete is `unchanged`.
        let found: { id: string } | undefined;
        try {
          found = await call(() =>
            row.id !== undefined ? connection.get(row.id) : connection.find({ email: row.email as string }),
          );
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
        if (action === "create" ? found : !found) {
          return { ...base, ...(found ? { id: found.id } : {}), status: "unchanged", requests: context.requests };
        }
        phase = "write";
        if (action === "create") {
          const input = { ...row.changes, email: row.email } as never;
          if (options.dryRun) {
            const plan = await call(() => (connection.planCreate as NonNullable<BulkConnection["planCreate"]>)(input));
            return { ...base, status: "planned", requests: context.requests, planned: plan.writes };
          }
          // Never sent twice by this row: `call` repeats it only after a throttle answer (nothing
          // created), and the vendor package looks the user up after a lost answer (createOnce).
          const created = await call(() => (connection.create as NonNullable<BulkConnection["create"]>)(input));
          return { ...base, id: created.id, status: "applied", requests: context.requests };
        }
        const id = (found as { id: string }).id;
        if (options.dryRun) {
          const planDelete = connection.planDelete as NonNullable<BulkConnection["planDelete"]>;
          const plan = await call(() =>
            options.deleteOptions ? planDelete(id, options.deleteOptions) : planDelete(id),
          );
          return { ...base, id, status: "planned", requests: context.requests, planned: plan.writes };
        }
        const remove = connection.delete as NonNullable<BulkConnection["delete"]>;
        try {
          await call(() => (options.deleteOptions ? remove(id, options.deleteOptions) : remove(id)));
        } catch (error) {
          // Gone meanwhile (or a soft-deleted user the read still returns, as Snipe-IT's): gone either way.
          if (error instanceof NotFoundError) return { ...base, id, status: "unchanged", requests: context.requests };
          throw error;
        }
        return { ...base, id, status: "applied", requests: context.requests };
      }
      const user = (await call(() =>
        row.id !== undefined ? connection.get(row.id) : connection.find({ email: row.email as string }),
      )) as { id: string } & Record<string, unknown>;
      const id = { id: user.id };
      if (alreadyHolds(user, row.changes)) return { ...base, ...id, status: "unchanged", requests: context.requests };
      phase = "write";
      if (options.dryRun) {
        const plan = await call(() => connection.plan(user.id, row.changes as never));
        return { ...base, ...id, status: "planned", requests: context.requests, planned: plan.writes };
      }
      await call(() => connection.update(user.id, row.changes as never));
      return { ...base, ...id, status: "applied", requests: context.requests };
    } catch (thrown) {
      const error = asUserbridgeError(thrown, vendor);
      return { ...base, status: statusOf(error), requests: context.requests, error };
    }
  });
  return { result, phase };
}
