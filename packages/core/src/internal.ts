/**
 * `@userbridge/core/internal`: what the userbridge vendor packages, the facade, bulk and the CLI
 * build on (transport, request validation, error mapping, plans, verification). Not a public API:
 * it changes with the packages that use it, without a major version. Applications import
 * `@userbridge/core` (or only their vendor package, which re-exports the error classes).
 * @internal
 * @module
 */

export { basicAuth, bearerAuth, headerAuth, type IssuedToken, type TokenAuthOptions, tokenAuth } from "./auth.js";
export { apiBase, type BaseUrlPolicy, checkBaseUrl, serverRoot } from "./base-url.js";
export {
  apiErrorFrom,
  ERROR_BODY_EXCERPT_BYTES,
  type ErrorMapping,
  type OperationContext,
  send,
  summarize,
  wrapThrown,
} from "./call.js";
export { withCallOptions } from "./call-options.js";
export {
  clientTransport,
  createVendorClient,
  encodePathSegment,
  optionIssues,
  type RuntimeGlobals,
  serializePath,
  userAgent,
  type VendorHooks,
  verifies,
} from "./client.js";
export { type CreateOnceOptions, createOnce, isAmbiguous } from "./create.js";
export { defined } from "./defined.js";
export { deepEqual } from "./equal.js";
export { type ApiErrorClass, errorClassForStatus, IssueList, MAX_ISSUES } from "./errors.js";
export { findOneBy, findOneByEmail, noneIfNotFound } from "./find.js";
export { requestIdOf, shownUrl } from "./hooks.js";
export * from "./index.js";
export { collect, type Page, type PageRequest, type PagerOptions, paginate } from "./list.js";
export { oneLine } from "./one-line.js";
export { sendPlanned } from "./plan.js";
export { isSecretKey, redactHeaders, redactValue, scrubText, withoutCredentials } from "./redact.js";
export { safeCopy, wireCopy } from "./safe-copy.js";
export { FORMATS, type Schema, type SchemaDefs, SUPPORTED_KEYWORDS, schemaValidator } from "./schema.js";
export {
  type AuthProvider,
  backoffDelay,
  createTransport,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RESPONSE_BYTES,
  networkReason,
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
