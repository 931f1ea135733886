import {
  ApiError,
  assertNoIssues,
  type CallOptions,
  collectIssues,
  findOneByEmail,
  type InvalidInputError,
  NotFoundError,
  send,
  sendPlanned,
  summarize,
  type UpdatePlan,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { ZluriClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateUpdateUserBody, validateUpdateUserParams } from "./generated/validate.js";
import { allowEmpty, errors, findUser } from "./quirks.js";

/** A Zluri user as the list returns it (lenient: Zluri adds fields). */
export type User = components["schemas"]["User"];
/** The fields a caller may change; send only what changes. */
export type UserUpdate = components["schemas"]["UserUpdate"];

const PATH = "/users/{user_id}";
const vendor = errors.vendor;

/** Every problem with the id and the changes, checked against the spec; the changes as they go on the wire. */
function check(operation: string, id: unknown, changes?: unknown): UserUpdate {
  const ctx = { vendor, operation };
  const issues = collectIssues([validateUpdateUserParams, { user_id: id }]);
  let body: unknown;
  if (operation === "updateUser") {
    try {
      body = wireCopy(changes, ctx);
      issues.push(...collectIssues([validateUpdateUserBody, body]));
    } catch (e) {
      issues.push(...(e as InvalidInputError).issues); // not JSON data: reported with the id's problems
    }
  }
  assertNoIssues(ctx, issues);
  return body as UserUpdate;
}

/**
 * Reads one user. Zluri has no "get one user": this is the list (`POST /users`) filtered on
 * `user_id`, which the transport may retry like any read. Throws NotFoundError when no row has the id.
 */
export async function getUser(client: ZluriClient, id: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "getUser");
  check("getUser", id);
  const body = { filter_by: [{ field_id: "user_id", field_values: [id] }] };
  const ctx = { operation: "getUser", errors, request: summarize("POST", "/users", body) };
  const { data, response } = await send(ctx, () => client.POST("/users", { body }));
  const user = findUser(data?.items, id);
  if (user) return user;
  const failure = { vendor, operation: ctx.operation, status: response.status, request: ctx.request };
  if (!Array.isArray(data?.items)) {
    throw new ApiError("zluri getUser: unexpected answer", {
      ...failure,
      issues: [{ path: "items", message: "is missing" }],
      body: data,
    });
  }
  throw new NotFoundError("zluri getUser failed", {
    ...failure,
    issues: [{ path: "user_id", message: `no user with id ${id}` }],
  });
}

/**
 * The requests `updateUser` would send, none sent: one PATCH with only the changed fields.
 * Bad input throws InvalidInputError naming every problem.
 */
export async function planUpdate(
  client: ZluriClient,
  id: string,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<UpdatePlan> {
  client = withCallOptions(client, options, "updateUser");
  const body = check("updateUser", id, changes);
  return {
    vendor,
    reads: [],
    writes: [
      {
        method: "PATCH",
        path: PATH,
        pathParams: { user_id: id },
        body,
        purpose: "partial update: only the changed fields",
      },
    ],
    notes: [
      "method and path inferred: Zluri does not document them",
      "answer undocumented: when it holds no user, updateUser re-reads the user",
    ],
  };
}

type Custom = { field_id?: unknown; field_value?: unknown }[] | null | undefined;
/**
 * How the stored user is compared with the changes: ObjectIds and emails case-insensitively;
 * custom fields by id and value only (the read adds `field_name` and keeps the fields not sent).
 */
const normalise = (field: string, v: unknown): unknown =>
  typeof v === "string" && /(_id|email)$/.test(field)
    ? v.toLowerCase()
    : field === "user_custom_fields"
      ? (v as Custom)?.map((c) => [String(c.field_id).toLowerCase(), c.field_value]).sort()
      : v;

/**
 * Partially updates a user (PATCH): only the fields in `changes` are sent, so nothing else is
 * cleared. The input is checked against the spec first (ObjectIds, emails, enums, `primary_source`
 * with its `keyword`): every problem is reported in one InvalidInputError and nothing is sent.
 * Returns the updated user: the one in Zluri's answer, or else a re-read of it (`getUser`), after
 * comparing it with the changes (UnappliedChangesError for a field that did not take).
 */
export async function updateUser(
  client: ZluriClient,
  id: string,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<User> {
  client = withCallOptions(client, options, "updateUser");
  const plan = await planUpdate(client, id, changes);
  const write = plan.writes[0]!;
  const ctx = { operation: "updateUser", errors, request: summarize(write.method, PATH, write.body) };
  const { data } = await send(ctx, () => sendPlanned(client, write).then(allowEmpty));
  const answered = (data as components["schemas"]["UpdateUserResponse"] | null)?.user;
  const user = answered && typeof answered === "object" ? answered : await getUser(client, id);
  const body = write.body as { user_custom_fields?: Custom };
  const sent = body.user_custom_fields?.map((c) => c.field_id) ?? [];
  const stored = (field: string, u: User): unknown =>
    field === "user_custom_fields"
      ? (u.user_custom_fields as Custom)?.filter((c) => sent.includes(c.field_id))
      : u[field as keyof User];
  return verifyApplied(client, ctx, body, user, { normalise, stored });
}

/**
 * The one user with this email: the list (`POST /users`) filtered on `user_email`
 * (developers.zluri.com/docs/filters; the filter's case rules are undocumented, so the rows are
 * compared again, exactly and case-insensitively). NotFoundError / AmbiguousMatchError otherwise.
 */
export function findUserByEmail(client: ZluriClient, email: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "findUserByEmail");
  return findOneByEmail(
    errors,
    "POST /users",
    (email) => client.POST("/users", { body: { filter_by: [{ field_id: "user_email", field_values: [email] }] } }),
    "items user_email user_id",
    email,
  );
}
