import type { ClientOptions, User, UserCreate, UserUpdate } from "@userbridge/zluri";
import {
  createClient,
  createUser,
  findUserByEmail,
  getUser,
  listUsers,
  planCreate,
  planUpdate,
  updateUser,
} from "@userbridge/zluri";
import { type Adapter, bindVendor, defined, type LifecycleAdapter, refuse, stringId } from "../adapter.js";
import { lifecycleVerbs } from "../lifecycle.js";

const CANNOT_CLEAR = "cannot be cleared at Zluri: its update takes an ObjectId only (set another one instead)";

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
  return zluriOn(createClient(options));
}

function zluriOn(client: ReturnType<typeof createClient>): ZluriAdapter {
  return {
    vendor: "zluri",
    capabilities: zluriCapabilities,
    readOnly: [],
    // no login name: people sign in by email.
    signsInBy: "email",
    // user_email is required at creation (https://developers.zluri.com/reference/adduser, Fields Table)
    // and an update takes only a valid email (shared/vendor-docs/001_1e0a6dff15f1f8af.txt:9, "must be a
    // valid email"): no way to clear it.
    mandatory: ["email"],
    mapping: {
      displayName: (v) => ({ user_name: v }),
      email: (v) => ({ user_email: v }),
      title: (v) => ({ user_designation: v }),
      // Zluri documents no way to clear either: both take an ObjectId only
      // (shared/vendor-docs/001_1e0a6dff15f1f8af.txt, Supported Fields Table), so "" is refused.
      departmentId: (v) => ({ user_department_id: v || refuse(CANNOT_CLEAR) }),
      managerId: (v) => ({ reporting_manager_id: v || refuse(CANNOT_CLEAR) }),
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

/** Normalized fields a Zluri create requires (user_name, user_email), and the others it takes. */
export const zluriCreateRequired = ["displayName", "email"] as const;
/** The normalized fields a create takes besides the required ones. */
export const zluriCreateOptional = ["title", "departmentId", "active"] as const;

/** The Zluri adapter with create and list: Zluri documents no delete, so it has none. */
export type ZluriLifecycleAdapter = LifecycleAdapter<
  "zluri",
  ZluriCapability,
  UserUpdate,
  User,
  (typeof zluriCreateRequired)[number],
  (typeof zluriCreateOptional)[number],
  UserCreate,
  User,
  false
>;

/**
 * The Zluri adapter with what Zluri documents of the lifecycle: `create` (`POST /add-user`;
 * looked up by email after a lost answer) and `list` (the vendor filters `email` and `active`
 * itself: `user_email`, and `user_status` active, or inactive/suspended for `active: false`).
 * No `delete`: Zluri documents none (archive with `update(id, { vendor: { user_archive: true } })`).
 */
export function zluriLifecycle(options: ClientOptions): ZluriLifecycleAdapter {
  const client = createClient(options);
  const adapter = zluriOn(client);
  return {
    ...adapter,
    lifecycle: {
      required: zluriCreateRequired,
      optional: zluriCreateOptional,
      createMapping: {
        displayName: (v) => ({ user_name: v }),
        email: (v) => ({ user_email: v }),
        title: (v) => ({ user_designation: v }),
        departmentId: (v) => ({ user_department_id: v }),
        active: (v) => ({ user_status: v ? "active" : "inactive" }),
      },
      create: (input) => createUser(client, input),
      planCreate: (input) => planCreate(client, input),
      async *list({ email, active, pageSize, signal }) {
        const filter_by = [
          ...(email === undefined ? [] : [{ field_id: "user_email", field_values: [email] }]),
          ...(active === undefined
            ? []
            : [{ field_id: "user_status", field_values: active ? ["active"] : ["inactive", "suspended"] }]),
        ];
        const query = defined({ filter_by: filter_by.length ? filter_by : undefined, pageSize, signal });
        for await (const raw of listUsers(client, query)) yield adapter.normalize(raw);
      },
      deletes: false,
      verbs: lifecycleVerbs,
    },
  };
}
