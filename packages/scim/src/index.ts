export { type ConnectedLike, type FieldChanges, fromConnected, type ScimBackend } from "./backend.js";
export { ERROR_SCHEMA, ScimError, type ScimType, toScimError } from "./errors.js";
export { createScimHandler, type DeleteMode, type ScimHandlerOptions, type ScimLogEntry } from "./handler.js";
export { SCIM_CONTENT_TYPE } from "./http.js";
export type { ScimResource } from "./mapping.js";
export { profileFor, type VendorProfile } from "./profile.js";
export {
  type AttributeDefinition,
  ENTERPRISE_SCHEMA,
  LIST_SCHEMA,
  PATCH_SCHEMA,
  USER_SCHEMA,
  USERBRIDGE_SCHEMA,
} from "./schemas.js";
export { MemoryScimStore, type ScimStore, StoreBusyError, StoreConflictError, type StoredState } from "./store.js";
