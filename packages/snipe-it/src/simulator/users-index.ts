/**
 * UsersController::index (snipe/snipe-it@5aa5c48018:app/Http/Controllers/Api/UsersController.php:41-314),
 * as the query it builds: `search` (Searchable::scopeTextSearch, app/Models/Traits/Searchable.php:25-50,
 * plus User::advancedTextSearch, User.php:807-816), the equality filters (:100-222), `deleted` /
 * `all` (:225-229), `sort` / `order` (:231-302), `offset` / `limit` (:306-311 with
 * SettingsServiceProvider.php:34-49 and `max_results`, config/app.php:49). Compared under MySQL's
 * utf8mb4_unicode_ci collation (config/database.php:93).
 */
import { filled, type Input } from "./middleware.js";
import type { SnipeItRecord } from "./model.js";
import { collate, greaterThanInt, intval, like, sqlNumber, sqlStringEquals } from "./php.js";
import { counts, type World } from "./transformer.js";

/** Why the index cannot answer: a query the vendor ends in a 500, or one the simulator does not model. */
export type IndexFailure = { kind: "server-error"; reason: string } | { kind: "not-simulated"; reason: string };

type Column = keyof SnipeItRecord;
const STRING_FILTERS: Column[] = [
  "email",
  "username",
  "first_name",
  "last_name",
  "employee_num",
  "state",
  "country",
  "website",
  "zip",
  "start_date",
  "end_date",
  "locale",
];
const NUMBER_FILTERS: Column[] = [
  "activated",
  "company_id",
  "location_id",
  "created_by",
  "department_id",
  "manager_id",
  "ldap_import",
  "remote",
  "vip",
  "two_factor_enrolled",
  "two_factor_optin",
  "autoassign_licenses",
];
/** `$users->has('<relation>', '=', n)` (:192-206): the count of the relation equals n. */
const COUNT_FILTERS = ["assets_count", "consumables_count", "licenses_count", "accessories_count"] as const;
/** :208-214 pass a withCount alias to has(), which is no relation: BadMethodCallException, HTTP 500. */
const BROKEN_COUNT_FILTERS = ["manages_users_count", "manages_locations_count"];

/** User.php:117-133. */
const SEARCHABLE: Column[] = [
  "address",
  "city",
  "country",
  "email",
  "employee_num",
  "first_name",
  "jobtitle",
  "last_name",
  "locale",
  "notes",
  "phone",
  "state",
  "username",
  "website",
  "zip",
];

/** The default branch's allowed columns (:258-297); `groups` is not a users column (500). */
const SORTABLE = new Set([
  "last_name",
  "first_name",
  "email",
  "jobtitle",
  "username",
  "employee_num",
  "groups",
  "activated",
  "created_at",
  "updated_at",
  "two_factor_enrolled",
  "two_factor_optin",
  "last_login",
  "assets_count",
  "licenses_count",
  "consumables_count",
  "accessories_count",
  "manages_users_count",
  "manages_locations_count",
  "phone",
  "address",
  "city",
  "state",
  "country",
  "zip",
  "id",
  "ldap_import",
  "remote",
  "vip",
  "start_date",
  "end_date",
  "autoassign_licenses",
  "website",
  "locale",
  "notes",
]);

/** A column value as MySQL compares it in ORDER BY: NULL lowest, strings by the collation, booleans 0/1. */
type SortKey = number | string | null;
const key = (v: unknown): SortKey =>
  v === null || v === undefined
    ? null
    : typeof v === "boolean"
      ? Number(v)
      : typeof v === "number"
        ? v
        : collate(String(v));
function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1; // MySQL: NULLs first ascending, last descending
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Searchable + advancedTextSearch: any ` OR `-separated term matches any searched column or relation. */
function matchesSearch(u: SnipeItRecord, terms: string[], world: World): boolean {
  const { dir, users } = world;
  const manager = u.manager_id === null ? undefined : users.get(String(u.manager_id));
  const related: (string | null | undefined)[] = [
    // userloc: name, address, address2, city, state, zip: the simulator knows location names only.
    u.location_id === null ? undefined : dir.locations[u.location_id],
    u.department_id === null ? undefined : dir.departments[u.department_id],
    ...u.groups.map((g) => dir.groups[g]),
    u.company_id === null ? undefined : dir.companies[u.company_id],
    manager?.first_name,
    manager?.last_name,
    manager?.username,
  ];
  return terms.some((term) => {
    const pattern = `%${term}%`;
    if (SEARCHABLE.some((c) => like(u[c] as string | null, pattern))) return true;
    if (related.some((v) => v !== undefined && like(v ?? null, pattern))) return true;
    // CONCAT(first_name, " ", last_name) LIKE …: NULL when last_name is NULL (Searchable.php:274-286).
    return u.last_name !== null && like(`${u.first_name} ${u.last_name}`, pattern);
  });
}

/** The index's answer `{total, rows}` as records (transformed by the caller), or why it fails. */
export function queryUsers(
  query: Input,
  world: World,
  visible: (u: SnipeItRecord) => boolean,
  maxResults: number,
): { total: number; rows: SnipeItRecord[] } | IndexFailure {
  for (const [k, v] of Object.entries(query)) {
    if (v !== null && typeof v === "object" && k !== "search") {
      return { kind: "not-simulated", reason: `an array or map in the query (${k})` };
    }
  }
  if (query.search !== null && typeof query.search === "object") {
    return { kind: "not-simulated", reason: "an array or map as search" };
  }
  for (const k of BROKEN_COUNT_FILTERS) {
    if (filled(query, k)) return { kind: "server-error", reason: `has('${k}') is no relation` };
  }
  const order = query.order === "asc" ? 1 : -1;
  const sort = typeof query.sort === "string" ? query.sort : "";
  if (sort === "groups") return { kind: "server-error", reason: "orderBy('groups'): no such column" };

  // deleted=true: onlyTrashed; all=true: withTrashed; else the SoftDeletes scope (:225-229).
  const trashed =
    filled(query, "deleted") && query.deleted === "true"
      ? "only"
      : filled(query, "all") && query.all === "true"
        ? "with"
        : "without";
  let rows = [...world.users.values()].filter(
    (u) => visible(u) && (trashed === "with" || (trashed === "only") === (u.deleted_at !== null)),
  );
  if (filled(query, "search")) {
    const terms = String(query.search).split(" OR "); // Searchable.php:57-60
    rows = rows.filter((u) => matchesSearch(u, terms, world));
  }
  for (const c of STRING_FILTERS) {
    if (filled(query, c)) rows = rows.filter((u) => sqlStringEquals(u[c] as string | null, String(query[c])));
  }
  for (const c of NUMBER_FILTERS) {
    // An int/tinyint column = a string: MySQL casts the string to a number ("true" → 0).
    if (filled(query, c)) {
      const wanted = sqlNumber(query[c]);
      rows = rows.filter((u) => u[c] !== null && u[c] !== undefined && Number(u[c]) === wanted);
    }
  }
  if (filled(query, "group_id")) {
    const wanted = sqlNumber(query.group_id); // User::scopeByGroup (User.php:825-830)
    rows = rows.filter((u) => u.groups.includes(wanted));
  }
  for (const c of COUNT_FILTERS) {
    if (filled(query, c)) {
      const wanted = intval(query[c]);
      rows = rows.filter((u) => counts(u, world)[c] === wanted);
    }
  }

  const by = sortKeys(sort, world);
  rows.sort((a, b) => {
    const ka = by(a);
    const kb = by(b);
    for (let i = 0; i < ka.length; i++) {
      const c = compareKeys(ka[i] ?? null, kb[i] ?? null);
      if (c !== 0) return c * order;
    }
    return a.id - b.id; // ties: MySQL gives no order; the primary key's is the likeliest
  });

  // :306-311: an offset past the end is the count; else intval (a negative skip is 0);
  // limit = |intval(limit)| when 0 < |limit| and limit ≤ max_results, else max_results.
  const total = rows.length;
  const offset = greaterThanInt(query.offset ?? null, total) ? total : Math.max(0, intval(query.offset ?? null));
  const asked = intval(query.limit ?? null);
  const limit = Math.abs(asked) > 0 && asked <= maxResults ? Math.abs(asked) : maxResults;
  return { total, rows: rows.slice(offset, offset + limit) };
}

function sortKeys(sort: string, world: World): (u: SnipeItRecord) => SortKey[] {
  const { dir, users } = world;
  const person = (id: number | null | undefined) =>
    id === null || id === undefined ? undefined : users.get(String(id));
  switch (sort) {
    case "manager": // OrderManager: manager's first_name, last_name (User.php:841-845)
      return (u) => [key(person(u.manager_id)?.first_name), key(person(u.manager_id)?.last_name)];
    case "location":
      return (u) => [key(u.location_id === null ? null : dir.locations[u.location_id])];
    case "department":
      return (u) => [key(u.department_id === null ? null : dir.departments[u.department_id])];
    case "created_by":
      return (u) => [key(person(u.created_by)?.first_name), key(person(u.created_by)?.last_name)];
    case "company":
      return (u) => [key(u.company_id === null ? null : dir.companies[u.company_id])];
    case "first_name":
      return (u) => [key(u.first_name), key(u.last_name)];
    case "last_name":
      return (u) => [key(u.last_name), key(u.first_name)];
    default: {
      const column = SORTABLE.has(sort) ? sort : "first_name";
      if (column.endsWith("_count")) return (u) => [counts(u, world)[column as keyof ReturnType<typeof counts>]];
      return (u) => [key(u[column as Column])];
    }
  }
}
