export { type ClientOptions, createClient, DEFAULT_BASE_URL, type ZluriClient } from "./client.js";
export { SPEC_VERSION } from "./generated/meta.js";
export type { components, paths } from "./generated/schema.js";
export {
  createUser,
  listUsers,
  MAX_PAGE_SIZE,
  planCreate,
  type UserCreate,
  type UserQuery,
} from "./lifecycle.js";
export { findUserByEmail, getUser, planUpdate, type User, type UserUpdate, updateUser } from "./users.js";
