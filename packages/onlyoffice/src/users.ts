import {
  assertValid,
  type Check,
  InvalidInputError,
  type PlannedRequest,
  send,
  sendPlanned,
  summarize,
  type UpdatePlan,
  wireCopy,
} from "@userbridge/core";
import type { OnlyofficeClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateGetUserParams, validateUpdateUserBody, validateUpdateUserEmailBody } from "./generated/validate.js";
import { emailChanges, errors, keptTraps, ManagedUserError, managedIssues, unwrap } from "./quirks.js";

/** An ONLYOFFICE user (employee) as the API returns it, unwrapped from the envelope. */
export type User = components["schemas"]["User"];
/** The fields a caller may change; `email` goes through the vendor's email endpoint. */
export type UserUpdate = components["schemas"]["UserUpdate"];

const PATH = "/api/2.0/people/{userid}";
const vendor = errors.vendor;
type Envelope = Parameters<typeof unwrap<User>>[0];

/** Reads one user by id (a GUID). */
export async function getUser(client: OnlyofficeClient, id: string): Promise<User> {
  const ctx = { vendor, operation: "getUser", errors, request: summarize("GET", PATH) };
  assertValid(ctx, [validateGetUserParams, { userid: id }]);
  const { data, response } = await send(ctx, () => client.GET(PATH, { params: { path: { userid: id } } }));
  return unwrap(data, response, ctx);
}

async function prepare(
  client: OnlyofficeClient,
  id: string,
  changes: UserUpdate,
): Promise<{ plan: UpdatePlan; current: User }> {
  const op = { vendor, operation: "updateUser" };
  const input = (wireCopy(changes, op) ?? {}) as UserUpdate;
  const { email, ...rest } = input;
  // The same `userid` parameter as getUser's (one validator, not two identical ones).
  const checks: Check[] = [[validateGetUserParams, { userid: id }]];
  if (Object.keys(rest).length > 0 || email === undefined) checks.push([validateUpdateUserBody, rest]);
  if (email !== undefined) checks.push([validateUpdateUserEmailBody, { email }]);
  assertValid(op, ...checks);

  const current = await getUser(client, id);
  const managed = managedIssues(current, input);
  if (managed.length > 0) throw new ManagedUserError(managed, op);
  const userid = { userid: id };
  const writes: PlannedRequest[] = [];
  if (Object.keys(rest).length > 0) {
    writes.push({
      method: "PUT",
      path: PATH,
      pathParams: userid,
      body: { ...keptTraps(current), ...rest },
      purpose: "changes + isVisitor, lead as read",
    });
  }
  if (emailChanges(current, email)) {
    if (current.status === 2 && rest.disable !== false) {
      throw new InvalidInputError([{ path: "email", message: "read-only: the user is terminated" }], op);
    }
    // The email endpoint refuses a terminated user: change the email before disabling.
    writes[rest.disable ? "unshift" : "push"]({
      method: "PUT",
      path: `${PATH}/email`,
      pathParams: userid,
      body: { email },
      purpose: "email",
    });
  }
  const reads: PlannedRequest[] = [
    { method: "GET", path: PATH, pathParams: userid, purpose: "isVisitor, lead, isLDAP/SSO, email" },
  ];
  return { plan: { vendor, reads, writes, notes: [] }, current };
}

/**
 * The requests `updateUser` would send, none sent. Reads the user first (listed in `reads`).
 * Bad input throws InvalidInputError naming every problem; a change ONLYOFFICE would ignore for
 * an LDAP/SSO user throws ManagedUserError.
 */
export async function planUpdate(client: OnlyofficeClient, id: string, changes: UserUpdate): Promise<UpdatePlan> {
  return (await prepare(client, id, changes)).plan;
}

/**
 * Partially updates a user: only the fields in `changes` change. Sends exactly the writes of
 * `planUpdate` (the PUT with the current isVisitor and lead sent back, and the email endpoint
 * for an email change) and returns the user as the last answer shows it.
 */
export async function updateUser(client: OnlyofficeClient, id: string, changes: UserUpdate): Promise<User> {
  const { plan, current } = await prepare(client, id, changes);
  let user = current;
  for (const write of plan.writes) {
    const ctx = { operation: "updateUser", errors, request: summarize(write.method, write.path, write.body) };
    const { data, response } = await send(ctx, () => sendPlanned(client, write));
    user = unwrap(data as Envelope, response, ctx);
  }
  return user;
}
