/**
 * The rest of the user lifecycle: create, list, delete, from SailPoint's own OpenAPI of NERM
 * (sailpoint-oss/api-specs@81ef79d05e43806f9083f42015a2a359bbd76e1f, nerm/). Kept apart from
 * users.ts so that an app which only updates bundles none of it.
 */
import {
  assertNoIssues,
  assertValid,
  type CallOptions,
  collectIssues,
  createOnce,
  findOneBy,
  type ListOptions,
  noneIfNotFound,
  paginate,
  send,
  summarize,
  type UpdatePlan,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { SailPointNermClient } from "./client.js";
import type { components, paths } from "./generated/schema.js";
import { validateCreateUserBody, validateDeleteUserParams, validateListUsersParams } from "./generated/validate.js";
import { errors, joinGroups, type User, unwrap } from "./quirks.js";

const vendor = "sailpoint-nerm";

/**
 * A new user: `name`, `email`, `type` and `login` required (nerm/schemas/POST/User.yaml:2).
 * `groups` is joined into `group_strings` (pass one or the other).
 */
export type UserCreate = components["schemas"]["UserCreate"] & { groups?: string[] };

/** The vendor's filters and order of `GET /users` (`email`, `login`, `user_status`, `order`…). */
export type UserQuery = Omit<
  NonNullable<paths["/users"]["get"]["parameters"]["query"]>,
  "limit" | "offset" | "metadata"
>;

/**
 * The default and largest page `listUsers` asks for. NERM documents no maximum for `limit`
 * (nerm/parameters/query/limit.yaml): 100 is our choice (inferred), as the simulator's default.
 */
export const MAX_PAGE_SIZE = 100;

/** `{user: {...}}` for `POST /user`, or InvalidInputError naming every problem. */
function createBody(input: UserCreate): { user: components["schemas"]["UserCreate"] } {
  const operation = "createUser";
  const isObject = !!input && typeof input === "object" && !Array.isArray(input);
  const fields: Record<string, unknown> = isObject ? wireCopy(input, { vendor, operation }) : {};
  const issues = isObject ? [] : [{ path: "", message: "must be an object" }];
  if ("groups" in fields) {
    if ("group_strings" in fields) issues.push({ path: "groups", message: "pass groups or group_strings, not both" });
    const joined = joinGroups(fields.groups);
    for (const issue of joined.issues) issues.push(issue);
    if (joined.value !== undefined) fields.group_strings = joined.value;
    delete fields.groups;
  }
  const body = { user: fields };
  for (const issue of collectIssues([validateCreateUserBody, body])) {
    issues.push({ path: issue.path.replace(/^user\.?/, ""), message: issue.message });
  }
  assertNoIssues({ vendor, operation }, issues);
  return body as { user: components["schemas"]["UserCreate"] };
}

/** The requests `createUser` would send, none sent; bad input: InvalidInputError naming every problem. */
export async function planCreate(_client: SailPointNermClient, input: UserCreate): Promise<UpdatePlan> {
  return {
    vendor,
    reads: [],
    writes: [{ method: "POST", path: "/user", body: createBody(input), purpose: "create the user" }],
    notes: ["after a lost answer the user is looked up by login before any second POST"],
  };
}

/** The requests `deleteUser` would send, none sent; a malformed id: InvalidInputError. */
export async function planDelete(_client: SailPointNermClient, id: string): Promise<UpdatePlan> {
  assertValid({ vendor, operation: "deleteUser" }, [validateDeleteUserParams, { id }]);
  return {
    vendor,
    reads: [],
    writes: [{ method: "DELETE", path: "/users/{id}", pathParams: { id }, purpose: "delete the user" }],
    notes: [],
  };
}

/**
 * Creates a user (`POST /user`, the vendor's `submitUser`) and returns it as the answer holds it,
 * compared with the input (UnappliedChangesError for a field that did not take; `password` and
 * `profile_id` are not in the answer and not compared). Bad input: InvalidInputError before any
 * request.
 *
 * Never created twice: the POST is not retried by the transport; after a timeout, dropped
 * connection, 5xx or an answer without the user, the user is looked up by **`login`** (inferred to
 * be unique: the sign-in name; `GET /users?login=`) and the one found is returned; the POST is sent
 * again only when no user has that login. Requests: 1 (+1 lookup per lost answer).
 */
export async function createUser(client: SailPointNermClient, input: UserCreate, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "createUser");
  const operation = "createUser";
  const body = createBody(input);
  const ctx = { operation, errors, request: summarize("POST", "/user", body.user) };
  const login = body.user.login;
  const user = await createOnce<User>({
    client,
    async attempt() {
      const { data } = await send(ctx, () => client.POST("/user", { body }));
      return unwrap(data, ctx);
    },
    lookup: () => findUserByLogin(client, login).catch(noneIfNotFound),
  });
  const { password: _, profile_id: __, ...requested } = body.user;
  return verifyApplied(client, ctx, requested, user, rules);
}

/**
 * The one user with this login (`GET /users?login=`, the vendor's getUsers, api-specs
 * nerm/paths/users.yaml:1 with nerm/parameters/query/login.yaml: "The user login to search by";
 * whether NERM matches exactly, by prefix or by case is not documented, so the answer is compared
 * again exactly, case-insensitively, on our side). NotFoundError when none, AmbiguousMatchError
 * (with the ids) when several; a blank login: InvalidInputError, nothing sent. One request.
 */
export function findUserByLogin(client: SailPointNermClient, login: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "findUserByLogin");
  return findOneBy(
    errors,
    "GET /users",
    (login) => client.GET("/users", { params: { query: { login } } }),
    "users login id",
    login,
    "login",
    "findUserByLogin",
  );
}

/** The answer compared with the input: emails caseless, `group_strings` as a set of names. */
const rules = {
  normalise: (field: string, v: unknown): unknown =>
    typeof v !== "string"
      ? v
      : field === "email"
        ? v.toLowerCase()
        : field === "group_strings"
          ? v
              .split(",")
              .map((g) => g.trim())
              .filter(Boolean)
              .sort()
          : v,
};

/**
 * Every user, lazily, `pageSize` (default and maximum {@link MAX_PAGE_SIZE}) at a time
 * (`GET /users?limit=&offset=`, until a short page), filtered and ordered by the vendor (`query`),
 * each with `groups` split from `group_strings`. Each id is yielded once; offset paging skips a
 * record when one on an earlier page is deleted during the listing (see core's `paginate`). Bad
 * query or page size: InvalidInputError when the iteration starts, before any request.
 */
export function listUsers(
  client: SailPointNermClient,
  query: UserQuery & ListOptions = {},
  options?: CallOptions,
): AsyncIterable<User> {
  client = withCallOptions(client, options, "listUsers");
  const operation = "listUsers";
  const { pageSize, signal, ...filters } = query;
  return paginate<User>({
    vendor,
    operation,
    maxPageSize: MAX_PAGE_SIZE,
    ...(pageSize === undefined ? {} : { pageSize }),
    ...(signal ? { signal } : {}),
    idOf: (u) => u.id,
    async fetchPage({ offset, pageSize: limit, signal }) {
      const params = { ...filters, limit, offset };
      assertValid({ vendor, operation }, [validateListUsersParams, params]);
      const ctx = { operation, errors, request: summarize("GET", "/users") };
      const { data } = await send(ctx, () =>
        client.GET("/users", { params: { query: params }, ...(signal ? { signal } : {}) }),
      );
      return { items: data.users.map((u) => unwrap({ user: u }, ctx)) };
    },
  });
}

/**
 * Deletes a user (`DELETE /users/{id}`, 200 `{info}`). A malformed id: InvalidInputError, nothing
 * sent; an unknown id (or a user already deleted, also when the transport repeated a DELETE whose
 * answer was lost): NotFoundError, the user is gone either way.
 */
export async function deleteUser(client: SailPointNermClient, id: string, options?: CallOptions): Promise<void> {
  client = withCallOptions(client, options, "deleteUser");
  const operation = "deleteUser";
  assertValid({ vendor, operation }, [validateDeleteUserParams, { id }]);
  const ctx = { operation, errors, request: summarize("DELETE", "/users/{id}") };
  await send(ctx, () => client.DELETE("/users/{id}", { params: { path: { id } } }));
}
