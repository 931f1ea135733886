/**
 * The rest of the user lifecycle Zluri documents: create (`POST /v2/add-user`,
 * developers.zluri.com/reference/adduser) and list (`POST /v2/users`, /reference/listusers).
 * Zluri documents no delete: none is offered (archive a user with `updateUser(…, {user_archive: true})`).
 * Kept apart from users.ts so that an app which only updates bundles none of it.
 */
import {
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
import type { ZluriClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateCreateUserBody, validateListUsersBody } from "./generated/validate.js";
import { allowEmpty, errors } from "./quirks.js";
import { findUserByEmail, getUser, type User } from "./users.js";

const vendor = "zluri";

/** A new user: `user_name` and `user_email` required (adduser's Fields Table). */
export type UserCreate = components["schemas"]["UserCreate"];

/** The vendor's filters of the list (`filter_by`: `user_status`, `user_email`, …; `negative` to exclude). */
export type UserQuery = { filter_by?: components["schemas"]["UserFilter"][] };

/** The default and largest page `listUsers` asks for: Zluri's default page size (50); a larger maximum is undocumented. */
export const MAX_PAGE_SIZE = 50;

/** What the answer and the stored user are compared on: the create's names where they differ from the read's. */
const names = { account_type: "user_account_type" };
const normalise = (field: string, v: unknown): unknown =>
  typeof v === "string" && /(_id|email)$/.test(field) ? v.toLowerCase() : v;

async function lookup(client: ZluriClient, email: string): Promise<User | undefined> {
  try {
    return await findUserByEmail(client, email);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function createBody(input: UserCreate): UserCreate {
  const operation = "createUser";
  const body = wireCopy(input, { vendor, operation }) as UserCreate;
  assertValid({ vendor, operation }, [validateCreateUserBody, body]);
  return body;
}

/** The requests `createUser` would send, none sent; bad input: InvalidInputError naming every problem. */
export async function planCreate(_client: ZluriClient, input: UserCreate): Promise<UpdatePlan> {
  return {
    vendor,
    reads: [],
    writes: [{ method: "POST", path: "/add-user", body: createBody(input), purpose: "add the user" }],
    notes: [
      "the answer is undocumented: when it holds no user, the user is read back by email",
      "after a lost answer the user is looked up by user_email before any second POST",
    ],
  };
}

/**
 * Adds a user (`POST /add-user`) and returns it as stored: the answer's user, else a read by the
 * answer's `user_id`, else by email (the answer is undocumented). Compared with the input
 * (UnappliedChangesError for a field that did not take; `reporting_manager_email`,
 * `user_custom_fields` and `onboardingData` are not compared: the read holds them differently).
 * Bad input: InvalidInputError naming every problem, before any request.
 *
 * Never created twice: the POST is not retried by the transport; after a timeout, dropped
 * connection or 5xx the user is looked up by **`user_email`** (unique in the organization, per the
 * adduser page; `POST /users` filtered on `user_email`) and the one found is returned; the POST is
 * sent again only when no user has that email. Requests: POST + read (+ lookup per lost answer).
 */
export async function createUser(client: ZluriClient, input: UserCreate, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "createUser");
  const operation = "createUser";
  const body = createBody(input);
  const ctx = { operation, errors, request: summarize("POST", "/add-user", body) };
  const user = await createOnce<User>({
    client,
    async attempt() {
      const { data } = await send(ctx, () => client.POST("/add-user", { body }).then(allowEmpty));
      const answer = data as components["schemas"]["CreateUserResponse"];
      if (answer.user && typeof answer.user === "object") return answer.user;
      if (typeof answer.user_id === "string") return getUser(client, answer.user_id);
      const found = await lookup(client, body.user_email);
      if (found) return found;
      throw new NotFoundError(`${vendor} ${operation}: added, but no user has the email when read back`, {
        vendor,
        operation,
        status: 200,
        issues: [{ path: "user_email", message: "not found after the create" }],
      });
    },
    lookup: () => lookup(client, body.user_email),
  });
  const { reporting_manager_email: _m, user_custom_fields: _c, onboardingData: _o, ...requested } = body;
  return verifyApplied(client, ctx, requested, user, { names, normalise });
}

/**
 * Every user, lazily, `pageSize` (default and maximum {@link MAX_PAGE_SIZE}) at a time
 * (`POST /users` with `page`/`page_size`, until a short page), filtered by the vendor
 * (`filter_by`). Each id is yielded once; page-numbered paging skips a record when one on an
 * earlier page is deleted during the listing (see core's `paginate`). Bad query or page size:
 * InvalidInputError when the iteration starts, before any request.
 */
export function listUsers(
  client: ZluriClient,
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
    idOf: (u) => String(u.user_id ?? u._id),
    async fetchPage({ page, pageSize: size, signal }) {
      const body = { ...filters, page, page_size: size };
      assertValid({ vendor, operation }, [validateListUsersBody, body]);
      const ctx = { operation, errors, request: summarize("POST", "/users", body) };
      const { data } = await send(ctx, () => client.POST("/users", { body, ...(signal ? { signal } : {}) }));
      return { items: data.items ?? [] };
    },
  });
}
