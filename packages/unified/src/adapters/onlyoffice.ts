import type { ClientOptions, User, UserUpdate } from "@userbridge/onlyoffice";
import { createClient, findUserByEmail, getUser, planUpdate, updateUser } from "@userbridge/onlyoffice";
import { type Adapter, bindVendor, defined, stringId } from "../adapter.js";

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
    mapping: {
      givenName: (v) => ({ firstname: v }),
      familyName: (v) => ({ lastname: v }),
      email: (v) => ({ email: v }),
      title: (v) => ({ title: v }),
      // A user's departments are a list; the normalized single department replaces it.
      departmentId: (v) => ({ department: [v] }),
      managerId: (v) => ({ lead: v }),
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
