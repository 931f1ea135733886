/**
 * The rest of the user lifecycle: create, list, delete, restore, from Snipe-IT's code
 * (snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054, "S" below). Kept apart from users.ts
 * so that an app which only updates bundles none of it.
 */
import {
  apiErrorFrom,
  assertNoIssues,
  assertValid,
  type CallOptions,
  ConflictError,
  collectIssues,
  createOnce,
  findOneBy,
  type Issue,
  type ListOptions,
  NotFoundError,
  noneIfNotFound,
  type OperationContext,
  paginate,
  send,
  summarize,
  type UpdatePlan,
  ValidationError,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { SnipeItClient } from "./client.js";
import type { components, paths } from "./generated/schema.js";
import {
  validateCreateUserBody,
  validateDeleteUserParams,
  validateListUsersParams,
  validateRestoreUserParams,
} from "./generated/validate.js";
import { decodeUser, errors, unwrap, verifyRules } from "./quirks.js";
import type { User } from "./users.js";

const vendor = errors.vendor;
type Fields = components["schemas"]["UserCreateFields"];

/**
 * A new user: `first_name`, `username` and `password` required (SaveUserRequest's POST rules,
 * S:app/Http/Requests/SaveUserRequest.php:43-50); the `password_confirmation` Snipe-IT wants is
 * sent for you. Snipe-IT's table default for `activated` is **false** (the user cannot sign in):
 * pass `activated: true` for an active account.
 */
export type UserCreate = Omit<Fields, "password_confirmation" | "first_name" | "username" | "password"> & {
  first_name: string;
  username: string;
  password: string;
};

/** The index's filters and order (`search`, `email`, `username`, `activated`, `sort`, `order`…), paging left to `listUsers`. */
export type UserQuery = Omit<NonNullable<paths["/api/v1/users"]["get"]["parameters"]["query"]>, "offset" | "limit">;

/**
 * The default and largest page `listUsers` asks for: Snipe-IT's default `max_results`
 * (S:config/app.php:49). A server configured lower answers shorter pages; the listing follows the
 * `total` it reports, so nothing is skipped.
 */
export const MAX_PAGE_SIZE = 500;

/**
 * `deleteUser` refused: the user still holds assets, licenses or accessories, or still manages
 * users or locations (S:app/Http/Requests/DeleteUserRequest.php:48-58, answered HTTP 200). `issues`
 * has one entry per refusal, keyed `managed_users`, `managed_locations`, `assigned_assets`,
 * `assigned_licenses`, `assigned_accessories`, with Snipe-IT's message and count.
 */
export class UserStillAssignedError extends ConflictError {}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** The POST body (with `password_confirmation`), or InvalidInputError naming every problem. */
function createBody(input: UserCreate): Record<string, unknown> {
  const operation = "createUser";
  const issues: Issue[] = [];
  const body: Record<string, unknown> = isObject(input) ? (wireCopy(input, { vendor, operation }) as never) : {};
  if (!isObject(input)) issues.push({ path: "", message: "must be an object" });
  if ("password_confirmation" in body) {
    issues.push({ path: "password_confirmation", message: "is sent for you: pass only password" });
  }
  let checked = body;
  if (typeof body.permissions === "string") {
    try {
      const parsed: unknown = JSON.parse(body.permissions);
      if (!isObject(parsed)) throw new Error("not an object");
      checked = { ...body, permissions: parsed };
    } catch {
      issues.push({ path: "permissions", message: "must be a JSON object" });
    }
  }
  const wire: Record<string, unknown> = {
    ...checked,
    ...(typeof body.password === "string" ? { password_confirmation: body.password } : {}),
  };
  issues.push(...collectIssues([validateCreateUserBody, wire]));
  assertNoIssues({ vendor, operation }, issues);
  // Sent as a JSON string, as for updates (S:tests/Feature/Users/Api/UpdateUserTest.php:38).
  if (isObject(wire.permissions)) wire.permissions = JSON.stringify(wire.permissions);
  return wire;
}

/** The requests `createUser` would send, none sent; bad input: InvalidInputError naming every problem. */
export async function planCreate(_client: SnipeItClient, input: UserCreate): Promise<UpdatePlan> {
  return {
    vendor,
    reads: [],
    writes: [{ method: "POST", path: "/api/v1/users", body: createBody(input), purpose: "create the user" }],
    notes: ["after a lost answer the user is looked up by username before any second POST"],
  };
}

/**
 * The one undeleted user with this username (`GET /api/v1/users?username=`: an exact
 * `where users.username = …`, S:app/Http/Controllers/Api/UsersController.php:120-122, not a search;
 * soft-deleted users excluded unless `deleted=true`, :225-229; case-insensitive under MySQL's
 * utf8mb4_unicode_ci collation, config/database.php:93; the value trimmed by the TrimStrings
 * middleware, S:app/Http/Kernel.php:25; compared again exactly, case-insensitively, on our side).
 * NotFoundError when none, AmbiguousMatchError (with the ids) when several; a blank username:
 * InvalidInputError, nothing sent. One request.
 */
export function findUserByUsername(client: SnipeItClient, username: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "findUserByUsername");
  return findOneBy(
    errors,
    "GET /api/v1/users",
    async (username) => {
      const answer = await client.GET("/api/v1/users", { params: { query: { username } } });
      // Plain strings come HTML-encoded (the transformer's e()): compared and returned decoded.
      return answer.data ? { ...answer, data: { ...answer.data, rows: answer.data.rows.map(decodeUser) } } : answer;
    },
    "rows username id",
    typeof username === "string" ? username.trim() : username,
    "username",
    "findUserByUsername",
  );
}

/**
 * Creates a user (`POST /api/v1/users`) and returns it as Snipe-IT stored it, compared with the
 * input (`UnappliedChangesError` for a field that did not take, e.g. a group id that does not
 * exist: Snipe-IT syncs `groups` unchecked, S:app/Http/Controllers/Api/UsersController.php:410-414).
 * Bad input: `InvalidInputError` before any request; Snipe-IT's refusals (HTTP 200, per field,
 * e.g. "The username must be unique."): `ValidationError`; no `users.create` permission:
 * `PermissionDeniedError`.
 *
 * Never created twice: the POST is not retried by the transport; after a timeout, a dropped
 * connection or a 5xx the user is looked up by **`username`** (unique among undeleted users,
 * S:app/Models/User.php:92, compared case-insensitively as MySQL does) and the one found is
 * returned; the POST is sent again only when no undeleted user has that username.
 */
export async function createUser(client: SnipeItClient, input: UserCreate, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "createUser");
  const body = createBody(input);
  const ctx = { operation: "createUser", errors, request: summarize("POST", "/api/v1/users", body) };
  const username = String(body.username);
  const user = await createOnce<User>({
    client,
    async attempt() {
      const { data, response } = await send(ctx, () => client.POST("/api/v1/users", { body: body as never }));
      return unwrap(data as Parameters<typeof unwrap>[0], response, ctx);
    },
    lookup: () => findUserByUsername(client, username).catch(noneIfNotFound),
  });
  const { password: _, password_confirmation: __, ...requested } = body;
  return verifyApplied(client, ctx, requested, user, verifyRules);
}

/**
 * Every user, lazily, `pageSize` (default and maximum {@link MAX_PAGE_SIZE}) at a time
 * (`GET /api/v1/users?offset=&limit=`), filtered by Snipe-IT (`query`: `search`, `email`,
 * `username`, `activated` as 1/0, `deleted`/`all` for soft-deleted users…), plain strings
 * HTML-decoded. Ordered by `id` ascending unless `query.sort` says otherwise (Snipe-IT's own
 * default, `first_name` descending, moves a renamed user between pages); each id is yielded once,
 * and the next offset follows the rows received and the `total` Snipe-IT reports, so a server whose
 * `max_results` is below `pageSize` loses nothing. Offset paging still skips a user when one on an
 * earlier page is deleted during the listing (see core's `paginate`). Bad query or page size:
 * `InvalidInputError` when the iteration starts, before any request.
 */
export function listUsers(
  client: SnipeItClient,
  query: UserQuery & ListOptions = {},
  options?: CallOptions,
): AsyncIterable<User> {
  client = withCallOptions(client, options, "listUsers");
  const operation = "listUsers";
  const { pageSize, signal, ...filters } = query;
  let next = 0;
  return paginate<User>({
    vendor,
    operation,
    maxPageSize: MAX_PAGE_SIZE,
    ...(pageSize === undefined ? {} : { pageSize }),
    ...(signal ? { signal } : {}),
    idOf: (u) => u.id,
    async fetchPage({ pageSize: limit, page, signal }) {
      if (page === 1) next = 0;
      const params = { sort: "id" as const, order: "asc" as const, ...filters, offset: next, limit };
      assertValid({ vendor, operation }, [validateListUsersParams, params]);
      const ctx = { operation, errors, request: summarize("GET", "/api/v1/users") };
      const { data } = await send(ctx, () =>
        client.GET("/api/v1/users", { params: { query: params }, ...(signal ? { signal } : {}) }),
      );
      next += data.rows.length;
      return { items: data.rows.map(decodeUser), more: data.rows.length > 0 && next < data.total };
    },
  });
}

type Action = components["schemas"]["ActionEnvelope"];

/** A refusal of DeleteUserRequest's rules → the typed error it stands for. */
function deleteError(body: Action, response: Response, ctx: OperationContext) {
  const m = body.messages;
  if (isObject(m)) {
    if ("deleted_at" in m) return apiErrorFrom(response, body, ctx, NotFoundError); // already deleted: gone
    if (Object.keys(m).some((k) => k.startsWith("managed_") || k.startsWith("assigned_"))) {
      return apiErrorFrom(response, body, ctx, UserStillAssignedError);
    }
    return apiErrorFrom(response, body, ctx, ValidationError); // `user`: yourself
  }
  return apiErrorFrom(
    response,
    body,
    ctx,
    typeof m === "string" && /does not exist/.test(m) ? NotFoundError : ValidationError,
  );
}

/** The requests `deleteUser` would send, none sent; a malformed id: InvalidInputError. */
export async function planDelete(_client: SnipeItClient, id: number): Promise<UpdatePlan> {
  assertValid({ vendor, operation: "deleteUser" }, [validateDeleteUserParams, { id }]);
  return {
    vendor,
    reads: [],
    writes: [{ method: "DELETE", path: "/api/v1/users/{id}", pathParams: { id }, purpose: "soft-delete the user" }],
    notes: ["Snipe-IT refuses while the user holds assets, licenses or accessories or manages users or locations"],
  };
}

/**
 * Soft-deletes a user (`DELETE /api/v1/users/{id}`; `restoreUser` undoes it). Snipe-IT answers its
 * refusals with HTTP 200 (S:app/Http/Requests/DeleteUserRequest.php:48-99): the user still holds
 * assets, licenses or accessories, or manages users or locations → `UserStillAssignedError` (every
 * refusal in `issues`, with counts; consumables do not stop a delete); the token's own user →
 * `ValidationError`; an unknown id, a user hidden by company scoping, or one already deleted (also
 * when a DELETE whose answer was lost is repeated) → `NotFoundError`: the user is gone either way.
 * No `users.delete` permission: `PermissionDeniedError`.
 */
export async function deleteUser(client: SnipeItClient, id: number, options?: CallOptions): Promise<void> {
  client = withCallOptions(client, options, "deleteUser");
  const operation = "deleteUser";
  assertValid({ vendor, operation }, [validateDeleteUserParams, { id }]);
  const ctx = { operation, errors, request: summarize("DELETE", "/api/v1/users/{id}") };
  const { data, response } = await send(ctx, () => client.DELETE("/api/v1/users/{id}", { params: { path: { id } } }));
  if (data.status !== "success") throw deleteError(data, response, ctx);
}

/**
 * Restores a soft-deleted user (`POST /api/v1/users/{id}/restore`). Only an admin or superuser
 * token can (the delete policy refuses a deleted user to anyone else, S:app/Policies/SnipePermissionsPolicy.php:143-151):
 * `PermissionDeniedError`. A user that is not deleted → `ConflictError` ("The User was not deleted
 * and therefore cannot be restored", which Snipe-IT puts in `payload`); unknown, hidden, or whose
 * username was taken meanwhile → `NotFoundError` (S:app/Http/Controllers/Api/UsersController.php:746-774).
 */
export async function restoreUser(client: SnipeItClient, id: number, options?: CallOptions): Promise<void> {
  client = withCallOptions(client, options, "restoreUser");
  const operation = "restoreUser";
  assertValid({ vendor, operation }, [validateRestoreUserParams, { id }]);
  const ctx = { operation, errors, request: summarize("POST", "/api/v1/users/{id}/restore") };
  const { data, response } = await send(ctx, () =>
    client.POST("/api/v1/users/{id}/restore", { params: { path: { id } } }),
  );
  if (data.status === "success") return;
  throw apiErrorFrom(response, data, ctx, data.messages === null ? ConflictError : NotFoundError);
}
