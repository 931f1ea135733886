export { type ClientOptions, createClient, type OnlyofficeClient } from "./client.js";
export { SPEC_VERSION } from "./generated/meta.js";
export type { components, paths } from "./generated/schema.js";
export {
  ActiveUserError,
  createUser,
  deleteUser,
  listUsers,
  MAX_PAGE_SIZE,
  planCreate,
  planDelete,
  type UserCreate,
  type UserQuery,
} from "./lifecycle.js";
export { HiddenContactsError, InactiveUserError, ManagedUserError, ReactivationError } from "./quirks.js";
export { findUserByEmail, getUser, planUpdate, type User, type UserUpdate, updateUser } from "./users.js";
