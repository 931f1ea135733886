export { basicAuth, bearerAuth, headerAuth, type IssuedToken, type TokenAuthOptions, tokenAuth } from "./auth.js";
export { type BaseUrlPolicy, checkBaseUrl } from "./base-url.js";
export {
  apiErrorFrom,
  ERROR_BODY_EXCERPT_BYTES,
  type ErrorMapping,
  type OperationContext,
  send,
  summarize,
  wrapThrown,
} from "./call.js";
export {
  type CommonClientOptions,
  clientTransport,
  createVendorClient,
  encodePathSegment,
  type RuntimeGlobals,
  serializePath,
  userAgent,
  type VendorHooks,
  verifies,
} from "./client.js";
export { type CreateOnceOptions, createOnce, isAmbiguous } from "./create.js";
export { defined } from "./defined.js";
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
  IssueList,
  MAX_ISSUES,
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
export { findOneByEmail } from "./find.js";
export { collect, type ListOptions, type Page, type PageRequest, type PagerOptions, paginate } from "./list.js";
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
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RESPONSE_BYTES,
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
export { asSet, instant, unappliedFields, type VerifyRules, verifyApplied } from "./verify.js";
export { sendWholeRecord, type WholeRecordGuard } from "./whole-record.js";
