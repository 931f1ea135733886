/**
 * A sliding-window limiter: at most `limit` admitted requests in any `windowMs` (wall-clock) span.
 * The simulator divides the vendor's window by `timeScale` before building one.
 */
export interface SlidingWindow {
  /** Admits the request (and counts it) or returns the wall-clock ms until a slot frees up. */
  take(now?: number): { ok: true } | { ok: false; waitMs: number };
}

export function slidingWindow(limit: number, windowMs: number): SlidingWindow {
  const admitted: number[] = []; // timestamps, oldest first
  return {
    take(now = performance.now()) {
      while (admitted.length > 0 && (admitted[0] as number) <= now - windowMs) admitted.shift();
      if (admitted.length < limit) {
        admitted.push(now);
        return { ok: true };
      }
      return { ok: false, waitMs: (admitted[0] as number) + windowMs - now };
    },
  };
}
