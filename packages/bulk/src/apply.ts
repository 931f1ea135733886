import {
  AmbiguousMatchError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  type RenderedRequest,
  UnappliedChangesError,
  UnsupportedFieldError,
  UserbridgeError,
  wireCopy,
} from "@userbridge/core";
import type { UpdatePreview, VendorName } from "@userbridge/unified";
import { Gate, type GateEvent, rowContext } from "./gate.js";
import { documentedLimits } from "./limits.js";
import { alreadyHolds, type ChangeRow, rowIssues, unsupported } from "./rows.js";

/**
 * The outcome of one row at one vendor: `applied` (written, or planned in a dry run), `unchanged`
 * (the user already held every change), `unapplied` (answered but not stored), `not-found`,
 * `ambiguous` (several users match the email), `invalid` (a bad row or an unsupported field),
 * `failed` (any other error).
 */
export type RowStatus = "applied" | "unchanged" | "unapplied" | "not-found" | "ambiguous" | "invalid" | "failed";

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
  /** For every status but applied/unchanged. */
  error?: UserbridgeError;
  /** Dry run: the writes that would be sent (headers redacted). */
  planned?: RenderedRequest[];
}

/** What `onEvent` receives: a gate event (a throttle answer, a rate change) or a row's result. */
export type BulkEvent = GateEvent | { type: "result"; vendor: VendorName; result: RowResult };

/** Options of {@link applyChanges}. */
export interface ApplyOptions {
  /** Reads (find, get, the plan's reads) are sent; writes are only planned. */
  dryRun?: boolean;
  /** Requests per minute, per vendor; default {@link documentedLimits}. */
  rates?: Partial<Record<VendorName, number>>;
  /** Rows in flight per vendor (default 8). */
  concurrency?: number | Partial<Record<VendorName, number>>;
  /** Resume: rows/vendors already done are left out (no result). */
  skip?: (row: number, vendor: VendorName) => boolean;
  /** Stops reading rows; rows in flight finish and are reported. */
  signal?: AbortSignal;
  /** Called for every throttle answer, rate change and row result, as they happen. */
  onEvent?: (event: BulkEvent) => void;
  /** Rows read ahead per vendor and results held for a slow reader (default 1000): what bounds memory. */
  buffer?: number;
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
}

/** Connections whose vendor client sends through a gate (see `connectForBulk`): requests are gated one by one. */
export const gatedConnections = new WeakMap<object, Gate>();

const MAX_THROTTLE_RETRIES = 3;

/** A queue between the row reader and one vendor's workers, holding at most `size` rows. */
class Lane<T> {
  private readonly items: T[] = [];
  private readonly takers: ((item: T | undefined) => void)[] = [];
  private readonly room: (() => void)[] = [];
  private closed = false;
  constructor(private readonly size: number) {}

  async put(item: T): Promise<void> {
    while (this.items.length >= this.size) await new Promise<void>((r) => this.room.push(r));
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

  close(): void {
    this.closed = true;
    for (const taker of this.takers.splice(0)) taker(undefined);
  }
}

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
  const emit = (result: RowResult) => {
    results.push(result);
    options.onEvent?.({ type: "result", vendor: result.vendor, result });
    wake?.();
  };

  const lanes = new Map<VendorName, { lane: Lane<[number, ChangeRow]>; workers: Promise<void>[] }>();
  for (const vendor of configured) {
    const connection = connections[vendor] as BulkConnection;
    const gated = gatedConnections.get(connection);
    const gate = gated ?? new Gate(vendor, { perMinute: documentedLimits[vendor].perMinute });
    gate.configure(options.rates?.[vendor] ?? documentedLimits[vendor].perMinute, options.onEvent);
    const lane = new Lane<[number, ChangeRow]>(buffer);
    const n = typeof options.concurrency === "number" ? options.concurrency : (options.concurrency?.[vendor] ?? 8);
    const work = async () => {
      for (let job = await lane.take(); job; job = await lane.take()) {
        emit(await processRow(job[0], job[1], vendor, connection, gate, gated !== undefined, options.dryRun ?? false));
      }
    };
    lanes.set(vendor, { lane, workers: Array.from({ length: Math.max(1, n) }, work) });
  }

  let stopped = false;
  let failure: { error: unknown } | undefined;
  const reader = (async () => {
    let index = 0;
    for await (const given of rows) {
      const i = index++;
      if (stopped || options.signal?.aborted) break;
      const { row, issues } = plainRow(given);
      const named = (row as ChangeRow | null)?.vendor;
      const targets = named === undefined ? configured : [named];
      if (named !== undefined && issues.length === 0 && !connections[named]) {
        issues.push({ path: "vendor", message: `no connection for ${named}` });
      }
      for (const vendor of targets) {
        if (options.skip?.(i, vendor)) continue;
        const connection = connections[vendor];
        const missing = issues.length === 0 && connection ? unsupported(row.changes, connection.capabilities) : [];
        if (issues.length > 0 || missing.length > 0) {
          const context = { vendor, operation: "applyChanges" };
          const error =
            issues.length > 0 ? new InvalidInputError(issues, context) : new UnsupportedFieldError(missing, context);
          emit({ row: i, vendor, ...who(row), status: "invalid", requests: 0, error });
          continue;
        }
        await lanes.get(vendor)?.lane.put([i, row]);
      }
      while (results.length >= buffer && !stopped) await new Promise<void>((r) => resultRoom.push(r));
    }
  })()
    .catch((error: unknown) => {
      failure = { error };
    })
    .finally(() => {
      for (const { lane } of lanes.values()) lane.close();
    });
  const done = Promise.all([reader, ...[...lanes.values()].flatMap((l) => l.workers)]);
  let finished = false;
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
  dryRun: boolean,
): Promise<RowResult> {
  const counter = { requests: 0 };
  const base = { row: index, vendor, ...who(row) };
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
  return rowContext.run(counter, async () => {
    try {
      const user = (await call(() =>
        row.id !== undefined ? connection.get(row.id) : connection.find({ email: row.email as string }),
      )) as { id: string } & Record<string, unknown>;
      const id = { id: user.id };
      if (alreadyHolds(user, row.changes)) return { ...base, ...id, status: "unchanged", requests: counter.requests };
      if (dryRun) {
        const plan = await call(() => connection.plan(user.id, row.changes as never));
        return { ...base, ...id, status: "applied", requests: counter.requests, planned: plan.writes };
      }
      await call(() => connection.update(user.id, row.changes as never));
      return { ...base, ...id, status: "applied", requests: counter.requests };
    } catch (thrown) {
      const error = asUserbridgeError(thrown, vendor);
      return { ...base, status: statusOf(error), requests: counter.requests, error };
    }
  });
}
