import type { ClientOptions, User, UserUpdate } from "@userbridge/sailpoint-nerm";
import { createClient, findUserByEmail, getUser, planUpdate, updateUser } from "@userbridge/sailpoint-nerm";
import { type Adapter, bindVendor, defined, stringId } from "../adapter.js";

/** Normalized fields SailPoint NERM can set. */
export const sailpointNermCapabilities = ["displayName", "email", "username", "title", "locale", "active"] as const;
/** A normalized field SailPoint NERM can set: the type that `UserChanges` admits for this adapter. */
export type SailpointNermCapability = (typeof sailpointNermCapabilities)[number];

/** The SailPoint NERM adapter's type: its capabilities, its native update (`vendor` escape hatch) and its raw user. */
export type SailpointNermAdapter = Adapter<"sailpoint-nerm", SailpointNermCapability, UserUpdate, User>;

/** NERM's status: Active is active; Disabled and Pending (not yet onboarded) are not. */
export function nermActive(status: string | null | undefined): boolean | undefined {
  if (status === "Active") return true;
  if (status === "Disabled" || status === "Pending") return false;
  return undefined;
}

/** The SailPoint NERM adapter: maps normalized fields onto @userbridge/sailpoint-nerm. */
export function sailpointNerm(options: ClientOptions): SailpointNermAdapter {
  const client = createClient(options);
  return {
    vendor: "sailpoint-nerm",
    capabilities: sailpointNermCapabilities,
    mapping: {
      displayName: (v) => ({ name: v }),
      email: (v) => ({ email: v }),
      username: (v) => ({ login: v }),
      title: (v) => ({ title: v }),
      locale: (v) => ({ locale: v }),
      active: (v) => ({ status: v ? "Active" : "Disabled" }),
    },
    normalize: (raw) => ({
      vendor: "sailpoint-nerm",
      id: raw.id,
      ...defined({
        displayName: raw.name,
        email: raw.email,
        username: raw.login,
        title: raw.title,
        locale: raw.locale,
        active: nermActive(raw.status),
      }),
      raw,
    }),
    vendorId: stringId,
    ...bindVendor(client, { getUser, findUserByEmail, planUpdate, updateUser }),
  };
}
