/**
 * A fetch wrapper per vendor connection: counts requests and throttle answers (429) for the
 * progress display and, when given a rate, spaces requests evenly at it (never two closer than
 * 60 000 / rate ms), so a bulk run stays under the vendor's limit instead of bouncing off it.
 */
export interface Meter {
  readonly fetch: typeof fetch;
  /** Requests sent so far (throttled ones included). */
  readonly requests: number;
  readonly throttles: number;
  /** Changes the pacing (requests per minute; undefined: no pacing). */
  setRate(perMinute: number | undefined): void;
}

export function createMeter(onThrottle: () => void = () => {}, base: typeof fetch = globalThis.fetch): Meter {
  let requests = 0;
  let throttles = 0;
  let interval = 0;
  let next = 0;
  const wrapped: typeof fetch = async (input, init) => {
    if (interval > 0) {
      const now = performance.now();
      const at = Math.max(now, next);
      next = at + interval;
      if (at > now) await new Promise((r) => setTimeout(r, at - now));
    }
    requests++;
    const response = await base(input, init);
    if (response.status === 429) {
      throttles++;
      onThrottle();
    }
    return response;
  };
  return {
    fetch: wrapped,
    get requests() {
      return requests;
    },
    get throttles() {
      return throttles;
    },
    setRate(perMinute) {
      interval = perMinute && perMinute > 0 ? 60_000 / perMinute : 0;
    },
  };
}
