import { clientTransport } from "./client.js";
import { ApiError, ConnectionError, ServerError, TimeoutError } from "./errors.js";
import { backoffDelay } from "./transport.js";

/** How {@link createOnce} creates one record without ever creating it twice. */
export interface CreateOnceOptions<U> {
  /** One attempt: the POST (never retried by the transport), throwing our typed error on failure. */
  attempt(): Promise<U>;
  /**
   * The record by the vendor's unique key (username, email, …): the record when it exists,
   * `undefined` only when it certainly does not. Throws when it cannot tell (then the create's
   * outcome stays unknown and the create's own error is thrown).
   */
  lookup(): Promise<U | undefined>;
  /** Further attempts after an ambiguous failure whose lookup found nothing. Default: the client's `maxRetries`, else 2. */
  maxRetries?: number;
  /** The vendor client the create goes through: its `maxRetries` is the default above. */
  client?: object;
  /** Stops the waits between attempts. */
  signal?: AbortSignal;
  /** Wait before the lookup after failed attempt n (≥ 1); default: core's backoff (0.5 s base, 8 s cap, full jitter). */
  delayMs?(attempt: number, error: unknown): number;
}

/**
 * Whether a failed create may have reached the vendor and been applied: a timeout, a dropped
 * connection or an unreadable answer, a 5xx, a 408. Any other answer (4xx, and a throttle: 429 or
 * the vendor's own, with its `retryAfterMs`) says the vendor did not apply it: not ambiguous,
 * thrown as is (a throttled create may be sent again by the caller: nothing was created).
 */
export function isAmbiguous(error: unknown): boolean {
  return (
    error instanceof TimeoutError ||
    error instanceof ConnectionError ||
    error instanceof ServerError ||
    (error instanceof ApiError && error.status === 408)
  );
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

const defaultDelay = (attempt: number): number => backoffDelay(attempt - 1);

function clientRetries(client: object | undefined): number | undefined {
  try {
    return client ? clientTransport(client).maxRetries : undefined;
  } catch {
    return undefined; // not a client of ours
  }
}

/**
 * Creates a record at most once. A create is never repeated blind: after an ambiguous failure
 * ({@link isAmbiguous}) it waits (the first attempt may still be in flight at the vendor), then
 * asks the vendor by the unique key whether the record exists. Found: the record the first
 * attempt created is returned (one record, not two). Certainly absent: the create is sent again
 * (up to `maxRetries` times, by default the client's). Lookup failed: the create's error is
 * thrown (outcome unknown, nothing sent again). A refusal (4xx, a throttle) is thrown as is.
 *
 * The lookup cannot tell a record the first attempt created from one that already existed with
 * the same key before the call; a vendor that refuses duplicate keys would have refused that
 * create anyway, so either way the record with that key is returned.
 */
export async function createOnce<U>(options: CreateOnceOptions<U>): Promise<U> {
  const { attempt, lookup, signal, delayMs = defaultDelay } = options;
  const maxRetries = options.maxRetries ?? clientRetries(options.client) ?? 2;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      await sleep(delayMs(n + 1, error), signal);
      let found: U | undefined;
      try {
        found = await lookup();
      } catch {
        throw error;
      }
      if (found !== undefined) return found;
      if (n >= maxRetries) throw error;
    }
  }
}
