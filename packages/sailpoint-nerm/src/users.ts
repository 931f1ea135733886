import {
  assertNoIssues,
  assertValid,
  type CallOptions,
  collectIssues,
  findOneByEmail,
  type InvalidInputError,
  send,
  sendPlanned,
  summarize,
  type UpdatePlan,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { SailPointNermClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateGetUserParams, validateUpdateUserBody, validateUpdateUserParams } from "./generated/validate.js";
import { errors, joinGroups, type User, unwrap } from "./quirks.js";

export type { User };

/**
 * The fields a caller may change (all optional; send only what changes). No `id`: updateUser
 * puts the path id into the body itself. `groups` is joined into `group_strings` (pass one or
 * the other); a group name may not contain a comma.
 */
export type UserUpdate = Omit<components["schemas"]["UserUpdate"], "id"> & { groups?: string[] };

type UpdateBody = components["schemas"]["UserUpdateRequest"];

const PATH = "/users/{id}";
const vendor = errors.vendor;

/** Reads one user (unwrapped from `{user}`, with `groups` split from `group_strings`). */
export async function getUser(client: SailPointNermClient, id: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "getUser");
  const ctx = { vendor, operation: "getUser", errors, request: summarize("GET", PATH) };
  assertValid(ctx, [validateGetUserParams, { id }]);
  const { data } = await send(ctx, () => client.GET(PATH, { params: { path: { id } } }));
  return unwrap(data, ctx);
}

/** The wire body `{user: {id, ...changes}}`, or InvalidInputError naming every problem. */
function updateBody(id: string, changes: UserUpdate): UpdateBody {
  const ctx = { vendor, operation: "updateUser" };
  const issues = collectIssues([validateUpdateUserParams, { id }]);
  let copied: Record<string, unknown> | undefined;
  try {
    // As JSON sends it (undefined values absent), so the plan shows exactly what is sent. Core
    // refuses a non-object, non-JSON data (a BigInt, a Date...) and unreadable input (a throwing getter).
    copied = wireCopy(changes, ctx);
  } catch (e) {
    // A cycle or deep nesting in our words; the rest as core words it.
    for (const issue of (e as InvalidInputError).issues) {
      const nests = issue.message.includes("nests too deeply");
      issues.push(
        nests ? { path: "", message: "must be plain data (it nests too deeply or refers to itself)" } : issue,
      );
    }
  }
  const fields = copied ?? {};
  if ("id" in fields) {
    issues.push({
      path: "id",
      message: `${fields.id === id ? "is" : "cannot be changed: it is"} taken from the path id; leave it out of the changes`,
    });
    delete fields.id;
  }
  if (copied && Object.keys(fields).length === 0) issues.push({ path: "", message: "no field to change" });
  if ("groups" in fields) {
    if ("group_strings" in fields) issues.push({ path: "groups", message: "pass groups or group_strings, not both" });
    else {
      const joined = joinGroups(fields.groups);
      for (const issue of joined.issues) issues.push(issue); // no spread: a list may hold a million
      if (joined.value !== undefined) fields.group_strings = joined.value;
    }
    delete fields.groups;
  }
  const body = { user: { id, ...fields } };
  // `user.id` is the path id, already checked above; the rest are the caller's own fields.
  for (const issue of collectIssues([validateUpdateUserBody, body])) {
    if (issue.path !== "user.id") issues.push({ path: issue.path.replace(/^user\.?/, ""), message: issue.message });
  }
  assertNoIssues(ctx, issues);
  return body as UpdateBody;
}

/**
 * The requests `updateUser` would send, none sent: one PATCH with only the changed fields,
 * wrapped as `{user: {id, ...changes}}`. Bad input throws InvalidInputError naming every problem.
 */
export async function planUpdate(
  client: SailPointNermClient,
  id: string,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<UpdatePlan> {
  client = withCallOptions(client, options, "updateUser");
  return {
    vendor,
    reads: [],
    writes: [
      {
        method: "PATCH",
        path: PATH,
        pathParams: { id },
        body: updateBody(id, changes),
        purpose: "partial update: only the changed fields, in {user}, with the path id repeated as user.id",
      },
    ],
    notes: [],
  };
}

/**
 * How the PATCH's answer is compared with the changes: emails case-insensitively, `group_strings`
 * as a set of names; `profile_id` is not in the answer (not compared, listed as skipped).
 */
const rules = {
  skip: ["profile_id"],
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
 * Partially updates a user (PATCH): only the fields in `changes` are sent, so nothing else is
 * cleared; the package adds `user.id` itself. The answer's user is compared with the changes
 * (no extra request): UnappliedChangesError for a field that did not take. The input is checked against the spec first: every
 * problem is reported in one InvalidInputError and nothing is sent. A 400's per-attribute
 * `errors` become the ValidationError's issues.
 */
export async function updateUser(
  client: SailPointNermClient,
  id: string,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<User> {
  client = withCallOptions(client, options, "updateUser");
  const plan = await planUpdate(client, id, changes);
  const write = plan.writes[0]!;
  // The summary lists the fields inside `user` (what changed), not just the wrapper's one key.
  const ctx = { operation: "updateUser", errors, request: summarize("PATCH", PATH, (write.body as UpdateBody).user) };
  const { data } = await send(ctx, () => sendPlanned(client, write));
  const { id: _, ...requested } = (write.body as UpdateBody).user as Record<string, unknown>;
  return verifyApplied(client, ctx, requested, unwrap(data, ctx), rules);
}

/**
 * The one user with this email (`GET /users?email=`, api-specs nerm/paths/users.yaml and
 * nerm/parameters/query/email.yaml; compared again exactly, case-insensitively, on our side).
 * NotFoundError / AmbiguousMatchError otherwise.
 */
export function findUserByEmail(client: SailPointNermClient, email: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "findUserByEmail");
  return findOneByEmail(
    errors,
    "GET /users",
    (email) => client.GET("/users", { params: { query: { email } } }),
    "users email id",
    email,
  );
}
