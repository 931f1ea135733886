import { assertValid, send, sendPlanned, summarize, type UpdatePlan, wireCopy } from "@userbridge/core";
import type { SnipeItClient } from "./client.js";
import type { components } from "./generated/schema.js";
import { validateGetUserParams, validateUpdateUserBody, validateUpdateUserParams } from "./generated/validate.js";
import { errors, unwrap } from "./quirks.js";

/** A Snipe-IT user as the API returns it. */
export type User = components["schemas"]["User"];
/** The fields a caller may change; send only what changes. */
export type UserUpdate = components["schemas"]["UserUpdate"];

const PATH = "/api/v1/users/{id}";
const vendor = errors.vendor;

/** Reads one user. Throws NotFoundError for an unknown id (which Snipe-IT answers with HTTP 200). */
export async function getUser(client: SnipeItClient, id: number): Promise<User> {
  const ctx = { operation: "getUser", errors, request: summarize("GET", PATH) };
  assertValid({ vendor, operation: ctx.operation }, [validateGetUserParams, { id }]);
  const { data, response } = await send(ctx, () => client.GET(PATH, { params: { path: { id } } }));
  return unwrap(data, response, ctx);
}

/**
 * The requests `updateUser` would send, none sent: one PATCH with only the changed fields.
 * Bad input throws InvalidInputError naming every problem.
 */
export async function planUpdate(_client: SnipeItClient, id: number, changes: UserUpdate): Promise<UpdatePlan> {
  const body = wireCopy(changes, { vendor, operation: "updateUser" });
  assertValid({ vendor, operation: "updateUser" }, [validateUpdateUserParams, { id }], [validateUpdateUserBody, body]);
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
 * (with the per-field messages) or NotFoundError.
 */
export async function updateUser(client: SnipeItClient, id: number, changes: UserUpdate): Promise<User> {
  const plan = await planUpdate(client, id, changes);
  const write = plan.writes[0]!;
  const ctx = { operation: "updateUser", errors, request: summarize(write.method, PATH, write.body) };
  const { data, response } = await send(ctx, () => sendPlanned(client, write));
  return unwrap(data as Parameters<typeof unwrap>[0], response, ctx);
}
