export type { Adapter, AdapterLifecycle, DeleteOptions, LifecycleAdapter, ListQuery, NewUser } from "./adapter.js";
export {
  type ConnectedLifecycle,
  type ConnectedUsers,
  connect,
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
