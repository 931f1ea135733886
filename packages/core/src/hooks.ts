import { isSecretKey, REDACTED, scrubText } from "./redact.js";

/** One attempt going out, as {@link RequestHooks.onRequest} sees it. Never a header, a body or a secret. */
export interface RequestEvent {
  vendor: string;
  method: string;
  /** The full URL, with secret-like query parameters `[redacted]` and registered secrets scrubbed. */
  url: string;
  /** 0 for the first attempt, then 1, 2… for each retry (a redirect or a credential refresh keeps the number). */
  attempt: number;
}

/** One attempt's outcome, as {@link RequestHooks.onResponse} sees it. */
export interface ResponseEvent extends RequestEvent {
  /** The HTTP status; undefined when no answer arrived (see `error`). */
  status?: number;
  /** From the request leaving (after any wait for a free slot) to the whole answer read, in ms. */
  durationMs: number;
  /** The vendor's request id header (`x-request-id`, `request-id`, `x-correlation-id`, `x-amzn-requestid`), when it sent one. */
  requestId?: string;
  /** What went wrong when no answer arrived (network failure, timeout, abort, answer too large). */
  error?: unknown;
}

/**
 * Request/response hooks for logging and metrics (pass them in the client options). Called for
 * every attempt, retries included, in order. They must not throw and should return quickly: they
 * run on the request's path.
 */
export interface RequestHooks {
  /** Called as each attempt is sent. */
  onRequest?: (event: RequestEvent) => void;
  /** Called when each attempt has its answer (or its failure). */
  onResponse?: (event: ResponseEvent) => void;
}

const REQUEST_ID_HEADERS = ["x-request-id", "x-correlation-id", "request-id", "x-amzn-requestid"];

/** The vendor's request id, from the first of the usual headers it sent. */
export function requestIdOf(response: Response): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** A URL fit for a log line: secret-like query parameters redacted, registered secrets scrubbed. */
export function shownUrl(url: URL): string {
  if (!url.search) return scrubText(url.href);
  const shown = new URL(url.href);
  for (const key of new Set(shown.searchParams.keys())) {
    if (isSecretKey(key)) shown.searchParams.set(key, REDACTED);
  }
  return scrubText(shown.href);
}

/** A clock for durations: `performance.now()` where the runtime has it (all of ours do), else `Date.now()`. */
export const now = (): number => (globalThis.performance ? performance.now() : Date.now());
