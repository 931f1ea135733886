/**
 * `@userbridge/sailpoint-nerm/simulator` (Node-only): an in-process NERM users API on a loopback
 * port, holding users in memory, for tests and demos. Paths are served at the root: pass
 * `sim.url` as the client's `baseUrl` (the real one ends in `/api`).
 *
 * Shapes follow SailPoint's own OpenAPI of NERM, cited as
 * `sailpoint-oss/api-specs@81ef79d05e43806f9083f42015a2a359bbd76e1f:<path>:<line>` ("api-specs:"
 * below). Rules marked "inferred" are ours: NERM documents no 401, 404 for users, rate limit, or
 * validation message other than "can't be blank".
 */
import { randomUUID } from "node:crypto";
import {
  type SimAnswer,
  type SimRequest,
  type SimRoute,
  type Simulator,
  type SimulatorOptions,
  startSimServer,
  toUserMap,
} from "@userbridge/core/simulator";
import type { components } from "./generated/schema.js";

type User = components["schemas"]["User"];
type Json = Record<string, unknown>;

/** The token the simulator accepts unless `token` says otherwise. */
export const SIMULATOR_TOKEN = "nerm-simulator-token";

/** A running SailPoint NERM simulator: its URL, the live `users` map, the recorded `requests`, and `stop()`. */
export type SailPointNermSimulator = Simulator<User>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i; // api-specs: nerm/parameters/path/id.yaml:7
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/; // api-specs: nerm/schemas/PATCH/User.yaml:16 (format: email; pattern inferred)
const STATUS = ["Active", "Pending", "Disabled"]; // api-specs: nerm/schemas/PATCH/User.yaml:36
const TYPES = ["NeprofileUser", "NeaccessUser"]; // api-specs: nerm/schemas/PATCH/User.yaml:21
/** The writable fields (api-specs: nerm/schemas/PATCH/User.yaml:1). No `admin`: gone from the API. */
const WRITABLE = [
  "name",
  "email",
  "type",
  "profile_id",
  "title",
  "status",
  "login",
  "group_strings",
  "locale",
  "sailpoint_identity_id",
];

// api-specs: nerm/responses/InvalidJson.yaml:4
const INVALID_JSON: SimAnswer = {
  status: 400,
  json: { error: "Invalid JSON syntax. Please check your syntax and try again." },
};
/** api-specs: nerm/responses/ValidationErrors.yaml:1 (`{error, errors: {attribute: message}}`). */
const invalid = (errors: Record<string, string>): SimAnswer => ({
  status: 400,
  json: { error: "The user failed to create/update", errors },
});
// inferred: NERM's 404 body for other resources (api-specs: nerm/responses/404.yaml:10).
const NOT_FOUND: SimAnswer = { status: 404, json: { error: "The requested user was not found" } };

const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

/** Attribute → message, in Rails' words (inferred; only "can't be blank" is documented). */
function fieldErrors(user: Json, pathId: string): Record<string, string> {
  const errors: Record<string, string> = {};
  // api-specs: nerm/schemas/PATCH/User.yaml:6 (`id` required); equal to the path id (inferred).
  if (user.id === undefined || user.id === "") errors.id = "can't be blank";
  else if (user.id !== pathId) errors.id = "does not match the id in the path";
  for (const k of ["name", "login", "email"]) {
    if (k in user && (typeof user[k] !== "string" || (user[k] as string).trim() === "")) errors[k] = "can't be blank";
  }
  if (typeof user.email === "string" && user.email.trim() !== "" && !EMAIL.test(user.email))
    errors.email = "is invalid";
  if ("status" in user && !STATUS.includes(user.status as string)) errors.status = "is not included in the list";
  if ("type" in user && !TYPES.includes(user.type as string)) errors.type = "is not included in the list";
  if ("profile_id" in user && !(typeof user.profile_id === "string" && UUID.test(user.profile_id))) {
    errors.profile_id = "is invalid";
  }
  for (const k of ["title", "group_strings", "locale", "sailpoint_identity_id"]) {
    if (k in user && typeof user[k] !== "string") errors[k] = "is invalid";
  }
  return errors;
}

/** The routes, as pure functions over the users Map. */
export function nermRoutes(users: Map<string, User>): SimRoute[] {
  const lookup = (req: SimRequest): [string, User] | SimAnswer => {
    const id = req.params.id ?? "";
    // inferred: a malformed id is a 400 (the vendor spec lists 400 for getUser/patchUser, not its body).
    if (!UUID.test(id)) return { status: 400, json: { error: `Invalid id: ${id.slice(0, 64)}` } };
    const key = [...users.keys()].find((k) => k.toLowerCase() === id.toLowerCase());
    return key === undefined ? NOT_FOUND : [key, users.get(key) as User];
  };
  return [
    {
      // api-specs: nerm/paths/users_id.yaml:1 (getUser → {user}).
      operationId: "getUser",
      method: "GET",
      path: "/users/:id",
      handle(req) {
        const found = lookup(req);
        return Array.isArray(found) ? { status: 200, json: { user: found[1] } } : found;
      },
    },
    {
      // api-specs: nerm/paths/users_id.yaml:16 (patchUser), nerm/requestBodies/PATCH/User.yaml:7 ({user: {...}}).
      operationId: "updateUser",
      method: "PATCH",
      path: "/users/:id",
      handle(req) {
        if (req.jsonError) return INVALID_JSON;
        const found = lookup(req);
        if (!Array.isArray(found)) return found;
        const body = req.body;
        if (!isObject(body) || !isObject(body.user)) return invalid({ user: "can't be blank" }); // inferred
        const errors = fieldErrors(body.user, req.params.id ?? "");
        if (Object.keys(errors).length > 0) return invalid(errors);
        // inferred (Rails strong parameters): an attribute that is not writable, such as the removed
        // `admin`, is dropped without a word — a silent ignore.
        const changes = Object.fromEntries(Object.entries(body.user).filter(([k]) => WRITABLE.includes(k)));
        const [key, user] = found;
        const updated = { ...user, ...changes } as User;
        users.set(key, updated);
        return { status: 200, json: { user: updated } };
      },
    },
    {
      // api-specs: nerm/paths/users.yaml:1 (getUsers: email, login, ... filters; limit/offset; {users, _metadata}).
      operationId: "listUsers",
      method: "GET",
      path: "/users",
      handle(req) {
        const q = req.url.searchParams;
        const int = (name: string, min: number, fallback: number) => {
          const raw = q.get(name);
          const n = raw === null ? fallback : Number(raw);
          return Number.isInteger(n) && n >= min ? n : undefined;
        };
        const limit = int("limit", 1, 100); // default page size inferred
        const offset = int("offset", 0, 0);
        if (limit === undefined || offset === undefined) {
          return { status: 400, json: { error: "limit and offset must be integers (limit ≥ 1, offset ≥ 0)" } }; // inferred
        }
        const filters: [string, keyof User][] = [
          ["email", "email"],
          ["login", "login"],
          ["name", "name"],
          ["title", "title"],
          ["user_status", "status"],
          ["type", "type"],
          ["sailpoint_identity_id", "sailpoint_identity_id"],
        ];
        // inferred: exact, case-insensitive matches.
        const rows = [...users.values()].filter((u) =>
          filters.every(([param, field]) => {
            const want = q.get(param);
            return want === null || String(u[field] ?? "").toLowerCase() === want.toLowerCase();
          }),
        );
        // api-specs: nerm/parameters/query/order.yaml:1 (`order`, e.g. created_at); ascending, ties by
        // creation (inferred). Without it, creation order (inferred).
        const order = q.get("order");
        if (order) {
          const key = (u: User) => String((u as Json)[order] ?? "");
          rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        }
        const page = rows.slice(offset, offset + limit);
        const meta = q.get("metadata") === "true" ? { _metadata: { limit, offset, total: rows.length } } : {};
        return { status: 200, json: { users: page, ...meta } };
      },
    },
    {
      // api-specs: nerm/paths/user.yaml:1 (submitUser: POST /user, {user: {...}} → 200 {user}),
      // nerm/schemas/POST/User.yaml:2 (name, email, type, login required).
      operationId: "createUser",
      method: "POST",
      path: "/user",
      handle(req) {
        if (req.jsonError) return INVALID_JSON;
        const body = req.body;
        if (!isObject(body) || !isObject(body.user)) return invalid({ user: "can't be blank" }); // inferred
        const user = body.user;
        const errors = fieldErrors({ ...user, id: "new" }, "new");
        for (const k of ["name", "email", "type", "login"]) if (!(k in user)) errors[k] = "can't be blank";
        // inferred: the login signs the user in, so no two users share one (Rails' uniqueness message).
        const login = String(user.login ?? "").toLowerCase();
        if (login && [...users.values()].some((u) => String(u.login ?? "").toLowerCase() === login)) {
          errors.login = "has already been taken";
        }
        if (Object.keys(errors).length > 0) return invalid(errors);
        // inferred (Rails strong parameters): unknown attributes dropped; `password` is not kept in the record served (never shown).
        const fields = Object.fromEntries(Object.entries(user).filter(([k]) => WRITABLE.includes(k)));
        const created = {
          id: randomUUID(),
          uid: String(user.login),
          status: "Active", // inferred default
          ...fields,
        } as User;
        users.set(created.id, created);
        return { status: 200, json: { user: created } };
      },
    },
    {
      // api-specs: nerm/paths/users_id.yaml:33 (deleteUser → 200 nerm/responses/Info.yaml {info}).
      operationId: "deleteUser",
      method: "DELETE",
      path: "/users/:id",
      handle(req) {
        const found = lookup(req);
        if (!Array.isArray(found)) return found;
        users.delete(found[0]);
        return { status: 200, json: { info: "object deleted" } };
      },
    },
  ];
}

/**
 * Starts the simulator. Auth: `Authorization: Bearer <token>` (default {@link SIMULATOR_TOKEN}).
 * Rate limit (inferred, NERM documents none): 100 requests per 10 s, as SailPoint's ISC gateway.
 */
export function startSimulator(options: SimulatorOptions<User> = {}): Promise<SailPointNermSimulator> {
  const token = options.token ?? SIMULATOR_TOKEN;
  const users = toUserMap(options.users);
  return startSimServer(
    {
      vendor: "sailpoint-nerm",
      routes: nermRoutes(users),
      // api-specs: nerm/openapi.yaml:297 (Bearer tokens); the 401 and its body are inferred.
      authenticate: (req) =>
        req.headers.authorization === `Bearer ${token}` ? undefined : { status: 401, json: { error: "Unauthorized" } },
      // inferred: ISC's documented gateway limit (100 per token per 10 s, 429 + Retry-After,
      // https://developer.sailpoint.com/discuss/t/the-remote-server-returned-an-error-429/4653).
      rateLimit: {
        limit: 100,
        windowMs: 10_000,
        answer: (retryAfter) => ({
          status: 429,
          headers: { "retry-after": String(retryAfter) },
          json: { error: "Too many requests" },
        }),
      },
      // A route not modelled falls through to the kit's 501 "not simulated" (no guessed 404).
    },
    { ...options, token },
    users,
  );
}

/** One realistic user as NERM's read returns it (the vendor spec's example shapes), for demos and `pnpm simulate`. */
export function sampleUser(): User {
  return {
    id: "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e",
    uid: "ada",
    name: "Ada Lovelace",
    email: "ada@example.com",
    type: "NeprofileUser",
    title: "Engineer",
    status: "Active",
    login: "ada",
    last_login: "Wed, 07 Feb 2024 12:55:20.456682000 EST -05:00",
    cookies_accepted_at: "Wed, 07 Feb 2024 12:50:02 EST -05:00",
    preferred_language: "en-US",
    locale: "en-US",
    group_strings: "Admin_group, Developer_group",
    sailpoint_identity_id: "9496f8d6ddab49c0bef1e9ee6f1b835a",
  };
}
