export { type ClientOptions, createClient, type SailPointNermClient } from "./client.js";
export { SPEC_VERSION } from "./generated/meta.js";
export type { components, paths } from "./generated/schema.js";
export {
  createUser,
  deleteUser,
  listUsers,
  MAX_PAGE_SIZE,
  planCreate,
  planDelete,
  type UserCreate,
  type UserQuery,
} from "./lifecycle.js";
export { findUserByEmail, getUser, planUpdate, type User, type UserUpdate, updateUser } from "./users.js";
