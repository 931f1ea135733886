/**
 * `@userbridge/snipe-it/simulator` (Node-only): an in-process Snipe-IT users API for tests, built on
 * `@userbridge/core/simulator`. It answers as Snipe-IT's code does; every rule cites that code at
 * snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054 (paths below are relative to it).
 *
 * `users` is keyed by the numeric id as a decimal string ("13"). Records are stored RAW, as in
 * Snipe-IT's database (plain strings, `groups` as ids, `permissions` as the JSON string stored,
 * dates as "Y-m-d" / "Y-m-d H:i:s", `password` as a fake hash), and answered as
 * app/Http/Transformers/UsersTransformer.php renders them (HTML-escaped strings, date objects).
 */
import { createHash } from "node:crypto";
import {
  type SimAnswer,
  type SimDefinition,
  type SimRequest,
  type Simulator,
  type SimulatorOptions,
  startSimServer,
  toUserMap,
} from "@userbridge/core/simulator";

/** A user as Snipe-IT stores it (the `users` table columns the API reads and writes). */
export interface SnipeItRecord {
  id: number;
  first_name: string;
  last_name: string | null;
  username: string;
  email: string | null;
  /** A fake hash of the password (never the password itself). */
  password: string;
  jobtitle: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  zip: string | null;
  locale: string | null;
  employee_num: string | null;
  notes: string | null;
  activated: boolean;
  remote: boolean;
  vip: boolean;
  autoassign_licenses: boolean;
  ldap_import: boolean;
  two_factor_optin: boolean;
  two_factor_enrolled: boolean;
  manager_id: number | null;
  company_id: number | null;
  department_id: number | null;
  location_id: number | null;
  start_date: string | null;
  end_date: string | null;
  /** The raw JSON string stored in `users.permissions`. */
  permissions: string | null;
  /** Group ids (the `users_groups` pivot). */
  groups: number[];
  created_at: string;
  updated_at: string;
  last_login: string | null;
  deleted_at: string | null;
}

/** Names of the things a user points to, keyed by id (for `exists:` rules and `{id, name}` rendering). */
export interface SnipeItDirectory {
  departments?: Record<number, string>;
  locations?: Record<number, string>;
  companies?: Record<number, string>;
  /** Permission groups. */
  groups?: Record<number, string>;
}

export interface SnipeItSimulatorOptions extends SimulatorOptions<SnipeItRecord> {
  /** The token's user: a superuser (default true), may view (default true) and edit (default true) users. */
  actor?: { superuser?: boolean; canView?: boolean; canEdit?: boolean };
  directory?: SnipeItDirectory;
  /** `config('app.lock_passwords')`: the demo lock on users 1 and 2 (default false). */
  demoLock?: boolean;
}

/** The token the simulator accepts unless `token` is given. */
export const SIMULATOR_TOKEN = "snipeit-sim-token-4f1c";

const DEFAULT_DIRECTORY: Required<SnipeItDirectory> = {
  departments: { 1: "Engineering", 2: "R&D" },
  locations: { 1: "London", 2: "Lyon" },
  companies: { 1: "Acme", 2: "Globex" },
  groups: { 1: "Admins", 2: "Ops <EU>" },
};

/** A stored record with defaults for every column not given. */
export function snipeItRecord(fields: Partial<SnipeItRecord> & { id: number }): SnipeItRecord {
  return {
    first_name: "User",
    last_name: null,
    username: `user${fields.id}`,
    email: null,
    password: fakeHash("initial-password"),
    jobtitle: null,
    phone: null,
    website: null,
    address: null,
    city: null,
    state: null,
    country: null,
    zip: null,
    locale: null,
    employee_num: null,
    notes: null,
    activated: true,
    remote: false,
    vip: false,
    autoassign_licenses: true,
    ldap_import: false,
    two_factor_optin: false,
    two_factor_enrolled: false,
    manager_id: null,
    company_id: null,
    department_id: null,
    location_id: null,
    start_date: null,
    end_date: null,
    permissions: null,
    groups: [],
    created_at: "2025-05-23 10:00:00",
    updated_at: "2025-05-23 10:00:00",
    last_login: null,
    deleted_at: null,
    ...fields,
  };
}

function fakeHash(password: string): string {
  return `sha256:${createHash("sha256").update(password).digest("hex")}`;
}

// ---------------------------------------------------------------------------------------------
// Rendering: app/Http/Transformers/UsersTransformer.php:22-107

/** Laravel's e() = htmlspecialchars(ENT_QUOTES): & < > " ' (UsersTransformer.php:27-56). */
export const escapeLikeLaravel = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;" })[c] as string);
const e = escapeLikeLaravel;
const eOrNull = (s: string | null): string | null => (s ? e(s) : null);

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

/** User::decodePermissions (User.php:756-779): values as integers, `{}` when none. */
function decodePermissions(raw: string | null): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(raw ?? "{}");
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Number.parseInt(String(v), 10) || 0]));
  } catch {
    return {};
  }
}

/** A stored record as UsersTransformer renders it (managers looked up in `users`, names in `directory`). */
export function renderUser(
  record: SnipeItRecord,
  users: Map<string, SnipeItRecord> = new Map(),
  directory: SnipeItDirectory = {},
): Record<string, unknown> {
  return render(record, users, { ...DEFAULT_DIRECTORY, ...directory });
}

function render(u: SnipeItRecord, users: Map<string, SnipeItRecord>, dir: Required<SnipeItDirectory>) {
  const ref = (id: number | null, names: Record<number, string>) =>
    id !== null && names[id] !== undefined ? { id, name: e(names[id]) } : null;
  const manager = u.manager_id === null ? undefined : users.get(String(u.manager_id));
  const groups = u.groups.filter((g) => dir.groups[g] !== undefined);
  return {
    id: u.id,
    avatar: "",
    name: e(`${u.first_name} ${u.last_name ?? ""}`.trim()),
    first_name: e(u.first_name),
    last_name: e(u.last_name ?? ""),
    username: e(u.username),
    remote: u.remote,
    locale: eOrNull(u.locale),
    employee_num: eOrNull(u.employee_num),
    manager: manager ? { id: manager.id, name: `${e(manager.first_name)} ${e(manager.last_name ?? "")}` } : null,
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
    two_factor_enrolled: u.two_factor_enrolled,
    two_factor_optin: u.two_factor_optin,
    assets_count: 0,
    licenses_count: 0,
    accessories_count: 0,
    consumables_count: 0,
    manages_users_count: 0,
    manages_locations_count: 0,
    company: ref(u.company_id, dir.companies),
    created_by: null,
    created_at: dateObject(u.created_at, "datetime"),
    updated_at: dateObject(u.updated_at, "datetime"),
    start_date: dateObject(u.start_date, "date"),
    end_date: dateObject(u.end_date, "date"),
    last_login: dateObject(u.last_login, "datetime"),
    deleted_at: dateObject(u.deleted_at, "datetime"),
    available_actions: { update: true, delete: true, clone: true, restore: false },
    groups: groups.length
      ? { total: groups.length, rows: groups.map((id) => ({ id, name: e(dir.groups[id] as string) })) }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Answers: Helper::formatStandardApiResponse (Helper.php:1007-1018) and app/Exceptions/Handler.php

const envelope = (status: "success" | "error", messages: unknown, payload: unknown = null, code = 200): SimAnswer => ({
  status: code,
  json: { status, messages, payload: payload ?? null },
});

type Errors = Record<string, string[]>;

/** Laravel's attribute name in messages: `department_id` → "department id". */
const attr = (field: string) => field.replaceAll("_", " ");

/** The fields `$user->fill()` takes (User.php:42-73), less the file and SCIM ones the API never sends as JSON. */
const FILLABLE = [
  "activated",
  "address",
  "city",
  "company_id",
  "country",
  "department_id",
  "email",
  "employee_num",
  "first_name",
  "jobtitle",
  "last_name",
  "ldap_import",
  "locale",
  "location_id",
  "manager_id",
  "phone",
  "notes",
  "state",
  "username",
  "zip",
  "remote",
  "start_date",
  "end_date",
  "vip",
  "autoassign_licenses",
  "website",
] as const;
const BOOLEAN = new Set(["activated", "remote", "vip", "autoassign_licenses", "ldap_import"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i;
const YMD = /^\d{4}-\d{2}-\d{2}$/;

type Check = (value: unknown, record: SnipeItRecord) => string | undefined;
const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const filled = (v: unknown) => v !== null && v !== undefined && v !== "";
const maxLen =
  (n: number): Check =>
  (v) =>
    filled(v) && [...str(v)].length > n ? `must not be greater than ${n} characters.` : undefined;
const minLen =
  (n: number): Check =>
  (v) =>
    filled(v) && [...str(v)].length < n ? `must be at least ${n} characters.` : undefined;

/** The model's rules (User.php:90-110), checked by Watson's ValidatingTrait on save. */
function modelRules(users: Map<string, SnipeItRecord>, dir: Required<SnipeItDirectory>): Record<string, Check[]> {
  const exists =
    (names: (id: number) => boolean): Check =>
    (v) =>
      filled(v) && !names(Number(v)) ? "invalid" : undefined;
  return {
    first_name: [(v) => (filled(v) ? undefined : "required"), maxLen(191)],
    username: [
      (v) => (filled(v) ? undefined : "required"),
      maxLen(191),
      // unique_undeleted: among users not deleted, other than this one (UniqueUndeletedTrait).
      (v, r) =>
        [...users.values()].some((u) => u.id !== r.id && u.deleted_at === null && u.username === v)
          ? "unique"
          : undefined,
    ],
    email: [(v) => (filled(v) && !EMAIL.test(str(v)) ? "must be a valid email address." : undefined), maxLen(191)],
    locale: [maxLen(10)],
    website: [(v) => (filled(v) && !URL_RE.test(str(v)) ? "must be a valid URL." : undefined), maxLen(191)],
    manager_id: [exists((id) => users.has(String(id)))],
    location_id: [exists((id) => dir.locations[id] !== undefined)],
    start_date: [(v) => (filled(v) && !YMD.test(str(v)) ? "must match the format Y-m-d." : undefined)],
    end_date: [
      (v) => (filled(v) && !YMD.test(str(v)) ? "must match the format Y-m-d." : undefined),
      (v, r) =>
        filled(v) && r.start_date && str(v) < r.start_date ? "must be a date after or equal to start date." : undefined,
    ],
    address: [maxLen(191)],
    city: [maxLen(191)],
    state: [minLen(2), maxLen(191)],
    country: [minLen(2), maxLen(191)],
    zip: [maxLen(10)],
  };
}

function message(field: string, problem: string): string {
  if (problem === "required") return `The ${attr(field)} field is required.`;
  if (problem === "invalid") return `The selected ${attr(field)} is invalid.`;
  if (problem === "unique") return `The ${attr(field)} must be unique.`;
  return `The ${attr(field)} field ${problem}`;
}

function validate(record: SnipeItRecord, rules: Record<string, Check[]>): Errors | undefined {
  const errors: Errors = {};
  for (const [field, checks] of Object.entries(rules)) {
    for (const check of checks) {
      const problem = check(record[field as keyof SnipeItRecord], record);
      if (problem) errors[field] = [...(errors[field] ?? []), message(field, problem)];
    }
  }
  return Object.keys(errors).length ? errors : undefined;
}

const toBool = (v: unknown) => v === true || v === 1 || v === "1";
const toIdOrNull = (v: unknown) => (filled(v) ? Number(v) : null);
const toStrOrNull = (v: unknown) => (filled(v) ? str(v) : null);

/** `$user->fill($request->all())` (UsersController.php:467): fillable keys only; the rest is ignored. */
function fill(record: SnipeItRecord, input: Record<string, unknown>): SnipeItRecord {
  const out: Record<string, unknown> = { ...record };
  for (const key of FILLABLE) {
    if (!(key in input)) continue;
    const v = input[key];
    if (BOOLEAN.has(key)) out[key] = toBool(v);
    else if (key.endsWith("_id")) out[key] = toIdOrNull(v);
    else out[key] = key === "first_name" || key === "username" ? (v === null ? "" : str(v)) : toStrOrNull(v);
  }
  return out as unknown as SnipeItRecord;
}

const now = () => new Date().toISOString().slice(0, 19).replace("T", " ");

/** Starts a Snipe-IT simulator (Node-only). Stop it with `stop()`. */
export async function startSimulator(options: SnipeItSimulatorOptions = {}): Promise<Simulator<SnipeItRecord>> {
  const token = options.token ?? SIMULATOR_TOKEN;
  const users = toUserMap(options.users);
  const dir: Required<SnipeItDirectory> = { ...DEFAULT_DIRECTORY, ...options.directory };
  const actor = { superuser: true, canView: true, canEdit: true, ...options.actor };
  const rules = modelRules(users, dir);
  const live = (id: string | undefined) => {
    const u = users.get(id ?? "");
    return u && u.deleted_at === null ? u : undefined;
  };
  // authorize() failing: Laravel's default JSON (UsersController.php:430,452; Handler.php:160).
  const forbidden: SimAnswer = { status: 403, json: { message: "This action is unauthorized." } };

  function update(req: SimRequest): SimAnswer {
    // Route-model binding before anything else: unknown id → "User not found", HTTP 200 (Handler.php:100-102).
    const user = live(req.params.id);
    if (!user) return envelope("error", "User not found");
    // SaveUserRequest reads a malformed body as empty input (it extends Laravel's FormRequest).
    const input = (req.jsonError || !req.body || typeof req.body !== "object" ? {} : req.body) as Record<
      string,
      unknown
    >;
    // SaveUserRequest rules for PATCH (SaveUserRequest.php:35-39,62): failures HTTP 200 (Handler.php:180-182).
    const formErrors: Errors = {};
    if (filled(input.department_id) && !Number.isInteger(Number(input.department_id)))
      formErrors.department_id = [`The department id field must be an integer.`];
    else if (filled(input.department_id) && dir.departments[Number(input.department_id)] === undefined)
      formErrors.department_id = [message("department_id", "invalid")];
    if (filled(input.company_id) && dir.companies[Number(input.company_id)] === undefined)
      formErrors.company_id = [message("company_id", "invalid")];
    if (filled(input.manager_id) && !users.has(String(input.manager_id)))
      formErrors.manager_id = [message("manager_id", "invalid")];
    if (filled(input.password) && [...str(input.password)].length < 8)
      formErrors.password = ["The password field must be at least 8 characters."];
    if (Object.keys(formErrors).length) return envelope("error", formErrors);
    if (!actor.canEdit) return forbidden; // UsersController.php:452-454
    // The demo lock on users 1 and 2 (UsersController.php:463-465).
    if (options.demoLock && (user.id === 1 || user.id === 2)) {
      return envelope("error", "Permission denied. You cannot update user information via API on the demo.");
    }
    let next = fill(user, input);
    // UsersController.php:473-475.
    if (filled(input.manager_id) && Number(input.manager_id) === user.id) {
      return envelope("error", "You cannot be your own manager");
    }
    if (filled(input.password)) next.password = fakeHash(str(input.password)); // :477-479
    if ("permissions" in input) {
      // :484-493: assigned raw. INFERRED: unset() of 'superuser' on a string is a PHP Error for a
      // non-superuser token, and an array is not storable in the column: both end in HTTP 500.
      const p = input.permissions;
      if ((typeof p === "string" && !actor.superuser) || (p !== null && typeof p === "object")) {
        return { status: 500, json: { message: "Server Error" } };
      }
      next.permissions = p === null ? null : str(p);
    }
    // ImageUploadRequest::json() throws on a malformed body (Request.php:12-18) → 422 "Invalid JSON"
    // (Handler.php:72-74), before anything is saved (UsersController.php:500).
    if (req.jsonError) return envelope("error", "Invalid JSON", null, 422);
    // Model validation on save (User.php:90-110): HTTP 200, messages per field (UsersController.php:519).
    // `boolean` takes true, false, 0, 1, "0", "1" (User.php:101,107-109).
    const notBoolean = [...BOOLEAN].filter(
      (k) => k in input && ![true, false, 0, 1, "0", "1"].includes(input[k] as never),
    );
    const modelErrors = notBoolean.length
      ? Object.fromEntries(notBoolean.map((k) => [k, [`The ${attr(k)} field must be true or false.`]]))
      : validate(next, rules);
    if (modelErrors) return envelope("error", modelErrors);
    next = { ...next, updated_at: now() };
    users.set(String(user.id), next);
    // groups: only for a superuser token, validated after the save (UsersController.php:502-516).
    if ("groups" in input && actor.superuser) {
      const ids = input.groups === null ? [] : Array.isArray(input.groups) ? input.groups : [input.groups];
      const bad = ids.findIndex((g) => !Number.isInteger(Number(g)) || dir.groups[Number(g)] === undefined);
      if (bad >= 0) return envelope("error", { [`groups.${bad}`]: [`The selected groups.${bad} is invalid.`] });
      next = { ...next, groups: ids.map(Number) };
      users.set(String(user.id), next);
    }
    return envelope("success", "User was successfully updated.", render(next, users, dir));
  }

  const def: SimDefinition = {
    vendor: "snipe-it",
    // 120 requests/minute by default (config/app.php:392, RouteServiceProvider.php:87-89); the 429
    // is a new envelope response, so no Retry-After nor X-RateLimit-* (Handler.php:113-114).
    rateLimit: { limit: 120, windowMs: 60_000, answer: () => envelope("error", "Too many requests", null, 429) },
    // auth:api (RouteServiceProvider.php:65-73) → Snipe-IT's unauthenticated() (Handler.php:171-178).
    authenticate: (req) =>
      req.headers.authorization === `Bearer ${token}`
        ? undefined
        : { status: 401, json: { error: "Unauthorized or unauthenticated." } },
    // Unknown route / wrong method (Handler.php:111-116).
    notFound: (req) =>
      /^\/api\/v1\/users(\/[^/]+)?$/.test(req.url.pathname)
        ? envelope("error", "Method not allowed", null, 405)
        : envelope("error", "404 endpoint not found", null, 404),
    routes: [
      {
        operationId: "listUsers",
        method: "GET",
        path: "/api/v1/users",
        // ?email= is an exact `=` (UsersController.php:116-118), so case-insensitive under the default
        // utf8mb4_unicode_ci collation (config/database.php:93); unlike ?search= (TextSearch, a LIKE
        // over many columns, :97-99). {total, rows} (DatatablesTransformer.php:7-12).
        handle: (req) => {
          if (!actor.canView) return forbidden;
          const email = req.url.searchParams.get("email")?.toLowerCase();
          const rows = [...users.values()]
            .filter((u) => u.deleted_at === null && (!email || u.email?.toLowerCase() === email))
            .map((u) => render(u, users, dir));
          return { status: 200, json: { total: rows.length, rows } };
        },
      },
      {
        operationId: "getUser",
        method: "GET",
        path: "/api/v1/users/:id",
        // The bare user (UsersController.php:434); unknown → HTTP 200 envelope (:437, message.php:9).
        handle: (req) => {
          if (!actor.canView) return forbidden;
          const user = live(req.params.id);
          return user
            ? { status: 200, json: render(user, users, dir) }
            : envelope("error", "User does not exist or you do not have permission view them.");
        },
      },
      { operationId: "updateUser", method: "PATCH", path: "/api/v1/users/:id", handle: update },
    ],
  };
  return startSimServer(def, { ...options, token }, users);
}
