/**
 * Api\UsersController's index, show and update (snipe/snipe-it@5aa5c48018:app/Http/Controllers/Api/UsersController.php)
 * over the simulated database, after the middleware (./middleware.ts) and with the form request
 * and model rules (./model.ts) checked by the validator (./validator.ts). HTTP-200 failures are
 * Helper::formatStandardApiResponse (Helper.php:1007-1018); exceptions are rendered by
 * app/Exceptions/Handler.php.
 */
import type { SimAnswer, SimRequest } from "@userbridge/core/simulator";
import { filled, has, laravelRequest } from "./middleware.js";
import {
  type Attributes,
  fakeHash,
  fill,
  formRules,
  MODEL_RULES,
  type SnipeItRecord,
  toRecord,
  unstorable,
  validationData,
} from "./model.js";
import { collate, looseEquals, sqlNumber, truthy } from "./php.js";
import { transformUser, type World } from "./transformer.js";
import { queryUsers } from "./users-index.js";
import { type Errors, type RuleContext, type RuleObject, validate } from "./validator.js";

/** The token's user, as the policies see it (app/Policies/SnipePermissionsPolicy.php). */
export interface Actor {
  superuser: boolean;
  admin: boolean;
  canView: boolean;
  canEdit: boolean;
  canCreate: boolean;
  canDelete: boolean;
  companyId: number | null;
}

export interface ControllerOptions {
  world: World;
  actor: Actor;
  /** `full_multiple_companies_support` (Company.php:74-84). */
  fullCompanySupport: boolean;
  /** `config('app.lock_passwords')` (UsersController.php:463). */
  demoLock: boolean;
  /** `config('app.max_results')` (config/app.php:49, default 500). */
  maxResults: number;
}

export const envelope = (
  status: "success" | "error",
  messages: unknown,
  payload: unknown = null,
  code = 200,
): SimAnswer => ({ status: code, json: { status, messages, payload: payload ?? null } });

/** authorize() failing: Laravel's default JSON for an AuthorizationException (Handler.php:160). */
const FORBIDDEN: SimAnswer = { status: 403, json: { message: "This action is unauthorized." } };
/** An uncaught error with debug off (Handler.php:160 → Laravel's default). */
export const SERVER_ERROR: SimAnswer = { status: 500, json: { message: "Server Error" } };

const now = () => new Date().toISOString().slice(0, 19).replace("T", " ");

export function usersController({ world, actor, fullCompanySupport, demoLock, maxResults }: ControllerOptions) {
  const { users, dir, holdings } = world;

  /**
   * CompanyableScope (Company.php:264-300): with full company support a non-superuser sees only
   * users of their own company (`where company_id = null` is a whereNull: no company sees no company).
   */
  const visible = (u: SnipeItRecord) => !fullCompanySupport || actor.superuser || u.company_id === actor.companyId;
  /**
   * Route-model binding / find(): `where id = ?` with the path segment as a string, which MySQL
   * compares as a number ("13abc" finds 13, "abc" finds none); an undeleted user the scope lets through.
   */
  const find = (id: string | undefined) => {
    const n = sqlNumber(id ?? "");
    const u = Number.isInteger(n) ? users.get(String(n)) : undefined;
    return u && u.deleted_at === null && visible(u) ? u : undefined;
  };

  const ctx: RuleContext = {
    exists(table, value) {
      if (value === null || value === undefined || typeof value === "object") return false;
      const id = Number(value);
      if (!Number.isInteger(id)) return false;
      if (table === "users") return users.has(String(id)); // a plain query: soft-deleted rows count
      const names = {
        departments: dir.departments,
        locations: dir.locations,
        companies: dir.companies,
        permission_groups: dir.groups,
      }[table];
      return names?.[id] !== undefined;
    },
    // `where username = ?` under the collation, among undeleted users other than this one.
    uniqueUndeleted(attribute, value, data) {
      return ![...users.values()].some(
        (u) =>
          u.deleted_at === null &&
          u.id !== data.id &&
          typeof value === "string" &&
          collate(String(u[attribute as keyof SnipeItRecord] ?? "")) === collate(value),
      );
    },
  };

  /** UserCannotSwitchCompaniesIfItemsAssigned (app/Rules/UserCannotSwitchCompaniesIfItemsAssigned.php:16-28). */
  const companySwitch =
    (user: SnipeItRecord): RuleObject =>
    (value) => {
      const h = holdings[user.id] ?? {};
      const assigned = (h.assets?.length ?? 0) + (h.licenses ?? 0) + (h.accessories ?? 0) + (h.consumables ?? 0);
      if (!truthy(value) || assigned === 0 || !fullCompanySupport) return undefined;
      const other = (h.assets ?? []).filter((a) => a.company_id !== null && !looseEquals(a.company_id, value));
      return other.length
        ? "This user has items assigned that belong to a different company. Please check them in or edit their company."
        : undefined;
    };

  function index(req: SimRequest): SimAnswer | undefined {
    if (!world.can("view")) return FORBIDDEN; // :43
    const { query } = laravelRequest(req.method, req.url, "", undefined);
    const result = queryUsers(query, world, visible, maxResults);
    if ("kind" in result) return result.kind === "server-error" ? SERVER_ERROR : undefined;
    // DatatablesTransformer (DatatablesTransformer.php:7-12): {total, rows}.
    return { status: 200, json: { total: result.total, rows: result.rows.map((u) => transformUser(u, world)) } };
  }

  /** GET /users/{x} for an x the vendor routes elsewhere first (routes/api.php:1076-1102): not modelled. */
  const OTHER_GET_ROUTES = new Set(["selectlist", "me", "list"]);

  function show(req: SimRequest): SimAnswer | undefined {
    if (OTHER_GET_ROUTES.has(req.params.id ?? "")) return undefined;
    if (!world.can("view")) return FORBIDDEN; // :430
    const user = find(req.params.id);
    // :437 — note the message of the *show* route (message.php:9), not the binding's "User not found".
    if (!user) return envelope("error", "User does not exist or you do not have permission view them.");
    return { status: 200, json: transformUser(user, world) };
  }

  /** PATCH and PUT: the one `update` route (routes/api.php:1148-1160), rules by method. */
  function update(req: SimRequest): SimAnswer {
    // SubstituteBindings: an unknown, deleted or out-of-scope id → ModelNotFoundException → "User not found" (Handler.php:100-102).
    const user = find(req.params.id);
    if (!user) return envelope("error", "User not found");
    const request = laravelRequest(req.method, req.url, req.rawBody, req.headers["content-type"]);
    const input = request.all;
    // SaveUserRequest validates when resolved, before the controller runs; failures HTTP 200 (Handler.php:180-182).
    const formErrors = validate(input, formRules(req.method, input, companySwitch(user)), ctx);
    if (Object.keys(formErrors).length) return envelope("error", formErrors);
    if (!world.can("update")) return FORBIDDEN; // :452-454
    if (demoLock && (user.id === 1 || user.id === 2)) {
      return envelope("error", "Permission denied. You cannot update user information via API on the demo."); // :463-465
    }
    let attributes: Attributes = fill(user, input); // :467
    if (filled(input, "company_id")) attributes.company_id = companyIdForActor(input.company_id); // :469-471
    if (looseEquals(user.id, input.manager_id ?? null)) {
      return envelope("error", "You cannot be your own manager"); // :473-475
    }
    if (filled(input, "password")) attributes.password = fakeHash(String(input.password)); // :477-479
    if (has(input, "permissions")) {
      // :484-493, assigned raw. INFERRED: unset() of 'superuser' on a string is a PHP Error for a
      // non-superuser token, and an array is not storable in the column: both end in HTTP 500.
      const p = input.permissions;
      if ((typeof p === "string" && !actor.superuser) || (p !== null && typeof p === "object")) return SERVER_ERROR;
      attributes.permissions = p === null ? null : String(p);
    }
    // ImageUploadRequest::json() throws on a malformed body (Request.php:12-18) → 422 "Invalid JSON"
    // (Handler.php:72-74), before anything is saved (:500).
    if (request.malformedJson) return envelope("error", "Invalid JSON", null, 422);
    // A list or map for a scalar column: "Array to string conversion" on save. INFERRED: HTTP 500.
    if (unstorable(input)) return SERVER_ERROR;
    // $user->save(): Watson validates every attribute against User::$rules (User.php:90-110), HTTP 200 (:519).
    const modelErrors = validate(validationData(attributes), MODEL_RULES, ctx);
    if (Object.keys(modelErrors).length) return envelope("error", modelErrors);
    attributes = { ...attributes, updated_at: now() };
    let saved = toRecord(attributes);
    users.set(String(user.id), saved);
    // groups: only for a superuser token, validated after the save (:502-516): `groups.*` =>
    // integer|exists:permission_groups,id; a scalar is not an array, so nothing is checked and
    // sync() stores it (a group that does not exist is then not rendered).
    if (has(input, "groups") && actor.superuser) {
      const groupErrors: Errors = validate(
        { groups: input.groups },
        { "groups.*": "integer|exists:permission_groups,id" },
        ctx,
      );
      if (Object.keys(groupErrors).length) return envelope("error", groupErrors);
      const g = input.groups;
      const ids = g === null ? [] : Array.isArray(g) ? g : typeof g === "object" ? Object.values(g as object) : [g];
      saved = { ...saved, groups: [...new Set(ids.map(Number))] };
      users.set(String(user.id), saved);
    }
    // The bound user was loaded without withCount: its *_count render as 0.
    return envelope("success", "User was successfully updated.", transformUser(saved, world, false));
  }

  /**
   * Company::getIdForCurrentUser (Company.php:106-124) with getIdFromInput (:87-96): "0" → null;
   * otherwise stored as given, not checked (MySQL non-strict, config/database.php:95, casts it).
   */
  function companyIdForActor(value: unknown): unknown {
    if (!fullCompanySupport || actor.superuser) return looseEquals(value, "0") ? null : value;
    return actor.companyId;
  }

  return { index, show, update, visible };
}
