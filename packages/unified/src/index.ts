export type { Adapter } from "./adapter.js";
export { type ConnectedUsers, connect, splitByCapability, type UpdatePreview } from "./connect.js";
export { connectVendor, type VendorName, vendorNames } from "./connect-vendor.js";
export { FIELD_NAMES, type FieldName, type NormalizedFields, type NormalizedUser, type UserChanges } from "./model.js";
