/**
 * Nexudus's ways:
 * - it throttles with **HTTP 409** + `Retry-After` (empty body), not 429; a 409 without
 *   `Retry-After` is a real conflict;
 * - the outcome of a write is the envelope's `WasSuccessful`, whatever the status; its `Errors[]`
 *   carry `{PropertyName, Message}`;
 * - the token endpoint refuses bad credentials and bad refresh tokens with **HTTP 400**
 *   `{"error":"invalid_grant",...}`: an authentication failure, not a validation error
 *   (vardhan341/api-docs@076ff0c233e00c7cd9d54b27130e43d1f0a119c9:token-authentication-oauth.md);
 * - other failures are ASP.NET `{Message}`, OAuth2 `{error, error_description}` (token endpoint),
 *   a bare JSON string or an HTML page (404 is undocumented).
 */
import {
  AuthenticationError,
  apiErrorFrom,
  type ErrorMapping,
  type Issue,
  type OperationContext,
  RateLimitError,
  ValidationError,
} from "@userbridge/core/internal";

/** Transport hook: a 409 with Retry-After is a throttle (retry it), without one a conflict (never). */
export const retryable = (response: Response): boolean | undefined =>
  response.status === 409 ? response.headers.has("retry-after") : undefined;

const failed = (body: unknown): boolean => (body as { WasSuccessful?: unknown } | null)?.WasSuccessful === false;

export const errors: ErrorMapping = {
  vendor: "nexudus",
  issues(body): Issue[] {
    // A bare JSON string is a message; an HTML page (or nothing) has none: core says "non-JSON answer".
    if (typeof body === "string") return /^\s*[^\s<]/.test(body) ? [{ path: "", message: body.slice(0, 300) }] : [];
    if (!body || typeof body !== "object") return [];
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.Errors) && b.Errors.length > 0) {
      return b.Errors.map((e: { PropertyName?: unknown; Message?: unknown } | null) => ({
        path: String(e?.PropertyName ?? ""),
        message: String(e?.Message ?? "invalid"),
      }));
    }
    const message = b.error_description ?? b.Message ?? b.error;
    return typeof message === "string" && message ? [{ path: "", message }] : [];
  },
  classify: (response, body) =>
    (body as { error?: unknown } | null)?.error === "invalid_grant"
      ? AuthenticationError
      : failed(body)
        ? ValidationError
        : retryable(response)
          ? RateLimitError
          : undefined,
};

/** The answer, or the ValidationError its `WasSuccessful: false` stands for (even on HTTP 200). */
export function checked<T>(data: T, response: Response, ctx: OperationContext): T {
  if (failed(data)) throw apiErrorFrom(response, data, ctx);
  return data;
}
