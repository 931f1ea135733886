/**
 * `@userbridge/core`: what every userbridge client shares and an application may need by name: the
 * error classes (each vendor package re-exports them too), the client and per-call options, the
 * request/response hooks, update plans and secret registration. What the vendor packages build on
 * lives in `@userbridge/core/internal`, which is not a public API.
 * @module
 */
export type { CallOptions } from "./call-options.js";
export type { CommonClientOptions } from "./client.js";
export {
  AbortedError,
  AmbiguousMatchError,
  ApiError,
  type ApiErrorOptions,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InvalidInputError,
  type Issue,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  type RequestSummary,
  ResponseTooLargeError,
  type ResponseTooLargeErrorOptions,
  ServerError,
  TimeoutError,
  UnappliedChangesError,
  type UnappliedField,
  UnsupportedFieldError,
  UserbridgeError,
  type UserbridgeErrorOptions,
  ValidationError,
} from "./errors.js";
export type { RequestEvent, RequestHooks, ResponseEvent } from "./hooks.js";
export type { ListOptions } from "./list.js";
export { type HttpMethod, type PlannedRequest, type RenderedRequest, renderRequest, type UpdatePlan } from "./plan.js";
export { REDACTED, registerSecret } from "./redact.js";
export type { LogEvent, Logger } from "./transport.js";
