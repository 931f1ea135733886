// The error classes the facade's methods throw (the same classes as @userbridge/core's, so
// `e instanceof NotFoundError` holds whichever package it is imported from), and the per-call options.
export {
  AbortedError,
  AmbiguousMatchError,
  ApiError,
  AuthenticationError,
  type CallOptions,
  ConflictError,
  ConnectionError,
  InvalidInputError,
  type Issue,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnappliedChangesError,
  UnsupportedFieldError,
  UserbridgeError,
  ValidationError,
} from "@userbridge/core";
export type { Adapter, AdapterLifecycle, DeleteOptions, LifecycleAdapter, ListQuery, NewUser } from "./adapter.js";
export {
  type ConnectedLifecycle,
  type ConnectedUsers,
  connect,
  type FindQuery,
  splitByCapability,
  type UpdatePreview,
} from "./connect.js";
export { connectVendor, type VendorName, vendorNames } from "./connect-vendor.js";
export {
  type ExactChanges,
  FIELD_NAMES,
  type FieldName,
  type NormalizedFields,
  type NormalizedUser,
  type Refused,
  type UserChanges,
} from "./model.js";
