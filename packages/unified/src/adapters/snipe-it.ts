import type { ClientOptions, SnipeItClient, User, UserCreate, UserUpdate } from "@userbridge/snipe-it";
import {
  createClient,
  createUser,
  deleteUser,
  findUserByEmail,
  findUserByUsername,
  getUser,
  listUsers,
  planCreate,
  planDelete,
  planUpdate,
  updateUser,
} from "@userbridge/snipe-it";
import { type Adapter, bindVendor, defined, integerId, type LifecycleAdapter } from "../adapter.js";
import { lifecycleVerbs } from "../lifecycle.js";

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

/**
 * A numeric-looking id string → the integer Snipe-IT wants (the vendor package validates it); the
 * normalized model's "" (cleared) → null, which Snipe-IT stores as "none": its
 * ConvertEmptyStringsToNull middleware turns an empty string into null before any rule
 * (snipe/snipe-it@5aa5c48018:app/Http/Kernel.php:24) and the rules take null
 * (`department_id`/`manager_id` nullable, app/Http/Requests/SaveUserRequest.php:36-37; `manager_id`,
 * `location_id` nullable, app/Models/User.php:97-98).
 */
const toInt = (value: string): number | null =>
  value === "" ? null : /^\d+$/.test(value) ? Number(value) : Number.NaN;

/** The Snipe-IT adapter's type: its capabilities, its native update (`vendor` escape hatch) and its raw user. */
export type SnipeItAdapter = Adapter<"snipe-it", SnipeItCapability, UserUpdate, User>;

/** The Snipe-IT adapter: maps normalized fields onto @userbridge/snipe-it. */
export function snipeIt(options: ClientOptions): SnipeItAdapter {
  return snipeItOn(createClient(options));
}

function snipeItOn(client: SnipeItClient): SnipeItAdapter {
  return {
    vendor: "snipe-it",
    capabilities: snipeItCapabilities,
    // normalize returns `name` (Snipe-IT derives it from first and last name) and `locale`, neither settable here.
    readOnly: ["displayName", "locale"],
    // `username` signs people in (snipe/snipe-it@5aa5c48018:app/Models/User.php:92, unique among undeleted users).
    signsInBy: "username",
    // first_name is `required` on every save (snipe/snipe-it@5aa5c48018:app/Models/User.php:91); email is nullable (:93).
    mandatory: ["givenName"],
    mapping: {
      givenName: (v) => ({ first_name: v }),
      familyName: (v) => ({ last_name: v }),
      // "" (cleared) → null: Snipe-IT's email is `email|nullable` (app/Models/User.php:93), and ""
      // would become null there anyway (ConvertEmptyStringsToNull); the client's format check refuses "".
      email: (v) => ({ email: v || null }),
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
    findByUsername: (username, options) => findUserByUsername(client, username, options),
  };
}

/** Normalized fields a Snipe-IT create requires (first name, username, password: SaveUserRequest.php:43-50). */
export const snipeItCreateRequired = ["givenName", "username", "password"] as const;
/** The normalized fields a create takes besides the required ones. */
export const snipeItCreateOptional = [
  "familyName",
  "email",
  "title",
  "departmentId",
  "managerId",
  "locationId",
  "employeeNumber",
  "phone",
  "notes",
  "active",
] as const;

/** The Snipe-IT adapter with create, list and (soft) delete. */
export type SnipeItLifecycleAdapter = LifecycleAdapter<
  "snipe-it",
  SnipeItCapability,
  UserUpdate,
  User,
  (typeof snipeItCreateRequired)[number],
  (typeof snipeItCreateOptional)[number],
  UserCreate,
  User,
  true
>;

/**
 * The Snipe-IT adapter with the whole lifecycle: `create` (`POST /api/v1/users`; looked up by
 * username after a lost answer; `active` defaults to true here, where Snipe-IT's own default is
 * false), `list` (`email` and `active` filtered by Snipe-IT: `?email=`, `?activated=1|0`), `delete`
 * (a soft delete, refused with `UserStillAssignedError` while the user holds assets, licenses or
 * accessories or manages people or locations).
 */
export function snipeItLifecycle(options: ClientOptions): SnipeItLifecycleAdapter {
  const client = createClient(options);
  const adapter = snipeItOn(client);
  const { mapping } = adapter;
  return {
    ...adapter,
    lifecycle: {
      required: snipeItCreateRequired,
      optional: snipeItCreateOptional,
      createMapping: {
        givenName: mapping.givenName,
        username: mapping.username,
        password: mapping.password,
        familyName: mapping.familyName,
        email: mapping.email,
        title: mapping.title,
        departmentId: mapping.departmentId,
        managerId: mapping.managerId,
        locationId: mapping.locationId,
        employeeNumber: mapping.employeeNumber,
        phone: mapping.phone,
        notes: mapping.notes,
        active: mapping.active,
      },
      createDefaults: { activated: true },
      create: (input) => createUser(client, input),
      planCreate: (input) => planCreate(client, input),
      async *list({ email, active, pageSize, signal }) {
        const activated = active === undefined ? undefined : active ? (1 as const) : (0 as const);
        const query = defined({ email, activated, pageSize, signal });
        for await (const raw of listUsers(client, query)) yield adapter.normalize(raw);
      },
      deletes: true,
      remove: (id) => deleteUser(client, id as number),
      planRemove: (id) => planDelete(client, id as number),
      verbs: lifecycleVerbs,
    },
  };
}
