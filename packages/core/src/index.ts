export { basicAuth, bearerAuth, headerAuth, type IssuedToken, type TokenAuthOptions, tokenAuth } from "./auth.js";
export { type BaseUrlPolicy, checkBaseUrl } from "./base-url.js";
export { apiErrorFrom, type ErrorMapping, type OperationContext, send, summarize, wrapThrown } from "./call.js";
export {
  type CommonClientOptions,
  clientTransport,
  createVendorClient,
  encodePathSegment,
  serializePath,
  type VendorHooks,
} from "./client.js";
export { deepEqual } from "./equal.js";
export {
  AmbiguousMatchError,
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
  UnappliedChangesError,
  UnsupportedFieldError,
  UserbridgeError,
  type UserbridgeErrorOptions,
  ValidationError,
} from "./errors.js";
export { type FindByEmail, findOneByEmail } from "./find.js";
export {
  type HttpMethod,
  type PlannedRequest,
  type RenderedRequest,
  renderRequest,
  sendPlanned,
  type UpdatePlan,
} from "./plan.js";
export { isSecretKey, REDACTED, redactHeaders, redactValue, registerSecret, scrubText } from "./redact.js";
export { safeCopy, wireCopy } from "./safe-copy.js";
export { FORMATS, type Schema, type SchemaDefs, SUPPORTED_KEYWORDS, schemaValidator } from "./schema.js";
export {
  type AuthProvider,
  backoffDelay,
  createTransport,
  type LogEvent,
  type Logger,
  parseRetryAfter,
  type RetryClassifier,
} from "./transport.js";
export {
  assertNoIssues,
  assertValid,
  type Check,
  collectIssues,
  issuesFrom,
  type Validator,
  type ValidatorError,
} from "./validation.js";
