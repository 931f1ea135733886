import { AsyncLocalStorage } from "node:async_hooks";
import { parseRetryAfter } from "@userbridge/core/internal";
import { localPace, type Pacer } from "./pace.js";

/** What a gate reports: a throttle answer seen, or its rate changed. */
export interface GateEvent {
  type: "throttle" | "rate";
  vendor: string;
  /** Requests per minute now allowed. */
  perMinute: number;
  retryAfterMs?: number;
  status?: number;
}

/** Options of a {@link Gate}. */
export interface GateOptions {
  /** The vendor's limit in requests per minute; the gate sends at `headroom` of it. */
  perMinute: number;
  /** Share of the limit actually used, so clock jitter never crosses it. Default 0.97. */
  headroom?: number;
  /** The fetch beneath (default: the global one). */
  fetch?: typeof fetch;
  /** Called on every throttle answer and rate change. */
  onEvent?: (event: GateEvent) => void;
  /**
   * Lag made up after late wakes, in intervals (default 0.5). Safe while the vendor's window holds at
   * least (catchUp + 1) / (1 - headroom) requests: 50 at the defaults, with the rest of the headroom
   * left for jitter between the gate and the vendor's clock.
   */
  catchUp?: number;
  /**
   * Where the schedule lives (default: in this process). A shared pacer (`@userbridge/bulk/redis`)
   * makes every process pacing the same vendor tenant draw from one budget.
   */
  pacer?: Pacer;
  /** Called when the pacer fails (a shared pacer's store unreachable); the gate waits and asks again. */
  onPacerError?: (error: unknown, retryInMs: number) => void;
}

/**
 * What a row carries through the vendor client's async calls: its request counter; `halt`, which
 * returns a reason once the row must send no more requests (the vendor was stopped, the run
 * aborted), and then `halted` is set; `signal`, which aborts the row's requests in flight.
 */
export interface RowContext {
  /** HTTP requests sent for this row (retries included). */
  requests: number;
  /** A reason once this row must send nothing more (its vendor stopped, the run aborted). */
  halt?: () => Error | undefined;
  /** Set when the gate refused a request of this row because of `halt`. */
  halted?: boolean;
  /** Aborts this row's requests in flight. */
  signal?: AbortSignal;
}

/** Per-row context (request counter, halt and abort), carried through the vendor client's async calls. */
export const rowContext = new AsyncLocalStorage<RowContext>();

/**
 * An AbortSignal that aborts when either does, and the function that detaches it once the request
 * is over (AbortSignal.any is Node ≥ 20.3, and would keep a listener on the run's signal per request).
 */
function eitherSignal(a: AbortSignal, b: AbortSignal): [AbortSignal, () => void] {
  if (a.aborted) return [a, () => {}];
  if (b.aborted) return [b, () => {}];
  const controller = new AbortController();
  const onA = () => controller.abort(a.reason);
  const onB = () => controller.abort(b.reason);
  a.addEventListener("abort", onA, { once: true });
  b.addEventListener("abort", onB, { once: true });
  return [
    controller.signal,
    () => {
      a.removeEventListener("abort", onA);
      b.removeEventListener("abort", onB);
    },
  ];
}

/**
 * The shortest gap between two requests, in intervals: catching up never sends at more than twice
 * the rate (Nexudus also throttles two requests within 100 ms, a fifth of its 120/min interval).
 */
const MIN_GAP = 0.5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A throttle answer: 429, or 409/503 carrying Retry-After (Nexudus throttles with 409, ONLYOFFICE
 * with 503: shared/vendor-docs/nexudus.md, onlyoffice simulator "Rate limiting").
 */
export function isThrottle(response: Response): boolean {
  return (
    response.status === 429 ||
    ((response.status === 409 || response.status === 503) && response.headers.has("retry-after"))
  );
}

/**
 * One vendor's request gate. Requests leave on a schedule at the allowed rate (one slot per
 * interval, the "theoretical arrival time" of GCRA); a request that wakes late is not the end of its
 * slot: the next ones leave sooner, making up at most `catchUp` intervals of lag, and never less than
 * half an interval after the previous one. So timer lateness and a busy event loop do not lower the
 * rate, while a stall never turns into a burst: in any span T at most T/interval + catchUp + 1
 * requests leave, within a sliding window of the vendor's limit at the 97 % headroom (limits of
 * ≥ 50 per window). The first request through {@link Gate.fetch} goes alone and the schedule starts
 * when it is answered: a cold start (connection, TLS, JIT) delays the first requests more than the
 * next, which would otherwise arrive bunched inside the vendor's first window. After a throttle
 * answer it pauses every request until Retry-After and halves the rate (AIMD), then adds back 1/50
 * of the target per answered request until the target is reached.
 */
export class Gate {
  readonly vendor: string;
  private target: number;
  private current: number;
  private readonly catchUp: number;
  private readonly pacer: Pacer;
  private readonly onPacerError: ((error: unknown, retryInMs: number) => void) | undefined;
  /** Settles when the first request through {@link Gate.fetch} is answered. */
  private warming: Promise<void> | undefined;
  /** Waiters asking a shared pacer, one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  /** This process's own view of a throttle pause (a shared pacer holds everyone's). */
  private pausedUntil = 0;
  private readonly base: typeof fetch | undefined;
  private onEvent: ((event: GateEvent) => void) | undefined;
  /** Requests sent and throttle answers received through this gate. */
  readonly stats = { requests: 0, throttled: 0 };

  constructor(vendor: string, options: GateOptions) {
    if (!(options.perMinute > 0)) throw new RangeError(`${vendor}: the rate must be > 0 per minute`);
    this.vendor = vendor;
    this.target = options.perMinute * (options.headroom ?? 0.97);
    this.current = this.target;
    this.base = options.fetch;
    this.onEvent = options.onEvent;
    this.catchUp = options.catchUp ?? 0.5;
    this.pacer = options.pacer ?? localPace();
    this.onPacerError = options.onPacerError;
  }

  /** Sets a new limit (and listener), e.g. per bulk run. */
  configure(perMinute: number, onEvent?: (event: GateEvent) => void, headroom = 0.97): void {
    if (!(perMinute > 0)) throw new RangeError(`${this.vendor}: the rate must be > 0 per minute`);
    this.target = perMinute * headroom;
    this.current = this.target;
    this.onEvent = onEvent;
  }

  /** The rate now allowed, in requests per minute (lowered after a throttle answer). */
  get perMinute(): number {
    return this.current;
  }

  /**
   * Runs one pacer step; when the pacer fails (a shared store unreachable) waits with backoff and
   * asks again: never falls back to unshared pacing.
   */
  private async step<T>(run: () => T | Promise<T>): Promise<T> {
    for (let failures = 0; ; failures++) {
      try {
        return await run();
      } catch (error) {
        const retryInMs = Math.min(5000, 100 * 2 ** failures);
        this.onPacerError?.(error, retryInMs);
        await sleep(retryInMs);
      }
    }
  }

  /** A pacer call already under way; if it fails, asked again through {@link Gate.step}. */
  private settle(first: Promise<number>, again: () => number | Promise<number>): Promise<number> {
    return first.catch((error) => {
      this.onPacerError?.(error, 0);
      return this.step(again);
    });
  }

  /**
   * Waits for this request's slot: its scheduled time, at least half an interval after the
   * previous request left, and not before a throttle pause ends (asked again on waking, so a
   * stalled event loop cannot release two waiters at once).
   */
  async take(): Promise<void> {
    if (!this.pacer.shared) return this.slot();
    // A shared schedule: one waiter at a time asks, in order (no herd of round trips at every slot).
    const turn = this.queue.then(() => this.slot());
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Asks the pacer until a slot is taken. */
  private async slot(): Promise<void> {
    const params = { target: this.target, catchUp: this.catchUp, minGap: MIN_GAP };
    for (;;) {
      const pause = this.pausedUntil - performance.now();
      if (pause > 0) {
        await sleep(pause);
        continue;
      }
      const { wait, rate } = await this.step(() => this.pacer.slot(params));
      this.current = rate;
      if (wait <= 0) return;
      await sleep(wait);
    }
  }

  /** A throttle answer: pause until Retry-After (1 s when absent) and halve the rate. */
  throttled(retryAfterMs: number | undefined, status?: number): void {
    this.stats.throttled++;
    const wait = retryAfterMs ?? 1000;
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + wait);
    this.current = Math.max(this.target / 16, this.current / 2);
    const event = (perMinute: number) =>
      this.onEvent?.({
        type: "throttle",
        vendor: this.vendor,
        perMinute,
        retryAfterMs: wait,
        ...(status ? { status } : {}),
      });
    const rate = this.pacer.throttle(wait, this.target);
    if (typeof rate === "number") {
      this.current = rate;
      event(rate);
    } else {
      event(this.current);
      void this.settle(rate, () => this.pacer.throttle(wait, this.target)).then((r) => (this.current = r));
    }
  }

  /** An answer that was not a throttle: raise the rate back towards the target. */
  answered(): void {
    if (this.current >= this.target) return;
    const rate = this.pacer.recover(this.target);
    const raised = (r: number) => {
      this.current = r;
      this.onEvent?.({ type: "rate", vendor: this.vendor, perMinute: r });
    };
    if (typeof rate === "number") raised(rate);
    else void this.settle(rate, () => this.pacer.recover(this.target)).then(raised);
  }

  /**
   * Waits for the slot of one request of the row being processed (if any) and counts it; throws
   * instead, before or after the wait, once the row is halted (nothing is sent then).
   */
  async admit(): Promise<void> {
    const row = rowContext.getStore();
    this.#refuse(row);
    await this.take();
    this.#refuse(row);
    this.stats.requests++;
    if (row) row.requests++;
  }

  #refuse(row: RowContext | undefined): void {
    const reason = row?.halt?.();
    if (reason === undefined) return;
    (row as RowContext).halted = true;
    throw reason;
  }

  /**
   * A fetch to give the vendor client (`fetch` client option): every attempt, retries included,
   * passes the gate, is counted for its row, and throttle answers slow the gate down.
   */
  readonly fetch: typeof fetch = async (input, init) => {
    let warmed: (() => void) | undefined;
    let detach = () => {};
    if (this.warming) await this.warming;
    else this.warming = new Promise<void>((resolve) => (warmed = resolve));
    try {
      await this.admit();
      const abort = rowContext.getStore()?.signal;
      let signal = abort;
      if (abort && init?.signal) [signal, detach] = eitherSignal(init.signal, abort);
      const response = await (this.base ?? globalThis.fetch)(input, signal ? { ...init, signal } : init);
      if (isThrottle(response)) this.throttled(parseRetryAfter(response.headers.get("retry-after")), response.status);
      else this.answered();
      return response;
    } finally {
      detach();
      if (warmed) {
        await this.step(() => this.pacer.warm()); // the schedule starts now, warm
        warmed();
      }
    }
  };
}
