/**
 * The rest of the user lifecycle: create, list, delete, from ONLYOFFICE/CommunityServer@7c503dfb5e
 * (EmployeeApi.cs unless named). Kept apart from users.ts so that an app which only updates
 * bundles none of it.
 */
import {
  assertValid,
  type CallOptions,
  createOnce,
  InvalidInputError,
  type ListOptions,
  NotFoundError,
  paginate,
  send,
  summarize,
  type UpdatePlan,
  type VerifyRules,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { OnlyofficeClient } from "./client.js";
import type { components, paths } from "./generated/schema.js";
import { validateCreateUserBody, validateDeleteUserParams, validateListUsersParams } from "./generated/validate.js";
import { errors, ManagedUserError, putErrors, TERMINATED, unwrap, verifyRules } from "./quirks.js";
import { findUserByEmail, getUser, type User } from "./users.js";

const vendor = errors.vendor;

/** A new user: `email`, `firstname` and `lastname` required (AddMember's parameters, :538). */
export type UserCreate = components["schemas"]["UserCreate"];

/** The filters and order of `GET /api/2.0/people/filter` (:400, ApiContext.cs:79-83). */
export type UserQuery = Omit<
  NonNullable<paths["/api/2.0/people/filter"]["get"]["parameters"]["query"]>,
  "startIndex" | "count"
>;

/** The default and largest page: ApiContext caps `count` at the API's `maxPage`, 1000 (ApiContext.cs:50-61, web.autofac.config:12). */
export const MAX_PAGE_SIZE = 1000;

/**
 * The user is not Terminated: ONLYOFFICE deletes only a Terminated user (HTTP 500 "The user is not
 * suspended", :861-862). Thrown before any write; pass `{ deactivateFirst: true }` to terminate it
 * through the status endpoint first.
 */
export class ActiveUserError extends InvalidInputError {
  /**
   * "ActiveUserError", on the prototype (core's cross-build `instanceof` keys on it), without a
   * top-level statement: an app that does not import the lifecycle bundles none of it.
   */
  override get name(): string {
    return "ActiveUserError";
  }
}

/**
 * Creates a user (`POST /api/2.0/people`, AddMember, answered 201) and returns it as the answer
 * holds it, compared with the input (UnappliedChangesError for a field that did not take; `password`
 * and `files` are not in the answer and not compared). Bad input: InvalidInputError before any request.
 * Omitted `isVisitor` means a full user (a paid seat), as the vendor's binder reads it.
 *
 * Never created twice: the POST is not retried by the transport; after a timeout, a dropped
 * connection or a 5xx that is not the vendor's own refusal, the user is looked up by **email** (unique:
 * AddMember refuses an address any user has, terminated ones included, UserManagerWrapper.cs:62-76)
 * and the one found is returned; the POST is sent again only when no user has it.
 * Requests: 1 (+1 lookup per lost answer).
 */
export async function createUser(client: OnlyofficeClient, input: UserCreate, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "createUser");
  const operation = "createUser";
  const body = (wireCopy(input, { vendor, operation }) ?? {}) as UserCreate;
  assertValid({ vendor, operation }, [validateCreateUserBody, body]);
  const ctx = { operation, errors: putErrors, request: summarize("POST", "/api/2.0/people", body) };
  const user = await createOnce<User>({
    client,
    async attempt() {
      const { data, response } = await send(ctx, () => client.POST("/api/2.0/people", { body }));
      return unwrap(data, response, ctx);
    },
    async lookup() {
      try {
        return await findUserByEmail(client, body.email);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  });
  const { password: _p, files: _f, ...requested } = body;
  const skip = ["files", ...(user.email == null ? ["email", "contacts"] : [])];
  return verifyApplied(client, { operation, errors }, requested, user, {
    ...verifyRules,
    skip,
  } as VerifyRules<User>);
}

/** The requests `createUser` would send, none sent; bad input: InvalidInputError. */
export async function planCreate(_client: OnlyofficeClient, input: UserCreate): Promise<UpdatePlan> {
  const op = { vendor, operation: "createUser" };
  const body = (wireCopy(input, op) ?? {}) as UserCreate;
  assertValid(op, [validateCreateUserBody, body]);
  return {
    vendor,
    reads: [],
    writes: [{ method: "POST", path: "/api/2.0/people", body, purpose: "create the user (AddMember)" }],
    notes: ["after a lost answer the user is looked up by email before any second POST"],
  };
}

/**
 * The requests `deleteUser` would send, none sent: the user is read (its status decides); a user
 * not Terminated is an ActiveUserError unless `deactivateFirst` (then the status PUT is planned
 * first); a user already gone plans nothing.
 */
export async function planDelete(
  client: OnlyofficeClient,
  id: string,
  options: { deactivateFirst?: boolean } = {},
): Promise<UpdatePlan> {
  const op = { vendor, operation: "deleteUser" };
  assertValid(op, [validateDeleteUserParams, { userid: id }]);
  const reads = [{ method: "GET" as const, path: "/api/2.0/people/{userid}", pathParams: { userid: id } }];
  let user: User;
  try {
    user = await getUser(client, id);
  } catch (error) {
    if (error instanceof NotFoundError) return { vendor, reads, writes: [], notes: ["already gone"] };
    throw error;
  }
  if (user.isLDAP)
    throw new ManagedUserError([{ path: "", message: "managed by LDAP: ONLYOFFICE refuses to delete it" }], op);
  const writes: UpdatePlan["writes"] = [];
  if (user.status !== TERMINATED) {
    if (!options.deactivateFirst) {
      const message =
        "the user is not terminated: ONLYOFFICE deletes only terminated users (pass deactivateFirst: true)";
      throw new ActiveUserError([{ path: "", message }], op);
    }
    writes.push({
      method: "PUT",
      path: "/api/2.0/people/status/{status}",
      pathParams: { status: "Terminated" },
      body: { userIds: [String(user.id)] },
      purpose: "terminate the user first (deactivateFirst)",
    });
  }
  writes.push({ method: "DELETE", path: "/api/2.0/people/{userid}", pathParams: { userid: id }, purpose: "delete" });
  return { vendor, reads, writes, notes: [] };
}

/**
 * Every user the caller may list, lazily, `pageSize` (default and maximum {@link MAX_PAGE_SIZE}) at a
 * time (`GET /api/2.0/people/filter?startIndex=&count=`, :399-509), filtered, searched and ordered by
 * the vendor (`query`; Terminated users only for an administrator, :436-452). Stops at the
 * envelope's `total` or a short page. Each id is yielded once; offset paging skips a user when one on
 * an earlier page is deleted during the listing (see core's `paginate`). Bad query or page size:
 * InvalidInputError when the iteration starts, before any request.
 */
export function listUsers(
  client: OnlyofficeClient,
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
    idOf: (u) => String(u.id),
    async fetchPage({ offset, pageSize: count, signal }) {
      const params = { ...filters, startIndex: offset, count };
      assertValid({ vendor, operation }, [validateListUsersParams, params]);
      const ctx = { operation, errors, request: summarize("GET", "/api/2.0/people/filter") };
      const { data, response } = await send(ctx, () =>
        client.GET("/api/2.0/people/filter", { params: { query: params }, ...(signal ? { signal } : {}) }),
      );
      const items = unwrap(data, response, ctx);
      const total = (data as { total?: number }).total;
      return { items, ...(typeof total === "number" ? { more: offset + items.length < total } : {}) };
    },
  });
}

/** Options of {@link deleteUser}: the per-call options and `deactivateFirst`. */
export interface DeleteOptions extends CallOptions {
  /** Terminate an active user first (ONLYOFFICE deletes only terminated users). */
  deactivateFirst?: boolean;
}

/**
 * Deletes a user (`DELETE /api/2.0/people/{userid}`, :851-875). ONLYOFFICE deletes only a
 * Terminated user: another is an **ActiveUserError** before any write, unless `deactivateFirst`,
 * which terminates it through `PUT /api/2.0/people/status/Terminated` first (the endpoint silently
 * skips the owner and the caller, :1390-1391: then ActiveUserError, nothing deleted). An LDAP user
 * (403, :858-859): ManagedUserError before any write. The user already gone (also when a DELETE
 * whose answer was lost was repeated): done. Requests: read + DELETE (+ status PUT and a re-read).
 */
export async function deleteUser(client: OnlyofficeClient, id: string, options: DeleteOptions = {}): Promise<void> {
  const { deactivateFirst, ...call } = options;
  client = withCallOptions(client, Object.keys(call).length > 0 ? call : undefined, "deleteUser");
  const operation = "deleteUser";
  const op = { vendor, operation };
  assertValid(op, [validateDeleteUserParams, { userid: id }]);
  let user: User;
  try {
    user = await getUser(client, id);
  } catch (error) {
    if (error instanceof NotFoundError) return; // already gone
    throw error;
  }
  if (user.isLDAP)
    throw new ManagedUserError([{ path: "", message: "managed by LDAP: ONLYOFFICE refuses to delete it" }], op);
  if (user.status !== TERMINATED) {
    const message = "the user is not terminated: ONLYOFFICE deletes only terminated users (pass deactivateFirst: true)";
    if (!deactivateFirst) throw new ActiveUserError([{ path: "", message }], op);
    const path = "/api/2.0/people/status/{status}";
    const ctx = { operation, errors, request: summarize("PUT", path) };
    await send(ctx, () =>
      client.PUT(path, { params: { path: { status: "Terminated" } }, body: { userIds: [String(user.id)] } }),
    );
    // The endpoint answers success even when it skipped the user (the owner, the caller): re-read.
    if ((await getUser(client, id)).status !== TERMINATED) {
      throw new ActiveUserError([{ path: "", message: "not terminated: the owner or the caller's own account" }], op);
    }
  }
  const ctx = { operation, errors: putErrors, request: summarize("DELETE", "/api/2.0/people/{userid}") };
  try {
    await send(ctx, () => client.DELETE("/api/2.0/people/{userid}", { params: { path: { userid: id } } }));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error; // a repeated DELETE: the first one took
  }
}
