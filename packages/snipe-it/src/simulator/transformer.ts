/**
 * UsersTransformer::transformUser (snipe/snipe-it@5aa5c48018:app/Http/Transformers/UsersTransformer.php:22-107)
 * and the pieces it calls: Laravel's e(), Helper::getFormattedDateObject, User::decodePermissions,
 * User::getFullNameAttribute and User::isDeletable.
 */
import type { SnipeItRecord } from "./model.js";
import { intval, truthy } from "./php.js";

/** Names of the things a user points to, keyed by id (for `exists:` rules and `{id, name}` rendering). */
export interface SnipeItDirectory {
  departments?: Record<number, string>;
  locations?: Record<number, string>;
  companies?: Record<number, string>;
  /** Permission groups. */
  groups?: Record<number, string>;
}

/** What is checked out to, or managed by, one user (the relations UsersController counts). */
export interface SnipeItHoldings {
  /** Assets checked out to the user, each with its company (the company-switch rule reads it). */
  assets?: { company_id: number | null }[];
  licenses?: number;
  accessories?: number;
  consumables?: number;
  /** Locations the user manages. */
  managedLocations?: number;
}

/** What the transformer and the policies need to know about the world. */
export interface World {
  users: Map<string, SnipeItRecord>;
  dir: Required<SnipeItDirectory>;
  holdings: Record<number, SnipeItHoldings>;
  /** Gate::allows(ability, User::class) for the token's user. */
  can(ability: "view" | "update" | "create" | "delete"): boolean;
}

export const DEFAULT_DIRECTORY: Required<SnipeItDirectory> = {
  departments: { 1: "Engineering", 2: "R&D" },
  locations: { 1: "London", 2: "Lyon" },
  companies: { 1: "Acme", 2: "Globex" },
  groups: { 1: "Admins", 2: "Ops <EU>" },
};

/** Laravel's e() = htmlspecialchars(ENT_QUOTES): & < > " ' (UsersTransformer.php:27-56). */
export const escapeLikeLaravel = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;" })[c] as string);
const e = (s: string | null | undefined): string => escapeLikeLaravel(s ?? "");
/** `($user->x) ? e($user->x) : null`: PHP-falsy ("", "0") renders as null. */
const eOrNull = (s: string | null): string | null => (truthy(s) ? e(s) : null);

/** Helper::parseEscapedMarkedownInline (Helper.php:101-109): Parsedown line() in safe mode, reduced to escaping + emphasis. */
const markdownInline = (s: string | null): string | null =>
  s
    ? e(s)
        .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
        .replace(/\*(.+?)\*/g, "<em>$1</em>")
    : null;

/** Helper::getFormattedDateObject (Helper.php:1038-1075) with the default display formats. */
function dateObject(value: string | null, type: "datetime" | "date") {
  if (!value) return null;
  if (type === "date") return { date: value.slice(0, 10), formatted: value.slice(0, 10) };
  const [day, time = "00:00:00"] = value.split(" ");
  const [h = 0, m = 0] = time.split(":").map(Number);
  const hh = String(h % 12 === 0 ? 12 : h % 12).padStart(2, "0");
  return { datetime: value, formatted: `${day} ${hh}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}` };
}

/** User::decodePermissions (User.php:756-779): values as (int), integer keys dropped, `{}` when none. */
function decodePermissions(raw: string | null): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(raw ?? "{}");
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed)
        .filter(([k]) => !/^(0|-?[1-9]\d*)$/.test(k))
        .map(([k, v]) => [k, intval(v)]),
    );
  } catch {
    return {};
  }
}

/** User::getFullNameAttribute (User.php:319-327), default name format. */
const fullName = (u: SnipeItRecord) => (truthy(u.last_name) ? `${u.first_name} ${u.last_name}` : u.first_name);

/** The relation counts UsersController adds with withCount (UsersController.php:84-93, :432). */
export function counts(u: SnipeItRecord, world: World) {
  const h = world.holdings[u.id] ?? {};
  return {
    assets_count: h.assets?.length ?? 0,
    licenses_count: h.licenses ?? 0,
    accessories_count: h.accessories ?? 0,
    consumables_count: h.consumables ?? 0,
    // managesUsers: users whose manager_id is this one, soft-deleted ones excluded (User.php:481-484).
    manages_users_count: [...world.users.values()].filter((x) => x.manager_id === u.id && x.deleted_at === null).length,
    manages_locations_count: h.managedLocations ?? 0,
  };
}

/**
 * User::isDeletable (User.php:262-272): the delete gate, nothing assigned or managed, not deleted.
 * Gate::allows('delete', $user) passes for an `admin` in the policy's before() without looking at
 * deleted_at; the last clause refuses a deleted user anyway.
 */
export function isDeletable(u: SnipeItRecord, world: World): boolean {
  const c = counts(u, world);
  return (
    world.can("delete") &&
    c.assets_count + c.licenses_count + c.consumables_count + c.accessories_count === 0 &&
    c.manages_locations_count + c.manages_users_count === 0 &&
    u.deleted_at === null
  );
}

/**
 * A stored record as transformUser renders it. `withCounts`: the query loaded withCount (index
 * and show); the record bound for an update did not, so its `*_count` read as (int) null = 0.
 */
export function transformUser(u: SnipeItRecord, world: World, withCounts = true): Record<string, unknown> {
  const { dir, users } = world;
  const ref = (id: number | null | undefined, names: Record<number, string>) =>
    id !== null && id !== undefined && names[id] !== undefined ? { id, name: e(names[id]) } : null;
  // manager and createdBy are withTrashed() relations (User.php:469-472, :743-746).
  const manager = u.manager_id === null ? undefined : users.get(String(u.manager_id));
  const creator = u.created_by === null || u.created_by === undefined ? undefined : users.get(String(u.created_by));
  const groups = u.groups.filter((g) => dir.groups[g] !== undefined);
  const zero = {
    assets_count: 0,
    licenses_count: 0,
    accessories_count: 0,
    consumables_count: 0,
    manages_users_count: 0,
    manages_locations_count: 0,
  };
  const deleted = u.deleted_at !== null;
  return {
    id: u.id,
    avatar: "",
    name: e(fullName(u)),
    first_name: e(u.first_name),
    last_name: e(u.last_name),
    username: e(u.username),
    remote: u.remote,
    locale: eOrNull(u.locale),
    employee_num: eOrNull(u.employee_num),
    manager: manager ? { id: manager.id, name: `${e(manager.first_name)} ${e(manager.last_name)}` } : null,
    jobtitle: eOrNull(u.jobtitle),
    vip: u.vip,
    phone: eOrNull(u.phone),
    website: eOrNull(u.website),
    address: eOrNull(u.address),
    city: eOrNull(u.city),
    state: eOrNull(u.state),
    country: eOrNull(u.country),
    zip: eOrNull(u.zip),
    email: eOrNull(u.email),
    department: ref(u.department_id, dir.departments),
    location: ref(u.location_id, dir.locations),
    notes: markdownInline(u.notes),
    permissions: decodePermissions(u.permissions),
    activated: u.activated,
    autoassign_licenses: u.autoassign_licenses,
    ldap_import: u.ldap_import,
    // two_factor_active[_and_enrolled] (User.php:692-734) are computed from the 2FA setting; the
    // simulator takes the stored flags as their result.
    two_factor_enrolled: u.two_factor_enrolled,
    two_factor_optin: u.two_factor_optin,
    ...(withCounts ? counts(u, world) : zero),
    company: ref(u.company_id, dir.companies),
    created_by: creator ? { id: creator.id, name: e(fullName(creator)) } : null,
    created_at: dateObject(u.created_at, "datetime"),
    updated_at: dateObject(u.updated_at, "datetime"),
    start_date: dateObject(u.start_date, "date"),
    end_date: dateObject(u.end_date, "date"),
    last_login: dateObject(u.last_login, "datetime"),
    deleted_at: dateObject(u.deleted_at, "datetime"),
    // UsersTransformer.php:83-88: what the token's user may do with this user.
    available_actions: {
      update: world.can("update") && !deleted,
      delete: isDeletable(u, world),
      clone: world.can("create") && !deleted,
      restore: world.can("create") && deleted,
    },
    groups: groups.length
      ? { total: groups.length, rows: groups.map((id) => ({ id, name: e(dir.groups[id] as string) })) }
      : null,
  };
}
