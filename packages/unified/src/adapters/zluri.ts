import type { ClientOptions, User, UserUpdate } from "@userbridge/zluri";
import { createClient, findUserByEmail, getUser, planUpdate, updateUser } from "@userbridge/zluri";
import { type Adapter, bindVendor, defined, stringId } from "../adapter.js";

/** Normalized fields Zluri can set. */
export const zluriCapabilities = ["displayName", "email", "title", "departmentId", "managerId", "active"] as const;
/** A normalized field Zluri can set: the type that `UserChanges` admits for this adapter. */
export type ZluriCapability = (typeof zluriCapabilities)[number];

/** The Zluri adapter's type: its capabilities, its native update (`vendor` escape hatch) and its raw user. */
export type ZluriAdapter = Adapter<"zluri", ZluriCapability, UserUpdate, User>;

/**
 * Zluri's `user_status` has four values. Writing, `active` maps to active|inactive. Reading,
 * `suspended` is not active (false) and `unknown` says nothing (the field is left out).
 */
export function zluriActive(status: string | null | undefined): boolean | undefined {
  if (status === "active") return true;
  if (status === "inactive" || status === "suspended") return false;
  return undefined;
}

/** The Zluri adapter: maps normalized fields onto @userbridge/zluri. */
export function zluri(options: ClientOptions): ZluriAdapter {
  const client = createClient(options);
  return {
    vendor: "zluri",
    capabilities: zluriCapabilities,
    mapping: {
      displayName: (v) => ({ user_name: v }),
      email: (v) => ({ user_email: v }),
      title: (v) => ({ user_designation: v }),
      departmentId: (v) => ({ user_department_id: v }),
      managerId: (v) => ({ reporting_manager_id: v }),
      active: (v) => ({ user_status: v ? "active" : "inactive" }),
    },
    normalize: (raw) => ({
      vendor: "zluri",
      id: String(raw.user_id ?? raw._id ?? ""),
      ...defined({
        displayName: raw.user_name,
        email: raw.user_email,
        title: raw.user_designation,
        departmentId: raw.user_department_id,
        managerId: raw.reporting_manager_id ?? raw.user_reporting_manager_id,
        active: zluriActive(raw.user_status),
      }),
      raw,
    }),
    vendorId: stringId,
    ...bindVendor(client, { getUser, findUserByEmail, planUpdate, updateUser }),
  };
}
