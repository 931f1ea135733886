export { type ClientOptions, createClient, type SnipeItClient } from "./client.js";
export type { components, paths } from "./generated/schema.js";
export { SPEC_VERSION } from "./generated/meta.js";
export { getUser, type User, type UserUpdate, updateUser } from "./users.js";
