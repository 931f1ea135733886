export { type AuthProvider, type LogEvent, type Logger, type RetryClassifier, createTransport, parseRetryAfter, backoffDelay } from "./transport.js";
export { basicAuth, bearerAuth, headerAuth, type IssuedToken, tokenAuth, type TokenAuthOptions } from "./auth.js";
export { type BaseUrlPolicy, checkBaseUrl } from "./base-url.js";
export { apiErrorFrom, type ErrorMapping, type OperationContext, send, summarize, wrapThrown } from "./call.js";
export { type CommonClientOptions, createVendorClient, encodePathSegment, serializePath, type VendorHooks } from "./client.js";
export {
  ApiError,
  type ApiErrorClass,
  type ApiErrorOptions,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  errorClassForStatus,
  InvalidInputError,
  type Issue,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RequestSummary,
  ServerError,
  TimeoutError,
  UnsupportedFieldError,
  UserbridgeError,
  type UserbridgeErrorOptions,
  ValidationError,
} from "./errors.js";
export { isSecretKey, REDACTED, redactHeaders, redactValue, registerSecret, scrubText } from "./redact.js";
export { safeCopy } from "./safe-copy.js";
export { assertValid, type Check, issuesFrom, type Validator, type ValidatorError } from "./validation.js";
