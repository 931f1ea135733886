/**
 * `@userbridge/zluri/simulator` (Node-only): an in-process Zluri users API on a loopback port,
 * holding users in memory, for tests and demos. Paths are served at the root (as by the Prism
 * mock): pass `sim.url` as the client's `baseUrl`, without `/v2`.
 *
 * Every rule cites its evidence; "inferred" rules are ours (Zluri documents no answer, no error
 * body and no method for the update, and publishes neither source nor OpenAPI).
 */
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

/** The key the simulator accepts unless `token` says otherwise. */
export const SIMULATOR_API_KEY = "zluri-simulator-api-key";

export interface ZluriSimulatorOptions extends SimulatorOptions<User> {
  /**
   * What a successful update answers (undocumented by Zluri: inferred either way). `"message"`
   * (default) is `{message}` alone, so a client must re-read; `"user"` adds the updated user.
   */
  updateAnswer?: "message" | "user";
}

/** A running Zluri simulator: its URL, the live `users` map, the recorded `requests`, and `stop()`. */
export type ZluriSimulator = Simulator<User>;

const OBJECT_ID = /^[0-9a-f]{24}$/i; // doc: 001_1e0a6dff15f1f8af.txt "IDs must be valid ObjectIds" (24 hex: inferred)
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/; // doc: 001_…txt "Email fields must be valid emails" (pattern inferred)
// doc: shared/vendor-docs/001_1e0a6dff15f1f8af.txt, Supported Fields Table and Notes.
const ENUMS: Record<string, readonly string[]> = {
  user_status: ["active", "inactive", "suspended", "unknown"],
  user_account_type: ["group", "service", "employee", "external"],
  optimization_inclusion: [
    "include for all optimizations",
    "exclude for all optimizations",
    "exclude for undeprovisioned",
    "exclude for unused",
  ],
};
const STRINGS = ["user_name", "user_designation"];
const EMAILS = ["user_email", "user_personal_email"];
const IDS = ["user_department_id", "reporting_manager_id"];

/** Zluri's error body: `{errors: [{msg}]}` (doc: https://developers.zluri.com/reference/rate-limits; per-field `path` inferred). */
const fail = (status: number, problems: { path?: string; msg: string }[]): SimAnswer => ({
  status,
  json: { errors: problems.map(({ path, msg }) => (path ? { msg, path } : { msg })) },
});

const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

/** The documented rules of the update body, as Zluri would report them (wording inferred). */
function updateProblems(body: Json): { path: string; msg: string }[] {
  const problems: { path: string; msg: string }[] = [];
  const check = (ok: boolean, path: string, msg: string) => {
    if (!ok) problems.push({ path, msg: `${path} ${msg}` });
  };
  for (const k of STRINGS) if (k in body) check(typeof body[k] === "string", k, "must be a string");
  for (const k of EMAILS)
    if (k in body) check(typeof body[k] === "string" && EMAIL.test(body[k]), k, "must be a valid email");
  for (const k of IDS)
    if (k in body) check(typeof body[k] === "string" && OBJECT_ID.test(body[k]), k, "must be a valid ObjectId");
  for (const [k, values] of Object.entries(ENUMS)) {
    if (k in body) check(values.includes(body[k] as string), k, `must be one of: ${values.join(", ")}`);
  }
  if ("user_archive" in body) check(typeof body.user_archive === "boolean", "user_archive", "must be a boolean");
  if ("primary_source" in body) {
    const ps = body.primary_source;
    // doc: 001_…txt "primary_source.keyword … required if primary_source is provided".
    check(isObject(ps) && typeof ps.keyword === "string" && ps.keyword !== "", "primary_source.keyword", "is required");
    for (const k of ["org_integration_id", "integration_id"]) {
      if (isObject(ps) && k in ps) {
        check(
          typeof ps[k] === "string" && OBJECT_ID.test(ps[k] as string),
          `primary_source.${k}`,
          "must be a valid ObjectId",
        );
      }
    }
  }
  if ("user_custom_fields" in body) {
    const list = body.user_custom_fields;
    check(Array.isArray(list), "user_custom_fields", "must be an array");
    (Array.isArray(list) ? list : []).forEach((f, i) => {
      const ok = isObject(f) && typeof f.field_id === "string" && OBJECT_ID.test(f.field_id) && "field_value" in f;
      check(ok, `user_custom_fields[${i}]`, "must be {field_id: ObjectId, field_value}");
    });
  }
  return problems;
}

/** The documented fields only: an unknown field is dropped without a word (inferred: the worst case; Zluri documents nothing). */
function documented(body: Json): Json {
  const known = new Set([...STRINGS, ...EMAILS, ...IDS, ...Object.keys(ENUMS), "user_archive", "primary_source"]);
  return Object.fromEntries(Object.entries(body).filter(([k]) => known.has(k)));
}

/** Custom fields merge by `field_id`: values sent replace theirs, the others stay (inferred: "only include fields you want to update"). */
function mergeCustomFields(current: User["user_custom_fields"], sent: { field_id: string; field_value: unknown }[]) {
  const out = [...(current ?? [])];
  for (const f of sent) {
    const i = out.findIndex((c) => c.field_id?.toLowerCase() === f.field_id.toLowerCase());
    if (i >= 0) out[i] = { ...out[i], field_value: f.field_value };
    else out.push({ field_id: f.field_id, field_value: f.field_value });
  }
  return out;
}

const idOf = (u: User) => String(u.user_id ?? u._id ?? "");

/** A fresh 24-hex ObjectId, greater than any held (inferred: Mongo ids grow with time). */
function nextId(users: Map<string, User>): string {
  const max = [...users.keys()].reduce(
    (m, k) => (/^[0-9a-f]{24}$/i.test(k) && k.toLowerCase() > m ? k.toLowerCase() : m),
    "0".repeat(24),
  );
  return (BigInt(`0x${max}`) + 1n).toString(16).padStart(24, "0");
}

/** The routes, as pure functions over the users Map. */
export function zluriRoutes(
  users: Map<string, User>,
  options: Pick<ZluriSimulatorOptions, "updateAnswer"> = {},
): SimRoute[] {
  const find = (id: string) => [...users.entries()].find(([key]) => key.toLowerCase() === id.toLowerCase());
  return [
    {
      // inferred: PATCH /v2/users/{user_id} (every other documented Zluri update is PATCH /v2/<resource>/{id}).
      operationId: "updateUser",
      method: "PATCH",
      path: "/users/:user_id",
      handle(req: SimRequest): SimAnswer {
        const id = req.params.user_id ?? "";
        if (!OBJECT_ID.test(id)) return fail(400, [{ path: "user_id", msg: "user_id must be a valid ObjectId" }]);
        if (req.jsonError || !isObject(req.body)) return fail(400, [{ msg: "The request body must be a JSON object" }]);
        const problems = updateProblems(req.body);
        if (problems.length > 0) return fail(400, problems);
        const fields = documented(req.body);
        const found = find(id);
        if (!found) return fail(404, [{ msg: "User not found" }]); // inferred: no documented 404
        const [key, user] = found;
        const sent = req.body.user_custom_fields as { field_id: string; field_value: unknown }[] | undefined;
        const updated: User = {
          ...user,
          ...fields,
          ...(sent ? { user_custom_fields: mergeCustomFields(user.user_custom_fields, sent) } : {}),
        };
        users.set(key, updated);
        const message = "User updated successfully"; // inferred: the answer is undocumented
        return { status: 200, json: options.updateAnswer === "user" ? { message, user: updated } : { message } };
      },
    },
    {
      // doc: https://developers.zluri.com/reference/adduser (POST /v2/add-user: user_name and user_email
      // required, the email unique in the organization, the reporting manager an existing user's email).
      operationId: "createUser",
      method: "POST",
      path: "/add-user",
      handle(req: SimRequest): SimAnswer {
        if (req.jsonError || !isObject(req.body)) return fail(400, [{ msg: "The request body must be a JSON object" }]);
        const body = req.body;
        const problems: { path: string; msg: string }[] = [];
        for (const k of ["user_name", "user_email"]) {
          if (typeof body[k] !== "string" || body[k] === "") problems.push({ path: k, msg: `${k} is required` });
        }
        // The update's checks where the create takes the same field (inferred: one validator);
        // the create's own names: account_type, reporting_manager_email; status without `unknown`.
        const { account_type, reporting_manager_email, onboardingData: _onboarding, ...rest } = body;
        problems.push(...updateProblems(rest).filter((p) => !problems.some((q) => q.path === p.path)));
        if (rest.user_status === "unknown")
          problems.push({ path: "user_status", msg: "user_status must be one of: active, inactive, suspended" });
        if (account_type !== undefined && !ENUMS.user_account_type?.includes(account_type as string)) {
          problems.push({
            path: "account_type",
            msg: `account_type must be one of: ${ENUMS.user_account_type?.join(", ")}`,
          });
        }
        const email = String(body.user_email ?? "").toLowerCase();
        const byEmail = (e: string) => [...users.values()].find((u) => String(u.user_email ?? "").toLowerCase() === e);
        if (email && byEmail(email)) problems.push({ path: "user_email", msg: "user_email already exists" });
        let managerId: string | undefined;
        if (reporting_manager_email !== undefined) {
          const manager = byEmail(String(reporting_manager_email).toLowerCase());
          if (!manager)
            problems.push({
              path: "reporting_manager_email",
              msg: "reporting_manager_email is not a user of the organization",
            });
          else managerId = idOf(manager);
        }
        if (problems.length > 0) return fail(400, problems);
        const id = nextId(users);
        const created: User = {
          user_id: id,
          user_status: "active", // inferred default
          user_account_type: (account_type as User["user_account_type"]) ?? "employee", // doc: "Defaults to employee"
          user_archive: false,
          ...documented(rest),
          ...(managerId ? { reporting_manager_id: managerId } : {}),
          ...(Array.isArray(rest.user_custom_fields)
            ? {
                user_custom_fields: mergeCustomFields(
                  [],
                  rest.user_custom_fields as { field_id: string; field_value: unknown }[],
                ),
              }
            : {}),
        };
        users.set(id, created);
        return { status: 200, json: { message: "User added successfully" } }; // inferred: the answer is undocumented
      },
    },
    {
      // doc: https://developers.zluri.com/reference/listusers and /docs/filters (filter_by: field_id, field_values, negative).
      operationId: "listUsers",
      method: "POST",
      path: "/users",
      handle(req: SimRequest): SimAnswer {
        const body = req.body === undefined && !req.jsonError ? {} : req.body;
        if (!isObject(body)) return fail(400, [{ msg: "The request body must be a JSON object" }]);
        const filters = body.filter_by ?? [];
        const ok =
          Array.isArray(filters) &&
          filters.every((f) => isObject(f) && typeof f.field_id === "string" && Array.isArray(f.field_values));
        if (!ok) return fail(400, [{ path: "filter_by", msg: "filter_by must be a list of {field_id, field_values}" }]);
        const page = body.page ?? 1;
        const pageSize = body.page_size ?? 50; // inferred default (pagination guide, per our note)
        for (const [k, v] of [
          ["page", page],
          ["page_size", pageSize],
        ] as const) {
          if (!Number.isInteger(v) || (v as number) < 1)
            return fail(400, [{ path: k, msg: `${k} must be a positive integer` }]);
        }
        // inferred: string filters compare case-insensitively; `user_id` matches `user_id` or `_id`.
        const value = (u: User, field: string) =>
          String(field === "user_id" ? idOf(u) : ((u as Json)[field] ?? "")).toLowerCase();
        const rows = [...users.values()].filter((u) =>
          (filters as { field_id: string; field_values: unknown[]; negative?: boolean }[]).every((f) => {
            const hit = f.field_values.some((v) => String(v).toLowerCase() === value(u, f.field_id));
            return f.negative === true ? !hit : hit;
          }),
        );
        const start = ((page as number) - 1) * (pageSize as number);
        return {
          status: 200,
          json: {
            count: rows.length,
            page,
            page_size: pageSize,
            items: rows.slice(start, start + (pageSize as number)),
          },
        };
      },
    },
  ];
}

/**
 * Starts the simulator. Auth: the `api-key` header must equal `token` (default
 * {@link SIMULATOR_API_KEY}). Rate limit: 100 requests per minute (on by default).
 */
export function startSimulator(options: ZluriSimulatorOptions = {}): Promise<ZluriSimulator> {
  const token = options.token ?? SIMULATOR_API_KEY;
  const users = toUserMap(options.users);
  return startSimServer(
    {
      vendor: "zluri",
      routes: zluriRoutes(users, options),
      // doc: https://developers.zluri.com/reference/authentication-1 (header `api-key`);
      // doc: https://developers.zluri.com/docs/troubleshooting ("401 Unauthorized – The API key is invalid").
      authenticate: (req) =>
        req.headers["api-key"] === token ? undefined : { status: 401, json: { message: "The API key is invalid" } },
      // doc: https://developers.zluri.com/reference/rate-limits (100 requests per minute per API key; 429 body; retry-after seconds).
      rateLimit: {
        limit: 100,
        windowMs: 60_000,
        answer: (retryAfter) => ({
          status: 429,
          headers: { "retry-after": String(retryAfter) },
          json: {
            errors: [
              {
                msg: "You have exceeded the allowed number of requests. Please retry after the time specified in the 'retry-after' header",
              },
            ],
            code: "RATE_LIMIT_EXCEEDED",
          },
        }),
      },
      // A route not modelled falls through to the kit's 501 "not simulated" (no guessed 404).
    },
    { ...options, token },
    users,
  );
}

/** The same key as {@link SIMULATOR_API_KEY}, under the name every vendor simulator exports. */
export const SIMULATOR_TOKEN = SIMULATOR_API_KEY;

/** One realistic user as Zluri's list returns it, for demos and `pnpm simulate`. */
export function sampleUser(): User {
  return {
    user_id: "64b7f0c2a1d3e4f5a6b7c8d9",
    user_name: "Ada Lovelace",
    user_email: "ada@example.com",
    user_personal_email: "ada.lovelace@example.org",
    user_department_id: "64b7f0c2a1d3e4f5a6b7c8db",
    user_department_name: "Engineering",
    reporting_manager_id: "64b7f0c2a1d3e4f5a6b7c8da",
    user_status: "active",
    user_designation: "Engineer",
    user_account_type: "employee",
    user_archive: false,
    optimization_inclusion: "include for all optimizations",
    primary_source: { keyword: "okta", org_integration_id: "681047a5b5c755b83e0ff982" },
    user_custom_fields: [
      { field_id: "679b613f315ee0a11cb67bd1", field_name: "Country", field_value: "India" },
      { field_id: "679b613f315ee0a11cb67bd2", field_name: "Floor", field_value: 3 },
    ],
  };
}
