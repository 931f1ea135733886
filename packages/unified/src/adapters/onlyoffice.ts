import type { ClientOptions, User, UserCreate, UserUpdate } from "@userbridge/onlyoffice";
import {
  createClient,
  createUser,
  deleteUser,
  findUserByEmail,
  getUser,
  listUsers,
  planCreate,
  planDelete,
  planUpdate,
  updateUser,
} from "@userbridge/onlyoffice";
import { type Adapter, bindVendor, defined, type LifecycleAdapter, stringId } from "../adapter.js";
import { lifecycleVerbs } from "../lifecycle.js";

/** Normalized fields ONLYOFFICE can set (email goes through its own endpoint, inside the same update). */
export const onlyofficeCapabilities = [
  "givenName",
  "familyName",
  "email",
  "title",
  "departmentId",
  "managerId",
  "notes",
  "active",
] as const;
/** A normalized field ONLYOFFICE can set: the type that `UserChanges` admits for this adapter. */
export type OnlyofficeCapability = (typeof onlyofficeCapabilities)[number];

/** The ONLYOFFICE adapter's type: its capabilities, its native update (`vendor` escape hatch) and its raw user. */
export type OnlyofficeAdapter = Adapter<"onlyoffice", OnlyofficeCapability, UserUpdate, User>;

/** ONLYOFFICE status: 1 Active and 4 LeaveOfAbsence keep the account; 2 Terminated does not. */
export function onlyofficeActive(status: number | undefined): boolean | undefined {
  if (status === 1 || status === 4) return true;
  if (status === 2) return false;
  return undefined;
}

/** The ONLYOFFICE adapter: maps normalized fields onto @userbridge/onlyoffice. */
export function onlyoffice(options: ClientOptions): OnlyofficeAdapter {
  const client = createClient(options);
  return {
    vendor: "onlyoffice",
    capabilities: onlyofficeCapabilities,
    // normalize returns displayName, mobilePhone, cultureName, isAdmin and userName without setting them.
    readOnly: ["displayName", "username", "phone", "locale", "admin"],
    // ONLYOFFICE signs people in by email (its `userName` is not settable here).
    signsInBy: "email",
    // the sign-in email: an empty one changes nothing (ONLYOFFICE/CommunityServer@7c503dfb5
    // module/ASC.Api/ASC.Employee/EmployeeApi.cs:1115, ChangeUserEmail sets it only when not empty).
    mandatory: ["email"],
    mapping: {
      givenName: (v) => ({ firstname: v }),
      familyName: (v) => ({ lastname: v }),
      email: (v) => ({ email: v }),
      title: (v) => ({ title: v }),
      // A user's departments are a list; the normalized single department replaces it, and ""
      // (cleared) empties it: the user leaves every group (EmployeeApi.cs:608-637, as the spec says).
      departmentId: (v) => ({ department: v ? [v] : [] }),
      // "" (cleared) → null: no lead (EmployeeApi.cs:782-785; a `Guid?` binds null as null).
      managerId: (v) => ({ lead: v || null }),
      notes: (v) => ({ comment: v }),
      active: (v) => ({ disable: !v }),
    },
    normalize: (raw) => ({
      vendor: "onlyoffice",
      id: String(raw.id ?? ""),
      ...defined({
        givenName: raw.firstName,
        familyName: raw.lastName,
        displayName: raw.displayName,
        email: raw.email,
        username: raw.userName,
        title: raw.title,
        departmentId: raw.groups?.[0]?.id,
        managerId: raw.lead,
        phone: raw.mobilePhone,
        notes: raw.notes,
        locale: raw.cultureName,
        active: onlyofficeActive(raw.status),
        admin: raw.isAdmin,
      }),
      raw,
    }),
    vendorId: stringId,
    ...bindVendor(client, { getUser, findUserByEmail, planUpdate, updateUser }),
  };
}

/** Normalized fields an ONLYOFFICE create requires (AddMember's email, firstname, lastname), and the others it takes. */
export const onlyofficeCreateRequired = ["givenName", "familyName", "email"] as const;
/** The normalized fields a create takes besides the required ones. */
export const onlyofficeCreateOptional = ["title", "departmentId", "managerId", "notes", "password"] as const;

/** The ONLYOFFICE adapter with create, list and delete. */
export type OnlyofficeLifecycleAdapter = LifecycleAdapter<
  "onlyoffice",
  OnlyofficeCapability,
  UserUpdate,
  User,
  (typeof onlyofficeCreateRequired)[number],
  (typeof onlyofficeCreateOptional)[number],
  UserCreate,
  User,
  true
>;

/**
 * The ONLYOFFICE adapter with the whole lifecycle: `create` (AddMember, `POST /api/2.0/people`;
 * looked up by email after a lost answer; a full user unless `vendor.isVisitor`), `list`
 * (`GET /api/2.0/people/filter`: `email` searched by the vendor with `filterValue` and matched
 * exactly here; `active: false` is `employeeStatus=Terminated`; `active: true` means Active or
 * LeaveOfAbsence, which one vendor filter cannot say: filtered here, costing a full listing),
 * `delete` (only a Terminated user; `{ deactivateFirst: true }` terminates it first).
 */
export function onlyofficeLifecycle(options: ClientOptions): OnlyofficeLifecycleAdapter {
  // A client of its own for the lifecycle calls (same options, so the same fetch, gate and token):
  // `onlyoffice` stays as it was, so an update-only app's bundle does not change by a byte.
  const client = createClient(options);
  const adapter = onlyoffice(options);
  return {
    ...adapter,
    lifecycle: {
      required: onlyofficeCreateRequired,
      optional: onlyofficeCreateOptional,
      createMapping: {
        givenName: (v) => ({ firstname: v }),
        familyName: (v) => ({ lastname: v }),
        email: (v) => ({ email: v }),
        title: (v) => ({ title: v }),
        departmentId: (v) => ({ department: [v] }),
        managerId: (v) => ({ lead: v }),
        notes: (v) => ({ comment: v }),
        password: (v) => ({ password: v }),
      },
      create: (input) => createUser(client, input),
      planCreate: (input) => planCreate(client, input),
      async *list({ email, active, pageSize, signal }) {
        const query = defined({
          filterValue: email,
          employeeStatus: active === false ? ("Terminated" as const) : undefined,
          pageSize,
          signal,
        });
        for await (const raw of listUsers(client, query)) yield adapter.normalize(raw);
      },
      deletes: true,
      remove: (id, options) => deleteUser(client, String(id), options),
      planRemove: (id, options) => planDelete(client, String(id), options),
      verbs: lifecycleVerbs,
    },
  };
}
