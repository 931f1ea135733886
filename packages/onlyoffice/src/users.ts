import {
  assertValid,
  type CallOptions,
  type Check,
  findOneByEmail,
  type OperationContext,
  type PlannedRequest,
  send,
  sendPlanned,
  sendWholeRecord,
  summarize,
  type UpdatePlan,
  unappliedFields,
  ValidationError,
  type VerifyRules,
  verifyApplied,
  wireCopy,
  withCallOptions,
} from "@userbridge/core/internal";
import type { OnlyofficeClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateGetUserParams, validateUpdateUserBody, validateUpdateUserEmailBody } from "./generated/validate.js";
import {
  ACTIVE,
  emailErrors,
  errors,
  HiddenContactsError,
  InactiveUserError,
  inactiveIssue,
  keptTraps,
  ManagedUserError,
  managedIssues,
  putErrors,
  ReactivationError,
  reactivationIssue,
  TERMINATED,
  unwrap,
  verifyRules,
  wireBody,
} from "./quirks.js";

/** An ONLYOFFICE user (employee) as the API returns it, unwrapped from the envelope. */
export type User = components["schemas"]["User"];
/** The fields a caller may change; `email` goes through the vendor's email endpoint. */
export type UserUpdate = components["schemas"]["UserUpdate"];

const PATH = "/api/2.0/people/{userid}";
const EMAIL_PATH = `${PATH}/email`;
const STATUS_PATH = "/api/2.0/people/status/{status}";
const vendor = errors.vendor;
const op = { vendor, operation: "updateUser" };
type Envelope = Parameters<typeof unwrap<User>>[0];

/** Reads one user by id (a GUID). */
export async function getUser(client: OnlyofficeClient, id: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "getUser");
  const ctx = { vendor, operation: "getUser", errors, request: summarize("GET", PATH) };
  assertValid(ctx, [validateGetUserParams, { userid: id }]);
  const { data, response } = await send(ctx, () => client.GET(PATH, { params: { path: { userid: id } } }));
  return unwrap(data, response, ctx);
}

interface Prepared {
  plan: UpdatePlan;
  current: User;
  input: UserUpdate;
  /** The current values the PUT sends back (none when no PUT is planned): verified like the changes. */
  sentBack: Record<string, unknown>;
}

async function prepare(client: OnlyofficeClient, id: string, changes: UserUpdate): Promise<Prepared> {
  const input = wireCopy(changes, op) as UserUpdate;
  const { email, ...rest } = input;
  // The same `userid` parameter as getUser's (one validator, not two identical ones).
  const checks: Check[] = [[validateGetUserParams, { userid: id }]];
  if (Object.keys(rest).length > 0 || email === undefined) checks.push([validateUpdateUserBody, rest]);
  if (email !== undefined) checks.push([validateUpdateUserEmailBody, { email }]);
  assertValid(op, ...checks);

  const current = await getUser(client, id);
  const userid = { userid: id };
  const reads: PlannedRequest[] = [
    {
      method: "GET",
      path: PATH,
      pathParams: userid,
      purpose: "the fields sent back; status, LDAP/SSO",
    },
  ];
  const plan: UpdatePlan = { vendor, reads, writes: [], notes: [] };
  const managed = managedIssues(current, input);
  if (managed.length > 0) throw new ManagedUserError(managed, op);
  // The vendor compares the address case-insensitively (:1118).
  const newEmail = email !== undefined && unappliedFields({ email }, current, verifyRules).length ? email : undefined;
  // Already terminated and asked to terminate, nothing else: the change already holds (no write).
  if (current.status === TERMINATED && rest.disable === true && Object.keys(rest).length === 1 && !newEmail) {
    plan.notes.push("already terminated");
    return { plan, current, input, sentBack: {} };
  }
  const inactive = inactiveIssue(current, input);
  if (inactive) throw new InactiveUserError([inactive], op);

  const reactivate = current.status === TERMINATED; // and disable === false (inactiveIssue)
  if (reactivate) {
    // The PUT refuses a non-Active user (EmployeeApi.cs:734-735): reactivate through the status
    // endpoint first (:1379-1403), then apply the rest to the now Active user.
    delete rest.disable;
    plan.writes.push({
      method: "PUT",
      path: STATUS_PATH,
      pathParams: { status: "Active" },
      body: { userIds: [id] },
      purpose: "reactivate",
    });
    plan.notes.push("re-read to confirm the reactivation");
  }
  let sentBack: Record<string, unknown> = {};
  if (Object.keys(rest).length > 0) {
    const kept = keptTraps(current);
    if (!kept.contacts && rest.contacts === undefined) {
      const message = "contacts hidden: the PUT would delete every contact; pass `contacts`";
      throw new HiddenContactsError([{ path: "contacts", message }], op);
    }
    plan.writes.push({
      method: "PUT",
      path: PATH,
      pathParams: userid,
      body: wireBody({ ...kept, ...rest }),
      purpose: "changes + isVisitor, lead, department, contacts",
    });
    sentBack = kept;
  }
  if (newEmail) {
    // The email endpoint refuses a terminated user (:1106-1113): change the email before disabling.
    plan.writes[rest.disable ? "unshift" : "push"]({
      method: "PUT",
      path: EMAIL_PATH,
      pathParams: userid,
      body: { email: newEmail },
      purpose: "email",
    });
  }
  return { plan, current, input, sentBack };
}

/**
 * The requests `updateUser` would send, none sent. Reads the user first (listed in `reads`).
 * Bad input throws InvalidInputError naming every problem; a change ONLYOFFICE would ignore for
 * an LDAP/SSO user throws ManagedUserError; a change a non-Active user cannot take throws
 * InactiveUserError; a PUT that would delete contacts the caller cannot see throws HiddenContactsError.
 */
export async function planUpdate(
  client: OnlyofficeClient,
  id: string,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<UpdatePlan> {
  client = withCallOptions(client, options, "updateUser");
  return (await prepare(client, id, changes)).plan;
}

const contextFor = (write: PlannedRequest): OperationContext => ({
  operation: "updateUser",
  errors: write.path === EMAIL_PATH ? emailErrors : write.path === PATH ? putErrors : errors,
  request: summarize(write.method, write.path, write.body),
});

/**
 * Partially updates a user: only the fields in `changes` change. Sends exactly the writes of
 * `planUpdate` (reactivation first when asked for a terminated user, then the PUT with the current
 * isVisitor, lead, department and contacts sent back, and the email endpoint for an email change). The last
 * answer holds the user (no extra request): it is compared with `changes` (quirks.ts verifyRules;
 * UnappliedChangesError for a field that did not take, `verify: false` skips it) and returned.
 * Requests: read + one per write (+1 re-read before any retry of the PUT).
 */
export async function updateUser(
  client: OnlyofficeClient,
  id: string,
  changes: UserUpdate,
  options?: CallOptions,
): Promise<User> {
  client = withCallOptions(client, options, "updateUser");
  const { plan, current, input, sentBack } = await prepare(client, id, changes);
  let user = current;
  for (const write of plan.writes) {
    const ctx = contextFor(write);
    try {
      if (write.path === PATH) {
        // The PUT sends isVisitor, lead, department (the read's groups) and contacts back as read:
        // never replayed blind. Before any retry, a re-read; if they moved, ConflictError; if it
        // holds the PUT, no retry (no ETag: a write between the re-read and the retried PUT is still lost).
        const { isVisitor, lead, contacts, groups } = current;
        user = (await sendWholeRecord(client, ctx, write, {
          base: { isVisitor, lead, contacts, groups },
          reread: () => getUser(client, id) as Promise<Record<string, unknown>>,
          rules: verifyRules as VerifyRules<Record<string, unknown>>,
          answer: (data, response) => unwrap(data as Envelope, response, ctx) as Record<string, unknown>,
        })) as User;
        continue;
      }
      const { data, response } = await send(ctx, () => sendPlanned(client, write));
      if (write.path === STATUS_PATH) {
        // The endpoint answers success even when it skipped the user: re-read to know (:1384-1403).
        user = await getUser(client, id);
        if (user.status !== ACTIVE) {
          throw new ReactivationError([reactivationIssue], op);
        }
      } else user = unwrap(data as Envelope, response, ctx);
    } catch (error) {
      // A replayed email change: the address is "already registered" to this very user (:1098-1102).
      if (write.path !== EMAIL_PATH || !(error instanceof ValidationError)) throw error;
      const now = await getUser(client, id);
      if (unappliedFields({ email: input.email }, now, verifyRules).length) throw error;
      user = now;
    }
  }
  // Without the private-data right the answer has no email and no contacts (EmployeeWraperFull.cs:237-247).
  const skip = ["files", ...(user.email == null ? ["email", "contacts"] : [])];
  // The values sent back are verified too: one the PUT did not keep is a loss, reported, not hidden.
  const checked = { ...sentBack, ...input } as UserUpdate;
  return verifyApplied(client, { operation: op.operation, errors }, checked, user, { ...verifyRules, skip });
}

/**
 * The user with this email (`GET /api/2.0/people/email?email=`, EmployeeApi.cs:196-218): ONLYOFFICE
 * compares case-insensitively and answers the FIRST match (UserManager.cs:157-169), so an address
 * two users share is not reported ambiguous. None → NotFoundError (HTTP 404).
 */
export function findUserByEmail(client: OnlyofficeClient, email: string, options?: CallOptions): Promise<User> {
  client = withCallOptions(client, options, "findUserByEmail");
  return findOneByEmail(
    errors,
    "GET /api/2.0/people/email",
    (email) => client.GET("/api/2.0/people/email", { params: { query: { email } } }),
    "response email id",
    email,
  );
}
