import type { ClientOptions, User, UserCreate, UserUpdate } from "@userbridge/sailpoint-nerm";
import {
  createClient,
  createUser,
  deleteUser,
  findUserByEmail,
  findUserByLogin,
  getUser,
  listUsers,
  planCreate,
  planDelete,
  planUpdate,
  updateUser,
} from "@userbridge/sailpoint-nerm";
import { type Adapter, bindVendor, defined, type LifecycleAdapter, stringId } from "../adapter.js";
import { lifecycleVerbs } from "../lifecycle.js";

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
  return nermOn(createClient(options));
}

function nermOn(client: ReturnType<typeof createClient>): SailpointNermAdapter {
  return {
    vendor: "sailpoint-nerm",
    capabilities: sailpointNermCapabilities,
    readOnly: [],
    // `login` is the sign-in name (api-specs nerm/schemas/POST/User.yaml:2 requires it).
    signsInBy: "username",
    // name and email are required on a user (sailpoint-oss/api-specs@81ef79d:nerm/schemas/POST/User.yaml:2-6; a blank name "can't be blank").
    mandatory: ["displayName", "email"],
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
    findByUsername: (username, options) => findUserByLogin(client, username, options),
  };
}

/** Normalized fields a NERM create requires (name, email, login), and the others it takes. */
export const sailpointNermCreateRequired = ["displayName", "email", "username"] as const;
/** The normalized fields a create takes besides the required ones. */
export const sailpointNermCreateOptional = ["title", "locale", "active", "password"] as const;

/** The SailPoint NERM adapter with create, list and delete. */
export type SailpointNermLifecycleAdapter = LifecycleAdapter<
  "sailpoint-nerm",
  SailpointNermCapability,
  UserUpdate,
  User,
  (typeof sailpointNermCreateRequired)[number],
  (typeof sailpointNermCreateOptional)[number],
  UserCreate,
  User,
  true
>;

/**
 * The SailPoint NERM adapter with the whole lifecycle: `create` (`POST /user`; looked up by login
 * after a lost answer; `type` is `NeprofileUser`, the vendor spec's default, unless
 * `vendor.type` says otherwise), `list` (`email` and `active: true` filtered by the vendor;
 * `active: false` means Disabled or Pending, which NERM cannot filter in one listing: every user
 * is listed and filtered here, costing a full listing), `delete`.
 */
export function sailpointNermLifecycle(options: ClientOptions): SailpointNermLifecycleAdapter {
  const client = createClient(options);
  const adapter = nermOn(client);
  return {
    ...adapter,
    lifecycle: {
      required: sailpointNermCreateRequired,
      optional: sailpointNermCreateOptional,
      createMapping: {
        displayName: (v) => ({ name: v }),
        email: (v) => ({ email: v }),
        username: (v) => ({ login: v }),
        title: (v) => ({ title: v }),
        locale: (v) => ({ locale: v }),
        active: (v) => ({ status: v ? "Active" : "Disabled" }),
        password: (v) => ({ password: v }),
      },
      createDefaults: { type: "NeprofileUser" },
      create: (input) => createUser(client, input),
      planCreate: (input) => planCreate(client, input),
      async *list({ email, active, pageSize, signal }) {
        const query = defined({
          email,
          user_status: active === true ? ("Active" as const) : undefined,
          pageSize,
          signal,
        });
        for await (const raw of listUsers(client, query)) yield adapter.normalize(raw);
      },
      deletes: true,
      remove: (id) => deleteUser(client, String(id)),
      planRemove: (id) => planDelete(client, String(id)),
      verbs: lifecycleVerbs,
    },
  };
}
