/**
 * The rest of the user lifecycle: create, list, delete (rest-api/sys/user.md of the Nexudus REST
 * docs, vardhan341/api-docs@05417745384b950a48e0bdd42941dcfcf0402a4a). Kept apart from users.ts so
 * that an app which only updates bundles none of it.
 */
import {
  ApiError,
  asSet,
  assertValid,
  type CallOptions,
  createOnce,
  type ListOptions,
  NotFoundError,
  paginate,
  send,
  summarize,
  type UpdatePlan,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { NexudusClient } from "./client.js";
import type { components, paths } from "./generated/schema.js";
import { validateCreateUserBody, validateDeleteUserParams, validateListUsersParams } from "./generated/validate.js";
import { checked, errors } from "./quirks.js";
import { findUserByEmail, getUser, type User, type UserSummary } from "./users.js";

const vendor = "nexudus";
const LIST = "/api/sys/users";
const ONE = "/api/sys/users/{id}";

/** The body of `POST /api/sys/users`: `FullName` and `Email` required (rest-api/sys/user.md, Create). */
export type UserCreate = components["schemas"]["UserCreate"];

/** The vendor's filters and sort of `GET /api/sys/users` (`User_Email`, `User_Active`, `orderby`, `dir`…). */
export type UserQuery = Omit<NonNullable<paths["/api/sys/users"]["get"]["parameters"]["query"]>, "page" | "size">;

/** The largest page the search serves (rest-api/sys/user.md: "size=25 (maximum=1000)"). */
export const MAX_PAGE_SIZE = 1000;

function createBody(input: UserCreate): UserCreate {
  const operation = "createUser";
  const body = wireCopy(input, { vendor, operation }) as UserCreate;
  assertValid({ vendor, operation }, [validateCreateUserBody, body]);
  return body;
}

/** The requests `createUser` would send, none sent; bad input: InvalidInputError. */
export async function planCreate(_client: NexudusClient, input: UserCreate): Promise<UpdatePlan> {
  return {
    vendor,
    reads: [],
    writes: [{ method: "POST", path: LIST, body: createBody(input), purpose: "create the user" }],
    notes: [
      "the answer holds only the new id: the user is then read (GET /api/sys/users/{id})",
      "after a lost answer the user is looked up by Email before any second POST",
    ],
  };
}

/** The requests `deleteUser` would send, none sent; a bad id: InvalidInputError. */
export async function planDelete(_client: NexudusClient, id: number): Promise<UpdatePlan> {
  assertValid({ vendor, operation: "deleteUser" }, [validateDeleteUserParams, { id }]);
  return {
    vendor,
    reads: [],
    writes: [{ method: "DELETE", path: ONE, pathParams: { id }, purpose: "delete the user" }],
    notes: [],
  };
}

/**
 * Creates a user (`POST /api/sys/users`) and returns it as stored. The answer holds only the new
 * id, so the record is then read (`getUser`) and compared with the input (UnappliedChangesError
 * for a field that did not take; `verify: false` skips the comparison). Bad input is an
 * InvalidInputError naming every problem, before any request.
 *
 * Never created twice: the POST is not retried by the transport; after a timeout, dropped
 * connection or 5xx the user is looked up by **Email** (the login, so the unique key;
 * `GET /api/sys/users?User_Email=`) and the user the first attempt created is returned; the POST is
 * sent again only when no user has that email. Requests: POST + read (+ lookup per lost answer).
 */
export async function createUser(client: NexudusClient, input: UserCreate, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "createUser");
  const operation = "createUser";
  const body = createBody(input);
  const ctx = { operation, errors, request: summarize("POST", LIST, body) };
  const id = await createOnce<number>({
    client,
    async attempt() {
      const { data, response } = await send(ctx, () => client.POST(LIST, { body }));
      const value = checked(data, response, ctx).Value;
      if (typeof value?.Id !== "number") {
        throw new ApiError(`${vendor} ${operation}: the answer holds no new id`, {
          vendor,
          operation,
          status: response.status,
          issues: [],
          body: data,
        });
      }
      return value.Id;
    },
    async lookup() {
      try {
        return (await findUserByEmail(client, body.Email)).Id;
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  });
  const stored = await getUser(client, id);
  return verifyApplied(client, ctx, body, stored, { caseless: ["Email"], normalise: asSet, skip: ["AccessToken"] });
}

/**
 * Every user, lazily, one page of `pageSize` (default and maximum 1000) at a time
 * (`GET /api/sys/users?page=&size=`, until `HasNextPage` is false), filtered and sorted by the
 * vendor (`query`). Records are search results: no `Businesses`/`UserRoles`/`ChatRooms` (read one
 * with `getUser` before a write). Each id is yielded once; page-numbered paging misses a record
 * when one on an earlier page is deleted during the listing (see core's `paginate`). Bad query
 * or page size: InvalidInputError when the iteration starts, before any request.
 */
export function listUsers(
  client: NexudusClient,
  query: UserQuery & ListOptions = {},
  options?: CallOptions,
): AsyncIterable<UserSummary> {
  client = withCallOptions(client, options, "listUsers");
  const operation = "listUsers";
  const { pageSize, signal, ...filters } = query;
  return paginate<UserSummary>({
    vendor,
    operation,
    maxPageSize: MAX_PAGE_SIZE,
    ...(pageSize === undefined ? {} : { pageSize }),
    ...(signal ? { signal } : {}),
    idOf: (u) => u.Id,
    async fetchPage({ page, pageSize: size, signal }) {
      const params = { ...filters, page, size };
      assertValid({ vendor, operation }, [validateListUsersParams, params]);
      const ctx = { operation, errors, request: summarize("GET", LIST) };
      const { data } = await send(ctx, () =>
        client.GET(LIST, { params: { query: params }, ...(signal ? { signal } : {}) }),
      );
      return { items: data.Records, more: data.HasNextPage ?? data.Records.length >= size };
    },
  });
}

/**
 * Deletes a user (`DELETE /api/sys/users/{id}`; `WasSuccessful` checked). An unknown id is a
 * NotFoundError, and so is a user already deleted, including when the transport repeated a DELETE
 * whose answer was lost (the repeat finds it gone): the user is gone either way.
 */
export async function deleteUser(client: NexudusClient, id: number, options?: CallOptions): Promise<void> {
  client = withCallOptions(client, options, "deleteUser");
  const operation = "deleteUser";
  assertValid({ vendor, operation }, [validateDeleteUserParams, { id }]);
  const ctx = { operation, errors, request: summarize("DELETE", ONE) };
  const { data, response } = await send(ctx, () => client.DELETE(ONE, { params: { path: { id } } }));
  checked(data, response, ctx);
}
