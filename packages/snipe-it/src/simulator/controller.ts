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
  snipeItRecord,
  toRecord,
  unstorable,
  validationData,
} from "./model.js";
import { collate, looseEquals, sqlNumber, truthy } from "./php.js";
import { counts, transformUser, type World } from "./transformer.js";
import { queryUsers } from "./users-index.js";
import { type Errors, type RuleContext, type RuleObject, validate } from "./validator.js";

/** The token's user, as the policies see it (app/Policies/SnipePermissionsPolicy.php). */
export interface Actor {
  /** The token user's own id, when they are one of the simulated users (self-delete, `created_by`). */
  id: number | null;
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
   * POST /users → store (UsersController.php:381-420). SaveUserRequest's POST rules first (the form
   * request authorizes everyone), then authorize('create'), fill(), company and created_by, the
   * password hashed (or none for an LDAP user), the model rules on save, then the groups: synced
   * for ANY token user allowed to create (no superuser check here, unlike update), not validated
   * (:410-414). Columns not given take the table defaults: `activated` 0, `autoassign_licenses` 1
   * (database/migrations/2012_12_06_225921_…:36, 2022_11_15_232525_…:17).
   */
  function store(req: SimRequest): SimAnswer {
    const request = laravelRequest(req.method, req.url, req.rawBody, req.headers["content-type"]);
    const input = request.all;
    const blank = snipeItRecord({ id: 0, username: "", first_name: "" });
    const formErrors = validate(input, formRules("POST", input, companySwitch(blank)), ctx);
    if (Object.keys(formErrors).length) return envelope("error", formErrors);
    if (!world.can("create")) return FORBIDDEN; // :383
    const fresh: Attributes = {
      ...snipeItRecord({ id: 0 }),
      first_name: undefined,
      username: undefined,
      password: undefined,
      activated: false,
      created_at: now(),
      updated_at: now(),
    };
    const attributes: Attributes = fill(fresh as unknown as SnipeItRecord, input);
    for (const key of ["first_name", "username"]) if (attributes[key] === undefined) delete attributes[key];
    attributes.company_id = companyIdForActor(input.company_id ?? null, true); // :387
    attributes.created_by = actor.id; // :388
    if (has(input, "permissions")) {
      const p = input.permissions; // :390-398, as in update (INFERRED 500s)
      if ((typeof p === "string" && !actor.superuser) || (p !== null && typeof p === "object")) return SERVER_ERROR;
      attributes.permissions = p === null ? null : String(p);
    }
    // :401-405: the password hashed, else User::noPassword() (a random hash: no sign-in with a password).
    attributes.password = filled(input, "password")
      ? fakeHash(String(input.password))
      : fakeHash(`none:${Math.random()}`);
    if (request.malformedJson) return envelope("error", "Invalid JSON", null, 422); // :407 (ImageUploadRequest)
    if (unstorable(input)) return SERVER_ERROR;
    // A new model: unique_undeleted checks every undeleted user (UniqueUndeletedTrait: id 0).
    const modelErrors = validate(validationData({ ...attributes, id: 0 }), MODEL_RULES, ctx);
    if (Object.keys(modelErrors).length) return envelope("error", modelErrors);
    const id = Math.max(0, ...[...users.values()].map((u) => u.id)) + 1;
    const g = filled(input, "groups") ? input.groups : [];
    const groups = (Array.isArray(g) ? g : g && typeof g === "object" ? Object.values(g) : [g]).map(Number);
    const saved = { ...toRecord({ ...attributes, id }), groups: [...new Set(groups)] };
    users.set(String(id), saved);
    return envelope("success", "User was successfully created.", transformUser(saved, world, false)); // :416
  }

  /** trans_choice(key, n): the singular line for 1, else the plural with :count (message.php:40-44). */
  const choice = (one: string, many: string, n: number) => (n === 1 ? one : many.replace(":count", String(n)));

  /**
   * DELETE /users/{id} → destroy (UsersController.php:529-557) after DeleteUserRequest
   * (app/Http/Requests/DeleteUserRequest.php): authorize = the delete gate (403); then, for a user it
   * finds (withTrashed, company-scoped), rules on merged counts, every failure listed, HTTP 200:
   * not yourself, managing no users and no locations, holding no assets, licenses or accessories
   * (consumables are NOT checked), not already deleted. Then a soft delete.
   */
  function destroy(req: SimRequest): SimAnswer {
    if (!world.can("delete")) return FORBIDDEN; // DeleteUserRequest.php:20-23
    const target = findWithTrashed(req.params.id);
    if (target) {
      const c = counts(target, world);
      const errors: Errors = {};
      const fail = (key: string, message: string) => {
        errors[key] = [message];
      };
      // 'user' => not_in:[auth id]: the route segment as a string against the token user's id.
      if (actor.id !== null && req.params.id === String(actor.id)) {
        fail("user", "We would feel really bad if you deleted yourself, please reconsider.");
      }
      if (c.manages_users_count) {
        fail(
          "managed_users",
          choice(
            "This user still manages another user. Please select another manager for that user first.",
            "This user still manages :count users. Please select another manager for them first.",
            c.manages_users_count,
          ),
        );
      }
      if (c.manages_locations_count) {
        fail(
          "managed_locations",
          choice(
            "This user still manages a location. Please select another manager first.",
            "This user still manages :count locations. Please select another manager first.",
            c.manages_locations_count,
          ),
        );
      }
      if (c.assets_count) {
        fail(
          "assigned_assets",
          choice(
            "This user still has an asset assigned. Please check it in first.",
            "This user still has :count assets assigned. Please check their assets in first.",
            c.assets_count,
          ),
        );
      }
      if (c.licenses_count) {
        fail(
          "assigned_licenses",
          choice(
            "This user still has a license seats assigned. Please check it in first.",
            "This user still has :count license seats assigned. Please check them in first.",
            c.licenses_count,
          ),
        );
      }
      if (c.accessories_count) {
        fail(
          "assigned_accessories",
          choice(
            "This user still has an accessory assigned. Please check it in first.",
            "This user still has :count accessories assigned. Please check their assets in first.",
            c.accessories_count,
          ),
        );
      }
      if (target.deleted_at !== null) {
        fail(
          "deleted_at",
          "This user has been deleted. You will have to restore this user to edit them or assign them new assets.",
        );
      }
      if (Object.keys(errors).length) return envelope("error", errors);
    }
    // :533: not found (unknown, or hidden by company scoping) → user_not_found, HTTP 200.
    if (!target) return envelope("error", "User does not exist or you do not have permission view them.");
    users.set(String(target.id), { ...target, deleted_at: now() }); // :537 soft delete
    return envelope("success", "User was successfully deleted."); // :548
  }

  /**
   * POST /users/{id}/restore → restore (UsersController.php:746-774): the delete gate on the class
   * (403), find withTrashed (company-scoped), the delete gate on the user, which for a non-admin
   * refuses a deleted user (SnipePermissionsPolicy.php:143-151: 403) — so only admins and superusers
   * restore; not deleted → error with the message as the PAYLOAD and `messages: null` (:755);
   * restore() saves, so the model rules run: a username taken meanwhile makes it fail, answered as
   * "User does not exist…" (:772).
   */
  function restore(req: SimRequest): SimAnswer {
    if (!world.can("delete")) return FORBIDDEN; // :748
    const target = findWithTrashed(req.params.id);
    if (!target) return envelope("error", "User does not exist or you do not have permission view them.");
    const deleted = target.deleted_at !== null;
    if (!(actor.superuser || actor.admin || (actor.canDelete && !deleted))) return FORBIDDEN; // :752
    if (!deleted) {
      return {
        status: 200,
        json: { status: "error", messages: null, payload: "The User was not deleted and therefore cannot be restored" },
      };
    }
    const restored = { ...target, deleted_at: null, updated_at: now() };
    if (Object.keys(validate(validationData({ ...restored }), MODEL_RULES, ctx)).length) {
      return envelope("error", "User does not exist or you do not have permission view them.");
    }
    users.set(String(target.id), restored);
    return envelope("success", "User was successfully restored.");
  }

  /** find() with withTrashed(): the company scope still applies (a global scope of its own). */
  function findWithTrashed(id: string | undefined) {
    const n = sqlNumber(id ?? "");
    const u = Number.isInteger(n) ? users.get(String(n)) : undefined;
    return u && visible(u) ? u : undefined;
  }

  /**
   * Company::getIdForCurrentUser (Company.php:106-124) with getIdFromInput (:87-96): "0" → null;
   * otherwise stored as given, not checked (MySQL non-strict, config/database.php:95, casts it).
   */
  function companyIdForActor(value: unknown, always = false): unknown {
    if (!fullCompanySupport || actor.superuser) {
      // e(null) is "": setCompanyIdAttribute turns it into null (SnipeModel.php:102-108).
      return looseEquals(value, "0") || (always && (value === null || value === "")) ? null : value;
    }
    return actor.companyId;
  }

  return { index, show, update, store, destroy, restore, visible };
}
