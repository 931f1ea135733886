import {
  assertNoIssues,
  type CallOptions,
  collectIssues,
  findOneByEmail,
  type Issue,
  send,
  sendPlanned,
  summarize,
  type UpdatePlan,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { SnipeItClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateGetUserParams, validateUpdateUserBody, validateUpdateUserParams } from "./generated/validate.js";
import { errors, readUser, unwrap, verifyRules } from "./quirks.js";

/** A Snipe-IT user as the API returns it, plain strings HTML-decoded (`notes` stays rendered HTML). */
export type User = components["schemas"]["User"];
/** The fields a caller may change; send only what changes. */
export type UserUpdate = components["schemas"]["UserUpdate"];

type Rec = Record<string, unknown>;
const PATH = "/api/v1/users/{id}";
const vendor = errors.vendor;

/** Reads one user. Throws NotFoundError for an unknown id (which Snipe-IT answers with HTTP 200). */
export async function getUser(client: SnipeItClient, id: number, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "getUser");
  const ctx = { operation: "getUser", errors, request: summarize("GET", PATH) };
  assertNoIssues({ vendor, operation: ctx.operation }, collectIssues([validateGetUserParams, { id }]));
  const { data, response } = await send(ctx, () => client.GET(PATH, { params: { path: { id } } }));
  return readUser(data, response, ctx);
}

/** A permissions string must hold a JSON object: parsed, or undefined when it does not. */
function parsePermissions(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The requests `updateUser` would send, none sent: one PATCH with only the changed fields.
 * `permissions` goes out as a JSON string, the form Snipe-IT's own tests send
 * (snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054:tests/Feature/Users/Api/UpdateUserTest.php:38),
 * whether given as an object or a string. Bad input throws InvalidInputError naming every problem.
 */
export async function planUpdate(
  client: SnipeItClient,
  id: number,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<UpdatePlan> {
  client = withCallOptions(client, options, "updateUser");
  const ctx = { vendor, operation: "updateUser" };
  const body = wireCopy(changes, ctx) as Record<string, unknown>;
  const issues: Issue[] = [];
  let checked = body;
  if (typeof body.permissions === "string") {
    const parsed = parsePermissions(body.permissions);
    if (parsed === undefined) issues.push({ path: "permissions", message: "must be a JSON object" });
    else checked = { ...body, permissions: parsed };
  }
  issues.push(...collectIssues([validateUpdateUserParams, { id }], [validateUpdateUserBody, checked]));
  assertNoIssues(ctx, issues);
  if (checked.permissions && typeof checked.permissions === "object") {
    body.permissions = JSON.stringify(checked.permissions);
  }
  return {
    vendor,
    reads: [],
    writes: [
      { method: "PATCH", path: PATH, pathParams: { id }, body, purpose: "partial update: only the changed fields" },
    ],
    notes: [],
  };
}

/**
 * Partially updates a user (PATCH): only the fields in `changes` are sent, so nothing else is
 * cleared. The input is checked against the spec first: every problem is reported in one
 * InvalidInputError and nothing is sent. Snipe-IT's HTTP-200 failures become ValidationError
 * (with the per-field messages) or NotFoundError. The answer's user is compared with the changes
 * (no extra request): a field Snipe-IT said "success" for and did not store, e.g. `groups` for a
 * non-superuser token, is an UnappliedChangesError (`verify: false` turns it off). Returns the user
 * as Snipe-IT stored it.
 */
export async function updateUser(
  client: SnipeItClient,
  id: number,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<User> {
  client = withCallOptions(client, options, "updateUser");
  const plan = await planUpdate(client, id, changes);
  const write = plan.writes[0]!;
  const ctx = { operation: "updateUser", errors, request: summarize(write.method, PATH, write.body) };
  const { data, response } = await send(ctx, () => sendPlanned(client, write));
  const user = unwrap(data as Parameters<typeof unwrap>[0], response, ctx);
  return verifyApplied(client, ctx, write.body as Rec, user, verifyRules);
}

/**
 * The one user with this email (`GET /api/v1/users?email=`: an exact `where users.email = …`,
 * UsersController.php:116-118, case-insensitive under MySQL's default utf8mb4_unicode_ci collation,
 * config/database.php:93; compared again on our side). NotFoundError / AmbiguousMatchError otherwise.
 */
export function findUserByEmail(client: SnipeItClient, email: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "findUserByEmail");
  return findOneByEmail(
    errors,
    "GET /api/v1/users",
    (email) => client.GET("/api/v1/users", { params: { query: { email } } }),
    "rows email id",
    email,
  );
}
