import type { ClientOptions, User, UserUpdate } from "@userbridge/snipe-it";
import { createClient, findUserByEmail, getUser, planUpdate, updateUser } from "@userbridge/snipe-it";
import { type Adapter, bindVendor, defined, integerId } from "../adapter.js";

/** Normalized fields Snipe-IT can set. */
export const snipeItCapabilities = [
  "givenName",
  "familyName",
  "email",
  "username",
  "password",
  "title",
  "departmentId",
  "managerId",
  "locationId",
  "employeeNumber",
  "phone",
  "notes",
  "active",
] as const;
/** A normalized field Snipe-IT can set: the type that `UserChanges` admits for this adapter. */
export type SnipeItCapability = (typeof snipeItCapabilities)[number];

/** A numeric-looking id string → the integer Snipe-IT wants (the vendor package validates it). */
const toInt = (value: string): number => (/^\d+$/.test(value) ? Number(value) : Number.NaN);

/** The Snipe-IT adapter's type: its capabilities, its native update (`vendor` escape hatch) and its raw user. */
export type SnipeItAdapter = Adapter<"snipe-it", SnipeItCapability, UserUpdate, User>;

/** The Snipe-IT adapter: maps normalized fields onto @userbridge/snipe-it. */
export function snipeIt(options: ClientOptions): SnipeItAdapter {
  const client = createClient(options);
  return {
    vendor: "snipe-it",
    capabilities: snipeItCapabilities,
    mapping: {
      givenName: (v) => ({ first_name: v }),
      familyName: (v) => ({ last_name: v }),
      email: (v) => ({ email: v }),
      username: (v) => ({ username: v }),
      // PATCH needs no confirmation (snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054:app/Http/Requests/SaveUserRequest.php:62).
      password: (v) => ({ password: v }),
      title: (v) => ({ jobtitle: v }),
      departmentId: (v) => ({ department_id: toInt(v) }),
      managerId: (v) => ({ manager_id: toInt(v) }),
      locationId: (v) => ({ location_id: toInt(v) }),
      employeeNumber: (v) => ({ employee_num: v }),
      phone: (v) => ({ phone: v }),
      notes: (v) => ({ notes: v }),
      active: (v) => ({ activated: v }),
    },
    normalize: (raw) => ({
      vendor: "snipe-it",
      id: String(raw.id),
      ...defined({
        givenName: raw.first_name,
        familyName: raw.last_name,
        displayName: raw.name,
        email: raw.email,
        username: raw.username,
        title: raw.jobtitle,
        departmentId: raw.department ? String(raw.department.id) : undefined,
        managerId: raw.manager ? String(raw.manager.id) : undefined,
        locationId: raw.location ? String(raw.location.id) : undefined,
        employeeNumber: raw.employee_num,
        phone: raw.phone,
        // The vendor package has undone e() on plain strings; notes stay Snipe-IT's rendered HTML.
        notes: raw.notes,
        locale: raw.locale,
        active: raw.activated,
      }),
      raw,
    }),
    vendorId: integerId,
    ...bindVendor(client, { getUser, findUserByEmail, planUpdate, updateUser }),
  };
}
