import { AbortedError, ConnectionError, RedirectError, ResponseTooLargeError, TimeoutError } from "./errors.js";
import { now, type RequestHooks, requestIdOf, shownUrl } from "./hooks.js";

/** Supplies credentials for each attempt; `refresh` (if any) is called once after a 401. */
export interface AuthProvider {
  /** Sets the credential header(s) on one attempt's headers; may await a token exchange (rejections surface as the call's error). */
  apply(headers: Headers): void | Promise<void>;
  /**
   * Called at most once per request, after a 401, with the headers that attempt sent: obtains a new
   * credential unless the one refused is already stale (another call renewed it meanwhile), so a
   * burst of 401s for one revoked token causes one renewal. The request is then sent again.
   */
  refresh?(sent: Headers): Promise<void>;
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

export interface TransportOptions extends RequestHooks {
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
  /** The largest answer body read, in bytes; a larger one is a ResponseTooLargeError. Default 10 MB. */
  maxResponseBytes?: number;
  /** Backoff base and cap in ms (defaults 500 and 8 000), exposed for tests. */
  backoff?: { baseMs?: number; capMs?: number };
  /** Requests in flight at once for this client; the others wait. Default 8. */
  maxConcurrency?: number;
  /**
   * Runs before each retry, after the wait (never before the first attempt). It may throw to stop
   * (the error reaches the caller as is), or return a new JSON body to send instead of the last one
   * (undefined: resend as is). A whole-record write uses it to re-read and never replay a stale record.
   */
  beforeRetry?: (attempt: number) => unknown | Promise<unknown>;
  /** The concurrency limiter to share (a per-call transport shares its client's); default: a new one of `maxConcurrency`. */
  slot?: Slot;
}

/** A counting semaphore, as {@link limiter} makes it. */
export type Slot = <T>(task: () => Promise<T>) => Promise<T>;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const RETRY_AFTER_MAX_MS = 60_000;
/** 10 MB: far above any user record, far below what would hurt a Worker's 128 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Like a browser's 6 connections per host, with a little more room for server-side batch jobs. */
export const DEFAULT_MAX_CONCURRENCY = 8;
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)). */
export function backoffDelay(attempt: number, baseMs = 500, capMs = 8_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

/**
 * A counting semaphore (web-standard code only: no sockets pool to configure on Bun, Deno or
 * Workers): `run` waits for a free slot, so at most `max` calls are in flight at once.
 */
export function limiter(max: number): Slot {
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`maxConcurrency must be a positive integer (got ${max})`);
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next)
        next(); // the slot passes on: `active` stays the same
      else active--;
    }
  };
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts (a caller's abort cuts a backoff short). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The caller's signal aborted a request (made only then: nothing allocated per request). */
function abortedError(vendor: string, method: string, url: URL, reason: unknown): AbortedError {
  const what = `${method} ${url.pathname}`;
  return new AbortedError(`${vendor}: ${what} was aborted by the caller's signal`, {
    vendor,
    operation: what,
    request: { method, path: url.pathname },
    cause: reason,
  });
}

/**
 * Why a request got no answer, for the error message: fetch's own "fetch failed" says nothing,
 * the system error sits in its `cause` chain (`connect ECONNREFUSED 127.0.0.1:59999`, `getaddrinfo
 * ENOTFOUND host`, an AggregateError of both addresses). Each distinct message once, then the code.
 */
export function networkReason(error: unknown): string {
  const parts: string[] = [];
  let code: string | undefined;
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { message, errors } = e as { message?: unknown; errors?: unknown };
    const own = typeof message === "string" && message ? [message] : [];
    const inner = Array.isArray(errors) ? errors.map((x) => String((x as Error)?.message ?? x)) : [];
    for (const text of [...own, ...inner]) if (!parts.includes(text)) parts.push(text);
    const c = (e as { code?: unknown }).code;
    if (typeof c === "string" && !code) code = c;
    if (typeof e !== "object") {
      if (!parts.includes(String(e))) parts.push(String(e));
      break;
    }
  }
  const text = parts.join(": ") || "unknown network error";
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

/** A timeout or an abort, as fetch and AbortSignal.timeout report them. */
export function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}

const TIMED_OUT = "userbridge: timed out";

/** Thrown inside an attempt when the answer passes the cap; the loop turns it into ResponseTooLargeError. */
class Oversize {
  constructor(readonly status: number) {}
}

type Bytes = Uint8Array<ArrayBuffer>;

/**
 * How much of an error answer (status ≥ 400) is read: the 8 KB excerpt an ApiError keeps, with
 * room for a vendor's whole JSON error (its messages become the error's issues), so 64 KB.
 */
export const ERROR_BODY_READ_BYTES = 64 * 1024;

/**
 * Reads a body with a web-stream reader, keeping at most `limit` bytes: past that (`cut`) it stops
 * reading and cancels the stream, so a huge answer never sits in memory.
 */
async function readCapped(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<{ chunks: Bytes[]; size: number; cut: boolean }> {
  const reader = body.getReader();
  const chunks: Bytes[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { chunks, size, cut: false };
    const room = limit - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room) as Bytes); // the prefix an error answer keeps
      reader.cancel().catch(() => {});
      return { chunks, size: limit, cut: true };
    }
    chunks.push(value as Bytes);
    size += value.byteLength;
  }
}

/** The chunks as one array (the usual single chunk as is: no copy). */
function joined(chunks: Bytes[], size: number): Bytes {
  if (chunks.length === 1) return chunks[0] as Bytes;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const decoder = new TextDecoder();

/**
 * An answer whose body has already been read (within the timeout and the cap): its readers hand
 * the bytes over directly. A `new Response(bytes)` would wrap them in a web stream again for
 * openapi-fetch to read a second time, which cost more per request than the rest of the
 * transport together (docs/architecture.md, Performance). `body` still gives a stream, made on demand.
 */
class BufferedResponse extends Response {
  readonly #bytes: Bytes | null;
  #used = false;
  constructor(bytes: Bytes | null, res: Response) {
    super(null, res); // a Response is a ResponseInit: its status, statusText and headers
    this.#bytes = bytes;
  }
  /** The bytes, once (a body is read once, as with fetch's own Response). */
  #take(): Bytes {
    if (this.#used) throw new TypeError("Body has already been read");
    this.#used = true;
    return this.#bytes ?? new Uint8Array(0);
  }
  /** The platform's own Response over the same bytes, for the rarer readers. */
  #plain(): Response {
    return new Response(this.#take(), this);
  }
  override get bodyUsed(): boolean {
    return this.#used;
  }
  override get body(): ReadableStream<Bytes> | null {
    return this.#bytes && new Response(this.#bytes).body; // a stream over the bytes, made on demand
  }
  override async text(): Promise<string> {
    return decoder.decode(this.#take());
  }
  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#plain().arrayBuffer();
  }
  override blob(): Promise<Blob> {
    return this.#plain().blob();
  }
  override formData(): Promise<FormData> {
    return this.#plain().formData();
  }
  override clone(): Response {
    if (this.#used) throw new TypeError("Body has already been read");
    return new BufferedResponse(this.#bytes, this);
  }
}

/**
 * One attempt: the request and its whole body, both within `ms` (a server that sends headers and
 * then stalls is a timeout too), and the body no larger than `limit` bytes (checked on
 * Content-Length first, then while streaming). The answer comes back buffered, so the timer is
 * cleared as soon as the exchange is over instead of lingering, and nothing downstream can hang
 * on the body. Web APIs only (fetch, AbortController, ReadableStream): this runs on every runtime.
 */
async function attemptOnce(
  baseFetch: typeof fetch,
  url: string,
  init: RequestInit,
  parent: AbortSignal,
  ms: number,
  limit: number,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(TIMED_OUT, "TimeoutError")), ms);
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener("abort", onAbort, { once: true });
  try {
    init.signal = controller.signal; // init is this attempt's own object
    const res = await baseFetch(url, init);
    if (res.type === "opaqueredirect") return res; // status 0: no body to buffer, see redirectTarget
    const stream = res.status === 204 || res.status === 304 || init.method === "HEAD" ? null : res.body;
    let body: Bytes | null = null;
    if (stream !== null) {
      // An error answer is read up to its excerpt, whatever its size: the cap is for success bodies.
      const failed = res.status >= 400;
      const declared = Number(res.headers.get("content-length"));
      const read =
        !failed && declared > limit
          ? undefined
          : await readCapped(stream, failed ? Math.min(limit, ERROR_BODY_READ_BYTES) : limit);
      if (read?.cut !== false) {
        controller.abort(); // drop the connection rather than drain the rest
        if (!failed || !read) throw new Oversize(res.status);
      }
      body = joined(read.chunks, read.size);
    }
    return new BufferedResponse(body, res);
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
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const idempotent = options.idempotent ?? ((method: string) => method !== "POST");
  const { vendor, logger, auth } = options;

  const slot = options.slot ?? limiter(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
  const { onRequest, onResponse } = options;
  const backoff = (attempt: number) => backoffDelay(attempt, options.backoff?.baseMs, options.backoff?.capMs);

  /** One attempt with the hooks around it: onRequest as it leaves, onResponse with its outcome and duration. */
  async function hooked(url: URL, method: string, attempt: number, send: () => Promise<Response>): Promise<Response> {
    const event = { vendor, method, url: shownUrl(url), attempt };
    onRequest?.(event);
    const started = now();
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      onResponse?.({
        ...event,
        durationMs: now() - started,
        error: error instanceof Oversize ? new Error(`answer larger than ${maxResponseBytes} bytes`) : error,
      });
      throw error;
    }
    const requestId = requestIdOf(response);
    onResponse?.({
      ...event,
      status: response.status,
      durationMs: now() - started,
      ...(requestId ? { requestId } : {}),
    });
    return response;
  }

  return async function transport(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    let url = new URL(request.url);
    const origin = url.origin;
    let method = request.method;
    const canRetry = idempotent(method, url);
    const log = (event: Omit<LogEvent, "vendor" | "method" | "path">) =>
      logger?.({ vendor, method, path: url.pathname, ...event });

    // Buffered once: every attempt and every redirect re-sends a fresh copy of these bytes.
    let body = request.body === null ? null : await request.arrayBuffer();
    /** Waits, then lets `beforeRetry` stop the retry or rebuild the body. */
    const pause = async (delayMs: number, attempt: number) => {
      try {
        await sleep(delayMs, request.signal);
      } catch (reason) {
        throw abortedError(vendor, method, url, reason);
      }
      const next = await options.beforeRetry?.(attempt + 1);
      if (next !== undefined) body = new TextEncoder().encode(JSON.stringify(next)).buffer as ArrayBuffer;
    };
    let refreshed = false;
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      // openapi-fetch built this Request for us alone: set our headers on it rather than copy them.
      const headers = request.headers;
      headers.set("User-Agent", options.userAgent);
      const applying = auth?.apply(headers);
      if (applying) await applying; // a static header is set at once: no extra turn of the event loop
      let response: Response;
      try {
        const init: RequestInit = { method, headers, body: body ? body.slice(0) : null, redirect: "manual" };
        response = await slot(() => {
          if (onRequest || onResponse)
            return hooked(url, method, attempt, () =>
              attemptOnce(baseFetch, url.href, init, request.signal, timeoutMs, maxResponseBytes),
            );
          return attemptOnce(baseFetch, url.href, init, request.signal, timeoutMs, maxResponseBytes);
        });
      } catch (error) {
        const what = `${method} ${url.pathname}`;
        const base = { vendor, operation: what, request: { method, path: url.pathname } };
        const ctx = { ...base, cause: error };
        if (error instanceof Oversize) {
          // The same request would get the same answer: never retried.
          throw new ResponseTooLargeError(
            `${vendor}: the answer to ${what} (HTTP ${error.status}) is larger than ${maxResponseBytes} bytes (maxResponseBytes)`,
            { ...base, status: error.status, limitBytes: maxResponseBytes },
          );
        }
        if (request.signal.aborted) throw abortedError(vendor, method, url, request.signal.reason); // never retried
        const timedOut = isTimeout(error);
        if (canRetry && attempt < maxRetries) {
          const delayMs = backoff(attempt);
          log({ level: "warn", message: timedOut ? "timeout, retrying" : "network error, retrying", attempt, delayMs });
          await pause(delayMs, attempt);
          continue;
        }
        throw timedOut
          ? new TimeoutError(`${vendor}: no answer to ${what} within ${timeoutMs} ms`, ctx)
          : new ConnectionError(`${vendor}: ${method} ${url.host}${url.pathname} failed: ${networkReason(error)}`, ctx);
      }

      const next = redirectTarget(response, url, method, origin, redirects + 1, vendor);
      if (next) {
        redirects++;
        log({
          level: "debug",
          message: `HTTP ${response.status}, following a same-origin redirect`,
          attempt,
          status: response.status,
        });
        url = next.url;
        if (next.method !== method) body = null;
        method = next.method;
        attempt--; // a redirect is not a retry
        continue;
      }

      if (response.status === 401 && auth?.refresh && !refreshed) {
        refreshed = true;
        log({ level: "debug", message: "401, refreshing credentials", attempt, status: 401 });
        await auth.refresh(headers);
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
      const delayMs = retryAfter ?? backoff(attempt);
      log({ level: "warn", message: `HTTP ${response.status}, retrying`, attempt, status: response.status, delayMs });
      await pause(delayMs, attempt);
    }
  };
}

/**
 * Where to go after a redirect answer, or undefined when it is not one. We ask fetch not to follow
 * redirects (`redirect: "manual"`), because fetch forwards every header but Authorization and
 * Cookie to another origin: an `api-key` or a bare token would leave with the request. So:
 * another origin is a RedirectError naming it (nothing is sent there); a same-origin redirect is
 * followed with the same method and body (307/308, or any read), and a 301/302/303 of a write,
 * which fetch would turn into a body-less GET, is a RedirectError too; as is a loop.
 */
function redirectTarget(
  response: Response,
  from: URL,
  method: string,
  origin: string,
  count: number,
  vendor: string,
): { url: URL; method: string } | undefined {
  const opaque = response.type === "opaqueredirect"; // browsers hide the Location of a manual redirect
  if (!opaque && !REDIRECT_STATUSES.has(response.status)) return undefined;
  const location = response.headers.get("location");
  if (!opaque && location === null) return undefined;
  const what = `${method} ${from.pathname}`;
  const fail = (why: string, where: string) =>
    new RedirectError(`${vendor}: ${what} was redirected (HTTP ${response.status}) ${why}`, {
      vendor,
      operation: what,
      status: response.status,
      location: where,
      request: { method, path: from.pathname },
    });
  let target: URL;
  try {
    target = new URL(location ?? "", from);
  } catch {
    throw fail("to an invalid location; not followed", "");
  }
  if (opaque || target.origin !== origin) {
    const where = opaque ? "an undisclosed origin" : target.origin;
    throw fail(`to another origin, ${where}; not followed, so the credentials stay with ${origin}`, where);
  }
  if (count > MAX_REDIRECTS) throw fail(`too many times (too many redirects, over ${MAX_REDIRECTS})`, origin);
  const read = method === "GET" || method === "HEAD";
  if (read || response.status === 307 || response.status === 308) return { url: target, method };
  throw fail(
    `with ${response.status}, which would turn the ${method} into a GET without its body; not followed`,
    origin,
  );
}
