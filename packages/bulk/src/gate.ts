import { AsyncLocalStorage } from "node:async_hooks";
import { parseRetryAfter } from "@userbridge/core";

/** What a gate reports: a throttle answer seen, or its rate changed. */
export interface GateEvent {
  type: "throttle" | "rate";
  vendor: string;
  /** Requests per minute now allowed. */
  perMinute: number;
  retryAfterMs?: number;
  status?: number;
}

export interface GateOptions {
  /** The vendor's limit in requests per minute; the gate sends at `headroom` of it. */
  perMinute: number;
  /** Share of the limit actually used, so clock jitter never crosses it. Default 0.97. */
  headroom?: number;
  /** The fetch beneath (default: the global one). */
  fetch?: typeof fetch;
  onEvent?: (event: GateEvent) => void;
}

/** Per-row request counter, carried through the vendor client's async calls. */
export const rowContext = new AsyncLocalStorage<{ requests: number }>();

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
 * One vendor's request gate: spaces requests evenly at the allowed rate (a token bucket holding one
 * token, so no burst can cross a sliding window), pauses every request until Retry-After after a
 * throttle answer and halves the rate (AIMD), then adds back 1/50 of the target per answered
 * request until the target is reached again.
 */
export class Gate {
  readonly vendor: string;
  private target: number;
  private current: number;
  private next = 0;
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
  }

  /** Sets a new limit (and listener), e.g. per bulk run. */
  configure(perMinute: number, onEvent?: (event: GateEvent) => void, headroom = 0.97): void {
    if (!(perMinute > 0)) throw new RangeError(`${this.vendor}: the rate must be > 0 per minute`);
    this.target = perMinute * headroom;
    this.current = this.target;
    this.onEvent = onEvent;
  }

  get perMinute(): number {
    return this.current;
  }

  /** Waits for this request's slot. */
  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      const at = Math.max(now, this.next, this.pausedUntil);
      this.next = at + 60_000 / this.current;
      if (at <= now) return;
      await sleep(at - now);
      if (this.pausedUntil <= performance.now()) return; // else a throttle came meanwhile: take a new slot
    }
  }

  /** A throttle answer: pause until Retry-After (1 s when absent) and halve the rate. */
  throttled(retryAfterMs: number | undefined, status?: number): void {
    this.stats.throttled++;
    const wait = retryAfterMs ?? 1000;
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + wait);
    this.next = this.pausedUntil;
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
    await this.admit();
    const response = await (this.base ?? globalThis.fetch)(input, init);
    if (isThrottle(response)) this.throttled(parseRetryAfter(response.headers.get("retry-after")), response.status);
    else this.answered();
    return response;
  };
}
