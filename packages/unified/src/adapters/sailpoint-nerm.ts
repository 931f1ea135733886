import { renderRequest } from "@userbridge/core";
import {
  type ClientOptions,
  createClient,
  getUser,
  planUpdate,
  type User,
  type UserUpdate,
  updateUser,
} from "@userbridge/sailpoint-nerm";
import { type Adapter, defined, stringId } from "../adapter.js";

/** Normalized fields SailPoint NERM can set. */
export const sailpointNermCapabilities = ["displayName", "email", "username", "title", "locale", "active"] as const;
export type SailpointNermCapability = (typeof sailpointNermCapabilities)[number];

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
    get: (id) => getUser(client, String(id)),
    plan: (id, update) => planUpdate(client, String(id), update),
    update: (id, update) => updateUser(client, String(id), update),
    render: (request) => renderRequest(client, request),
  };
}
