/**
 * A sliding-window limiter: at most `limit` admitted requests in any `windowMs` (wall-clock) span.
 * The simulator divides the vendor's window by `timeScale` before building one.
 */
export interface SlidingWindow {
  /** Admits the request (and counts it) or returns the wall-clock ms until a slot frees up. */
  take(now?: number): { ok: true } | { ok: false; waitMs: number };
  /** Wall-clock ms until a request would be admitted (0: now), counting nothing. */
  wait(now?: number): number;
  /** Counts a request admitted at `now`. */
  add(now?: number): void;
}

export function slidingWindow(limit: number, windowMs: number): SlidingWindow {
  const admitted: number[] = []; // timestamps, oldest first
  let head = 0; // admitted[head…] are inside the window (dropping from the front without shifting)
  const window: SlidingWindow = {
    wait(now = performance.now()) {
      while (head < admitted.length && (admitted[head] as number) <= now - windowMs) head++;
      if (head > 1024 && head * 2 > admitted.length) {
        admitted.splice(0, head);
        head = 0;
      }
      return admitted.length - head < limit ? 0 : (admitted[head] as number) + windowMs - now;
    },
    add(now = performance.now()) {
      admitted.push(now);
    },
    take(now = performance.now()) {
      const waitMs = window.wait(now);
      if (waitMs > 0) return { ok: false, waitMs };
      window.add(now);
      return { ok: true };
    },
  };
  return window;
}

/**
 * Several windows at once (a vendor's "1 per 100 ms and 120 per minute"): a request is admitted
 * when every window that applies to it has room, and then counts in each; else the longest wait.
 */
export function allWindows<R>(windows: { window: SlidingWindow; appliesTo?: (req: R) => boolean }[]) {
  return {
    take(req: R, now = performance.now()): { ok: true } | { ok: false; waitMs: number } {
      const applying = windows.filter((w) => w.appliesTo?.(req) ?? true).map((w) => w.window);
      const waitMs = Math.max(0, ...applying.map((w) => w.wait(now)));
      if (waitMs > 0) return { ok: false, waitMs };
      for (const w of applying) w.add(now);
      return { ok: true };
    },
  };
}
