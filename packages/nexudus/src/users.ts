import {
  ApiError,
  asSet,
  assertNoIssues,
  assertValid,
  type CallOptions,
  collectIssues,
  findOneByEmail,
  InvalidInputError,
  issuesFrom,
  send,
  sendWholeRecord,
  summarize,
  type UpdatePlan,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { NexudusClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateGetUserParams, validateUpdateUserBody } from "./generated/validate.js";
import { checked, errors } from "./quirks.js";

/** A Nexudus user as `GET /api/sys/users/{id}` returns it (read-only fields included). */
export type User = components["schemas"]["User"];
type Body = components["schemas"]["UserUpdate"];
/**
 * The fields a caller may change: any writable field but `Id` (the `id` argument names the record).
 * Fields left out keep the value read. `Added…`/`Removed…` edit the list read (applied here, see README).
 */
export type UserUpdate = Partial<Omit<Body, "Id">>;

type Rec = Record<string, unknown>;
const GET = "/api/sys/users/{id}";
const PUT = "/api/sys/users";
const vendor = errors.vendor;
const operation = "updateUser";
const LISTS = ["Businesses", "UserRoles", "ChatRooms"];
/** Never sent back as read: only when the caller sets them. */
const SECRETS = ["Password", "NewPassword", "AccessToken", "TwoFactorSecret"];
/** The required fields, so that a partial change can be checked alone against the PUT's schema. */
const PLACEHOLDER = {
  FullName: "x",
  Email: "x",
  Language: 1,
  PasswordSalt: "",
  LastHelpVisited: 0,
  InvalidLoginAttempts: 0,
};

/** Reads one user: the full record, the only read that carries Businesses, UserRoles and ChatRooms. */
export async function getUser(client: NexudusClient, id: number, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "getUser");
  const ctx = { operation: "getUser", errors, request: summarize("GET", GET) };
  assertValid({ vendor, operation: ctx.operation }, [validateGetUserParams, { id }]);
  const { data, response } = await send(ctx, () => client.GET(GET, { params: { path: { id } } }));
  return checked(data, response, ctx);
}

async function prepare(client: NexudusClient, id: number, changes: UserUpdate) {
  // Plain data, an object: anything else is core's InvalidInputError (wireCopy), before any request.
  const input = wireCopy(changes, { vendor, operation }) as Rec;
  const issues = collectIssues(
    [validateGetUserParams, { id }],
    [validateUpdateUserBody, { ...PLACEHOLDER, ...input, Id: 1 }],
  );
  if ("Id" in input) issues.push({ path: "Id", message: "cannot be changed: the id argument names the record" });
  if (Object.keys(input).length === 0) issues.push({ path: "", message: "no field to change" });
  assertNoIssues({ vendor, operation }, issues);

  const read = (await getUser(client, id)) as Rec;
  // Only the single-record GET carries the list fields: a PUT built from anything else resets them.
  if (read?.Id !== id || !LISTS.every((k) => k in Object(read))) {
    throw new ApiError(`nexudus ${operation}: the read is not the full record of user ${id}; nothing sent`, {
      vendor,
      operation,
      status: 200,
      issues: [{ path: "", message: `needs Id ${id} and ${LISTS.join(", ")}` }],
    });
  }

  const body: Rec = { ...read };
  for (const k of SECRETS) delete body[k];
  Object.assign(body, input, { Id: id });
  for (const list of LISTS) {
    const added = input[`Added${list}`] as number[] | null | undefined;
    const removed = input[`Removed${list}`] as number[] | null | undefined;
    if (added?.length || removed?.length) {
      const current = (body[list] ?? []) as number[];
      body[list] = [...new Set([...current.filter((x) => !removed?.includes(x)), ...(added ?? [])])];
    }
    delete body[`Added${list}`];
    delete body[`Removed${list}`];
  }
  // Leave out what the PUT does not take (read-only and unknown fields): the spec's schema decides.
  if (!validateUpdateUserBody(body)) {
    for (const e of validateUpdateUserBody.errors ?? []) {
      if (e.keyword === "additionalProperties" && !e.instancePath) delete body[e.params.additionalProperty as string];
    }
  }
  // What is still refused comes from the record read (e.g. Language 0): the caller must choose a value.
  if (!validateUpdateUserBody(body)) {
    throw new InvalidInputError(
      issuesFrom(validateUpdateUserBody.errors).map(({ path, message }) => {
        const field = path.split(".")[0] as string;
        return {
          path,
          message: `${message} (the record has ${JSON.stringify(read[field]) ?? "none"}): set ${field} in the changes`,
        };
      }),
      { vendor, operation },
    );
  }
  const plan: UpdatePlan = {
    vendor,
    reads: [{ method: "GET", path: GET, pathParams: { id }, purpose: "read the whole record" }],
    writes: [{ method: "PUT", path: PUT, body, purpose: "replace the whole record with the changes" }],
    notes: ["re-read before any retry of the PUT (ConflictError if it moved) and after it"],
  };
  return { read, plan, input };
}

/**
 * The requests `updateUser` would send, none sent: one PUT of the whole record (read by id,
 * changes merged, read-only fields and unchanged secrets left out). Performs the read.
 * Bad input throws InvalidInputError naming every problem, before any request.
 */
export async function planUpdate(
  client: NexudusClient,
  id: number,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<UpdatePlan> {
  client = withCallOptions(client, options, "updateUser");
  return (await prepare(client, id, changes)).plan;
}

/** How a record read back is compared with what was written: lists as sets, secrets unchecked. */
const rules = { skip: SECRETS, normalise: asSet };

/**
 * Partially updates a user over Nexudus's whole-record PUT: reads the record, merges `changes` and
 * sends the planned PUT. The PUT is never replayed blind: before any retry (dropped connection,
 * 5xx, 409 throttle) the record is re-read; if it is the record read, the same PUT goes again; if
 * it already holds the PUT (the first attempt took), no retry; otherwise ConflictError and nothing
 * more is written. The PUT's answer holds no user, so the record is then re-read and compared with
 * the changes (UnappliedChangesError for a field that did not take; `verify: false` skips the
 * re-read and returns the record as written). Requests: read, PUT, re-read (+1 re-read per retry).
 */
export async function updateUser(
  client: NexudusClient,
  id: number,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<User> {
  client = withCallOptions(client, options, "updateUser");
  const { read, plan, input } = await prepare(client, id, changes);
  const write = plan.writes[0]!;
  const body = write.body as Rec;
  const ctx = { operation, errors, request: summarize("PUT", PUT, body) };
  let result: Partial<components["schemas"]["UpdateResult"]> = {};
  const stored = await sendWholeRecord(client, ctx, write, {
    base: read,
    // The re-read and the retried PUT would be back to back: 1 request / 100 ms (our vendor note).
    spacingMs: 100,
    reread: () => getUser(client, id) as Promise<Rec>,
    rules,
    answer: (data, response) => {
      result = checked(data as typeof result, response, ctx);
    },
  });
  // What was asked, as sent: an Added…/Removed… edit is checked on the list it produced.
  const requested = Object.fromEntries(
    Object.keys(input).map((k) => {
      const field = k.replace(/^(Added|Removed)/, "");
      return [field, body[field]];
    }),
  );
  // verify: false skips the re-read: the record as written (the PUT's body over the record read, stamped).
  const { UpdatedOn = read.UpdatedOn, UpdatedBy = read.UpdatedBy } = result;
  return verifyApplied(client, ctx, requested, stored ?? { ...read, ...body, UpdatedOn, UpdatedBy }, rules) as User;
}

/** A user as the search returns it: without the list fields (read it with getUser before a write). */
export type UserSummary = components["schemas"]["UserSummary"];

/**
 * The one user with this email (`GET /api/sys/users?User_Email=`, rest-api/Sys/user.md; compared
 * again exactly, case-insensitively). NotFoundError / AmbiguousMatchError otherwise.
 */
export function findUserByEmail(client: NexudusClient, email: string, options?: CallOptions): Promise<UserSummary> {
  client = withCallOptions(client, options, "findUserByEmail");
  return findOneByEmail(errors, "GET /api/sys/users", [client, "User_Email"], "Records Email Id", email);
}
