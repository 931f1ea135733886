export { type ClientOptions, createClient, type SnipeItClient } from "./client.js";
export { SPEC_VERSION } from "./generated/meta.js";
export type { components, paths } from "./generated/schema.js";
export { decodeHtml } from "./html.js";
export { findUserByEmail, getUser, planUpdate, type User, type UserUpdate, updateUser } from "./users.js";
