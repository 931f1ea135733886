/**
 * Where a gate's schedule lives. {@link localPace} keeps it in this process (the default); a shared
 * pacer (`@userbridge/bulk/redis`) keeps the same schedule in Redis, so every process pacing one
 * vendor tenant draws from one budget and a throttle answer seen by one slows them all.
 *
 * The schedule is GCRA with catch-up: slots one interval apart (the "theoretical arrival time"
 * `due`); a request that wakes late does not push the schedule back, the next ones leave sooner,
 * making up at most `catchUp` intervals of lag, never closer than `minGap` intervals to the previous
 * one, and never before a throttle pause ends. After a throttle answer the rate halves (not under
 * 1/16 of the target) and every later answer adds back 1/50 of the target (AIMD).
 */
export interface PaceParams {
  /** The rate wanted, requests per minute (the vendor's limit × headroom). */
  target: number;
  /** Lag made up after late wakes, in intervals. */
  catchUp: number;
  /** The shortest gap between two requests, in intervals. */
  minGap: number;
}

/** What a pacer answers: `wait` 0 = the slot is taken, go; else ms to wait before asking again. */
export interface Slot {
  wait: number;
  /** Requests per minute now allowed (lowered after a throttle answer). */
  rate: number;
}

/** A gate's schedule: in this process ({@link localPace}) or shared between processes. */
export interface Pacer {
  /**
   * The schedule is shared with other processes (every step a round trip): the gate lets one of its
   * waiters at a time ask, in order, instead of every waiter asking at every slot.
   */
  readonly shared?: boolean;
  /** Takes the next slot if it is due, else says how long to wait. */
  slot(params: PaceParams): Slot | Promise<Slot>;
  /** A throttle answer: every taker pauses `retryAfterMs`, the rate halves. Returns the new rate. */
  throttle(retryAfterMs: number, target: number): number | Promise<number>;
  /** An answer that was not a throttle: the rate regains 1/50 of the target. Returns the new rate. */
  recover(target: number): number | Promise<number>;
  /** The first request of this process was answered: the schedule starts now, warm (no catch-up of the cold start). */
  warm(): void | Promise<void>;
}

/** The in-process schedule (the default pacer of every gate). */
export function localPace(): Pacer {
  let due = Number.NEGATIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let paused = 0;
  let rate = Number.POSITIVE_INFINITY; // clamped to the target on first use
  return {
    slot({ target, catchUp, minGap }) {
      rate = Math.min(rate, target);
      const now = performance.now();
      const interval = 60_000 / rate;
      const at = Math.max(due, last + interval * minGap, paused);
      if (at > now) return { wait: at - now, rate };
      due = Math.max(due, now - interval * catchUp) + interval;
      last = now;
      return { wait: 0, rate };
    },
    throttle(retryAfterMs, target) {
      paused = Math.max(paused, performance.now() + retryAfterMs);
      rate = Math.max(target / 16, Math.min(rate, target) / 2);
      return rate;
    },
    recover(target) {
      rate = Math.min(target, rate + target / 50);
      return rate;
    },
    warm() {
      due = performance.now();
    },
  };
}
