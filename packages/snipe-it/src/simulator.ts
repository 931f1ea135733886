/**
 * `@userbridge/snipe-it/simulator` (Node-only): an in-process Snipe-IT users API for tests, built on
 * `@userbridge/core/simulator`. It models Snipe-IT's mechanism at
 * snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054 (paths below are relative to it): the
 * request middleware (./simulator/middleware.ts), SaveUserRequest's and the User model's rules
 * checked by a Laravel-like validator (./simulator/model.ts, ./simulator/validator.ts), the
 * controller (./simulator/controller.ts, ./simulator/users-index.ts) and the transformer
 * (./simulator/transformer.ts).
 *
 * `users` is keyed by the numeric id as a decimal string ("13"). Records are stored RAW, as in
 * Snipe-IT's database (plain strings, `groups` as ids, `permissions` as the JSON string stored,
 * dates as "Y-m-d" / "Y-m-d H:i:s", `password` as a fake hash), and answered as
 * app/Http/Transformers/UsersTransformer.php renders them (HTML-escaped strings, date objects).
 * A route it does not model answers 501 "not simulated" (core's default).
 */
import {
  notSimulated,
  type SimDefinition,
  type Simulator,
  type SimulatorOptions,
  startSimServer,
  toUserMap,
} from "@userbridge/core/simulator";
import { type Actor, envelope, usersController } from "./simulator/controller.js";
import { fakeHash, type SnipeItRecord, snipeItRecord } from "./simulator/model.js";
import {
  DEFAULT_DIRECTORY,
  type SnipeItDirectory,
  type SnipeItHoldings,
  transformUser,
  type World,
} from "./simulator/transformer.js";

export { type SnipeItRecord, snipeItRecord } from "./simulator/model.js";

/** `Hash::check($password, $user->password)` for a record the simulator stored. */
export const checkPassword = (record: SnipeItRecord, password: string): boolean =>
  record.password === fakeHash(password);
export { escapeLikeLaravel, type SnipeItDirectory, type SnipeItHoldings } from "./simulator/transformer.js";

export interface SnipeItSimulatorOptions extends SimulatorOptions<SnipeItRecord> {
  /**
   * The token's user. `superuser` (default true) passes every permission check and may set
   * `groups` and `permissions`; `admin` (default false) passes every policy check
   * (SnipePermissionsPolicy.php:36-53) but is no superuser; `canView` / `canEdit` / `canCreate` /
   * `canDelete` (default true) are the `users.view` / `.edit` / `.create` / `.delete` permissions
   * of a user who is neither; `companyId` (default null) scopes them with `fullCompanySupport`;
   * `id` (default none) is their own user id when they are one of `users` (self-delete, `created_by`).
   */
  actor?: {
    id?: number;
    superuser?: boolean;
    admin?: boolean;
    canView?: boolean;
    canEdit?: boolean;
    canCreate?: boolean;
    canDelete?: boolean;
    companyId?: number | null;
  };
  directory?: SnipeItDirectory;
  /** What is checked out to, or managed by, each user id (counts, deletability, the company-switch rule). */
  holdings?: Record<number, SnipeItHoldings>;
  /** `full_multiple_companies_support` (default false): non-superusers see only their company's users. */
  fullCompanySupport?: boolean;
  /** `config('app.lock_passwords')`: the demo lock on users 1 and 2 (default false). */
  demoLock?: boolean;
  /** `config('app.max_results')`: the largest page the index serves (default 500, config/app.php:49). */
  maxResults?: number;
}

/** The token the simulator accepts unless `token` is given. */
export const SIMULATOR_TOKEN = "snipeit-sim-token-4f1c";

function actorOf(options: SnipeItSimulatorOptions["actor"] = {}): Actor {
  return {
    id: options.id ?? null,
    superuser: options.superuser ?? true,
    admin: options.admin ?? false,
    canView: options.canView ?? true,
    canEdit: options.canEdit ?? true,
    canCreate: options.canCreate ?? true,
    canDelete: options.canDelete ?? true,
    companyId: options.companyId ?? null,
  };
}

/** Gate::allows(ability, User::class): superuser or admin, else the users.* permission (User.php:217-236). */
function gate(actor: Actor) {
  const flags = { view: actor.canView, update: actor.canEdit, create: actor.canCreate, delete: actor.canDelete };
  return (ability: keyof typeof flags) => actor.superuser || actor.admin || flags[ability];
}

/** A stored record as UsersTransformer renders it (managers looked up in `users`, names in `directory`). */
export function renderUser(
  record: SnipeItRecord,
  users: Map<string, SnipeItRecord> = new Map(),
  directory: SnipeItDirectory = {},
): Record<string, unknown> {
  const world: World = { users, dir: { ...DEFAULT_DIRECTORY, ...directory }, holdings: {}, can: () => true };
  return transformUser(record, world);
}

/** Starts a Snipe-IT simulator (Node-only). Stop it with `stop()`. */
export async function startSimulator(options: SnipeItSimulatorOptions = {}): Promise<Simulator<SnipeItRecord>> {
  const token = options.token ?? SIMULATOR_TOKEN;
  const users = toUserMap(options.users);
  const actor = actorOf(options.actor);
  const world: World = {
    users,
    dir: { ...DEFAULT_DIRECTORY, ...options.directory },
    holdings: options.holdings ?? {},
    can: gate(actor),
  };
  const controller = usersController({
    world,
    actor,
    fullCompanySupport: options.fullCompanySupport ?? false,
    demoLock: options.demoLock ?? false,
    maxResults: options.maxResults ?? 500,
  });

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
    // A method the vendor has no route for on a users path it serves: MethodNotAllowedHttpException
    // → 405 envelope (Handler.php:115-116). The resource (routes/api.php:1148-1160) answers GET/POST
    // on /users and GET/PUT/PATCH/DELETE on /users/{user}; POST /users/two_factor_reset is its own
    // route (:1083-1088); /users/{user}/restore is POST only (:1139-1144) — a GET there reaches
    // the GET-only fallback route instead (:1331-1338), not modelled. Anything else: core's 501.
    notFound: (req) => {
      const path = req.url.pathname;
      const collection = path === "/api/v1/users";
      const member = /^\/api\/v1\/users\/[^/]+$/.test(path);
      if (collection && ["PUT", "PATCH", "DELETE"].includes(req.method)) {
        return envelope("error", "Method not allowed", null, 405);
      }
      if (member && req.method === "POST" && path !== "/api/v1/users/two_factor_reset") {
        return envelope("error", "Method not allowed", null, 405);
      }
      if (/^\/api\/v1\/users\/[^/]+\/restore$/.test(path) && ["PUT", "PATCH", "DELETE"].includes(req.method)) {
        return envelope("error", "Method not allowed", null, 405);
      }
      return undefined;
    },
    routes: [
      {
        operationId: "listUsers",
        method: "GET",
        path: "/api/v1/users",
        // An array in the query is not modelled: 501 rather than a guess.
        handle: (req) => controller.index(req) ?? notSimulated(req),
      },
      {
        operationId: "getUser",
        method: "GET",
        path: "/api/v1/users/:id",
        handle: (req) => controller.show(req) ?? notSimulated(req),
      },
      { operationId: "updateUser", method: "PATCH", path: "/api/v1/users/:id", handle: controller.update },
      { operationId: "replaceUser", method: "PUT", path: "/api/v1/users/:id", handle: controller.update },
      { operationId: "createUser", method: "POST", path: "/api/v1/users", handle: controller.store },
      { operationId: "deleteUser", method: "DELETE", path: "/api/v1/users/:id", handle: controller.destroy },
      { operationId: "restoreUser", method: "POST", path: "/api/v1/users/:id/restore", handle: controller.restore },
    ],
  };
  return startSimServer(def, { ...options, token }, users);
}

/**
 * One realistic user as Snipe-IT stores it (id 13), for demos and `pnpm simulate`: in "R&D"
 * (department 2) with an apostrophe in the address, so the read shows Laravel's HTML escaping.
 */
export function sampleUser(): SnipeItRecord {
  return snipeItRecord({
    id: 13,
    first_name: "Ada",
    last_name: "Lovelace",
    username: "ada.lovelace",
    email: "ada@example.com",
    jobtitle: "Engineer",
    phone: "+44 20 7946 0000",
    address: "12 St James's Square",
    city: "London",
    country: "GB",
    zip: "SW1Y 4JH",
    locale: "en-GB",
    employee_num: "E-0013",
    notes: "Works on the *Analytical Engine*",
    company_id: 1,
    department_id: 2,
    location_id: 1,
    start_date: "2021-03-01",
    groups: [2],
  });
}
