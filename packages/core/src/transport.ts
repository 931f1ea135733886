import { ConnectionError, TimeoutError } from "./errors.js";

/** Supplies credentials for each attempt; `refresh` (if any) is called once after a 401. */
export interface AuthProvider {
  /** Sets the credential header(s) on one attempt's headers; may await a token exchange (rejections surface as the call's error). */
  apply(headers: Headers): void | Promise<void>;
  /** Drops the cached credential and obtains a new one; called at most once per request, after a 401. */
  refresh?(): Promise<void>;
}

/**
 * One line for the `logger` hook: a retry, a wait or a credential refresh. Never carries a token,
 * password or body: only method, path, attempt, status and delay.
 */
export interface LogEvent {
  level: "debug" | "warn";
  message: string;
  vendor: string;
  method: string;
  path: string;
  attempt: number;
  status?: number;
  delayMs?: number;
}

/** Receives every {@link LogEvent} of the transport (pass it as `logger` in the client options). Must not throw. */
export type Logger = (event: LogEvent) => void;

/** How a vendor's answer should be treated by the retry loop (e.g. Nexudus throttles with 409). */
export type RetryClassifier = (response: Response) => boolean | undefined;

export interface TransportOptions {
  vendor: string;
  userAgent: string;
  fetch?: typeof fetch;
  /** Per attempt, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  auth?: AuthProvider;
  logger?: Logger;
  /** Vendor override: true = retry this answer, false = never, undefined = the default rules. */
  retryable?: RetryClassifier;
  /** Which requests may be repeated. Default: every method but POST. */
  idempotent?: (method: string, url: URL) => boolean;
  /** Backoff base and cap in ms (defaults 500 and 8 000), exposed for tests. */
  backoff?: { baseMs?: number; capMs?: number };
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const RETRY_AFTER_MAX_MS = 60_000;
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)). */
export function backoffDelay(attempt: number, baseMs = 500, capMs = 8_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}

const TIMED_OUT = "userbridge: timed out";

/**
 * One attempt: the request and its whole body, both within `ms` (a server that sends headers and
 * then stalls is a timeout too). The answer comes back buffered, so the timer is cleared as soon
 * as the exchange is over instead of lingering, and nothing downstream can hang on the body.
 */
async function attemptOnce(
  baseFetch: typeof fetch,
  url: string,
  init: RequestInit,
  parent: AbortSignal,
  ms: number,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(TIMED_OUT, "TimeoutError")), ms);
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener("abort", onAbort, { once: true });
  try {
    const res = await baseFetch(url, { ...init, signal: controller.signal });
    const empty = res.status === 204 || res.status === 304 || init.method === "HEAD";
    const body = empty ? null : await res.arrayBuffer();
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  } finally {
    clearTimeout(timer);
    parent.removeEventListener("abort", onAbort);
  }
}

/**
 * A `fetch` that openapi-fetch calls: it adds the User-Agent and credentials, applies the
 * per-attempt timeout, retries idempotent requests on network errors and retryable statuses with
 * backoff (honouring Retry-After up to 60 s), and turns network failures into our error classes.
 * openapi-fetch itself never retries (by design), so retries live here, beneath it.
 */
export function createTransport(options: TransportOptions): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const idempotent = options.idempotent ?? ((method: string) => method !== "POST");
  const { vendor, logger, auth } = options;

  return async function transport(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    const method = request.method;
    const body = request.body === null ? null : await request.arrayBuffer();
    const canRetry = idempotent(method, url);
    const log = (event: Omit<LogEvent, "vendor" | "method" | "path">) =>
      logger?.({ vendor, method, path: url.pathname, ...event });

    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      // openapi-fetch built this Request for us alone: set our headers on it rather than copy them.
      const headers = request.headers;
      headers.set("User-Agent", options.userAgent);
      if (auth) await auth.apply(headers);
      let response: Response;
      try {
        response = await attemptOnce(
          baseFetch,
          request.url,
          { method, headers, body, redirect: request.redirect },
          request.signal,
          timeoutMs,
        );
      } catch (error) {
        const timedOut = isTimeout(error) && !request.signal.aborted;
        if (request.signal.aborted) throw error;
        if (canRetry && attempt < maxRetries) {
          const delayMs = backoffDelay(attempt, options.backoff?.baseMs, options.backoff?.capMs);
          log({ level: "warn", message: timedOut ? "timeout, retrying" : "network error, retrying", attempt, delayMs });
          await sleep(delayMs);
          continue;
        }
        const what = `${method} ${url.pathname}`;
        const ctx = { vendor, operation: what, cause: error, request: { method, path: url.pathname } };
        throw timedOut
          ? new TimeoutError(`${vendor}: no answer to ${what} within ${timeoutMs} ms`, ctx)
          : new ConnectionError(`${vendor}: ${what} failed: ${(error as Error)?.message ?? error}`, ctx);
      }

      if (response.status === 401 && auth?.refresh && !refreshed) {
        refreshed = true;
        log({ level: "debug", message: "401, refreshing credentials", attempt, status: 401 });
        await auth.refresh();
        attempt--; // a credential refresh is not a retry
        continue;
      }

      const vendorSays = options.retryable?.(response);
      const retryable = vendorSays ?? RETRY_STATUSES.has(response.status);
      if (!retryable || !canRetry || attempt >= maxRetries) {
        log({ level: "debug", message: "answer", attempt, status: response.status });
        return response;
      }
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      if (retryAfter !== undefined && retryAfter > RETRY_AFTER_MAX_MS) {
        log({ level: "warn", message: "Retry-After beyond 60 s, not retrying", attempt, status: response.status });
        return response;
      }
      const delayMs = retryAfter ?? backoffDelay(attempt, options.backoff?.baseMs, options.backoff?.capMs);
      log({ level: "warn", message: `HTTP ${response.status}, retrying`, attempt, status: response.status, delayMs });
      await sleep(delayMs);
    }
  };
}
