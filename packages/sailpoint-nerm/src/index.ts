// The error classes this package's functions throw (the same classes as @userbridge/core's, so
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
  UserbridgeError,
  ValidationError,
} from "@userbridge/core";
export { type ClientOptions, createClient, type SailPointNermClient } from "./client.js";
export { SPEC_VERSION } from "./generated/meta.js";
export type { components, paths } from "./generated/schema.js";
export {
  createUser,
  deleteUser,
  findUserByLogin,
  listUsers,
  MAX_PAGE_SIZE,
  planCreate,
  planDelete,
  type UserCreate,
  type UserQuery,
} from "./lifecycle.js";
export { findUserByEmail, getUser, planUpdate, type User, type UserUpdate, updateUser } from "./users.js";
