import { AsyncLocalStorage } from "node:async_hooks";
import { parseRetryAfter } from "@userbridge/core/internal";

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
}

/** Per-row request counter, carried through the vendor client's async calls. */
export const rowContext = new AsyncLocalStorage<{ requests: number }>();

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
  /** When the next slot is due (it may lag `now` by up to `catchUp` intervals). */
  private due = Number.NEGATIVE_INFINITY;
  /** When the previous request actually left. */
  private last = Number.NEGATIVE_INFINITY;
  private readonly catchUp: number;
  /** Settles when the first request through {@link Gate.fetch} is answered. */
  private warming: Promise<void> | undefined;
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
   * Waits for this request's slot: its scheduled time, at least half an interval after the
   * previous request left, and not before a throttle pause ends (checked again on waking, so a
   * stalled event loop cannot release two waiters at once).
   */
  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      const interval = 60_000 / this.current;
      const at = Math.max(this.due, this.last + interval * MIN_GAP, this.pausedUntil);
      if (at <= now) {
        this.due = Math.max(this.due, now - interval * this.catchUp) + interval;
        this.last = now;
        return;
      }
      await sleep(at - now);
    }
  }

  /** A throttle answer: pause until Retry-After (1 s when absent) and halve the rate. */
  throttled(retryAfterMs: number | undefined, status?: number): void {
    this.stats.throttled++;
    const wait = retryAfterMs ?? 1000;
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + wait);
    this.current = Math.max(this.target / 16, this.current / 2);
    this.onEvent?.({
      type: "throttle",
      vendor: this.vendor,
      perMinute: this.current,
      retryAfterMs: wait,
      ...(status ? { status } : {}),
    });
  }

  /** An answer that was not a throttle: raise the rate back towards the target. */
  answered(): void {
    if (this.current >= this.target) return;
    this.current = Math.min(this.target, this.current + this.target / 50);
    this.onEvent?.({ type: "rate", vendor: this.vendor, perMinute: this.current });
  }

  /** Counts one request for the row being processed (if any) and waits for its slot. */
  async admit(): Promise<void> {
    this.stats.requests++;
    const row = rowContext.getStore();
    if (row) row.requests++;
    await this.take();
  }

  /**
   * A fetch to give the vendor client (`fetch` client option): every attempt, retries included,
   * passes the gate, is counted for its row, and throttle answers slow the gate down.
   */
  readonly fetch: typeof fetch = async (input, init) => {
    let warmed: (() => void) | undefined;
    if (this.warming) await this.warming;
    else this.warming = new Promise<void>((resolve) => (warmed = resolve));
    await this.admit();
    try {
      const response = await (this.base ?? globalThis.fetch)(input, init);
      if (isThrottle(response)) this.throttled(parseRetryAfter(response.headers.get("retry-after")), response.status);
      else this.answered();
      return response;
    } finally {
      if (warmed) {
        this.due = performance.now(); // the schedule starts now, warm
        warmed();
      }
    }
  };
}
