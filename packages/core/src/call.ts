import { defined } from "./defined.js";
import {
  type ApiError,
  type ApiErrorClass,
  ConnectionError,
  errorClassForStatus,
  type Issue,
  type RateLimitError,
  type RequestSummary,
  TimeoutError,
  UserbridgeError,
} from "./errors.js";
import { requestIdOf } from "./hooks.js";
import { redactValue, scrubText } from "./redact.js";
import { isTimeout, parseRetryAfter } from "./transport.js";

/** How one vendor's failures are read: the vendor's messages, and any status it uses its own way. */
export interface ErrorMapping {
  vendor: string;
  /** The vendor's own messages in an error body, as issues. Must not throw on odd bodies. */
  issues(body: unknown): Issue[];
  /** A class other than the status's default (e.g. Nexudus: 409 + Retry-After is a rate limit). */
  classify?(response: Response, body: unknown): ApiErrorClass | undefined;
}

/**
 * What a vendor package's operation tells {@link send} and {@link apiErrorFrom}: its name (it appears
 * in every error), how the vendor's error bodies read, and a redacted summary of the request.
 */
export interface OperationContext {
  operation: string;
  errors: ErrorMapping;
  request?: RequestSummary;
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The most of an error body kept on `err.body`, in UTF-8 bytes. */
export const ERROR_BODY_EXCERPT_BYTES = 8 * 1024;
const CUT = "…[cut]";

/** `text` cut to at most `bytes` UTF-8 bytes, marker included (never inside a character). */
function excerpt(text: string, bytes: number): string {
  const encoder = new TextEncoder();
  if (text.length * 3 <= bytes || encoder.encode(text).byteLength <= bytes) return text;
  const room = new Uint8Array(bytes - encoder.encode(CUT).byteLength);
  const { read } = encoder.encodeInto(text, room);
  return `${text.slice(0, read)}${CUT}`;
}

/**
 * Keeps a large or HTML error body from bloating an error: a body whose text (JSON for a parsed
 * body, redacted first) passes 8 KB is kept as an 8 KB excerpt of that text instead.
 */
function boundedBody(body: unknown): unknown {
  if (typeof body === "string") return excerpt(body, ERROR_BODY_EXCERPT_BYTES);
  if (typeof body !== "object" || body === null) return body;
  const redacted = redactValue(body);
  const text = JSON.stringify(redacted);
  const cut = excerpt(text, ERROR_BODY_EXCERPT_BYTES);
  return cut === text ? redacted : cut;
}

/** Builds the typed error for a failed answer, keeping the vendor's messages. */
export function apiErrorFrom(response: Response, body: unknown, ctx: OperationContext, cls?: ApiErrorClass): ApiError {
  const Class = cls ?? ctx.errors.classify?.(response, body) ?? errorClassForStatus(response.status);
  let issues: Issue[] = [];
  try {
    issues = ctx.errors.issues(body).map((i) => ({ path: i.path, message: scrubText(i.message) }));
  } catch {
    // an odd body the vendor's reader could not take: no issues
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (issues.length === 0 && typeof body === "string" && body.trim() !== "" && !contentType.includes("json")) {
    // A short plain text (no markup, e.g. ONLYOFFICE's `Unauthorized`) is the vendor's message.
    const text = body.length <= 200 && !body.includes("<") ? scrubText(body.trim()) : "";
    issues = [{ path: "", message: text || `non-JSON answer (${contentType || "no content type"})` }];
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  const requestId = requestIdOf(response);
  const options = {
    vendor: ctx.errors.vendor,
    operation: ctx.operation,
    status: response.status,
    issues,
    body: boundedBody(body),
    ...defined({ requestId, request: ctx.request, retryAfterMs }),
  };
  const message = `${ctx.errors.vendor} ${ctx.operation} failed (HTTP ${response.status})`;
  return new (Class as typeof RateLimitError)(message, options); // every ApiError class takes these options
}

/** Maps anything thrown while calling or parsing into our classes (a JSON parse crash becomes ConnectionError). */
export function wrapThrown(error: unknown, ctx: OperationContext): UserbridgeError {
  if (error instanceof UserbridgeError) return error;
  const base = {
    vendor: ctx.errors.vendor,
    operation: ctx.operation,
    cause: error,
    ...defined({ request: ctx.request }),
  };
  if (isTimeout(error)) {
    return new TimeoutError(`${ctx.errors.vendor} ${ctx.operation}: the answer did not arrive in time`, base);
  }
  if (error instanceof SyntaxError) {
    return new ConnectionError(`${ctx.errors.vendor} ${ctx.operation}: the answer was not the JSON promised`, base);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionError(`${ctx.errors.vendor} ${ctx.operation} failed: ${scrubText(message)}`, base);
}

/**
 * Runs one openapi-fetch call and returns its data, or throws the typed error: openapi-fetch never
 * throws on 4xx/5xx, so this is where `{ error }` becomes an exception.
 */
export async function send<D>(
  ctx: OperationContext,
  run: () => Promise<FetchResult<D>>,
): Promise<{ data: D; response: Response }> {
  let result: FetchResult<D>;
  try {
    result = await run();
  } catch (error) {
    throw wrapThrown(error, ctx);
  }
  const { response } = result;
  if (!response.ok || result.error !== undefined) throw apiErrorFrom(response, result.error, ctx);
  if (result.data === undefined) {
    throw new ConnectionError(`${ctx.errors.vendor} ${ctx.operation}: HTTP ${response.status} with an empty body`, {
      vendor: ctx.errors.vendor,
      operation: ctx.operation,
      status: response.status,
    });
  }
  return { data: result.data, response };
}

/** Method, path and body keys: what an error may say about the request that failed. */
export function summarize(method: string, path: string, body?: unknown): RequestSummary {
  const summary: RequestSummary = { method, path };
  if (body && typeof body === "object" && !Array.isArray(body)) summary.bodyKeys = Object.keys(body);
  return summary;
}
