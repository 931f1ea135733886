/**
 * ONLYOFFICE's ways (Community Server "people" API):
 * - every JSON answer is an envelope: `{count, status: 0, statusCode, response}` on success,
 *   `{status: 1, statusCode, error: {message, type}}` on failure (a proxy may answer HTML instead);
 * - the PUT resets two fields when they are omitted: `isVisitor` (a guest becomes a full user)
 *   and `lead` (cleared); the package sends their current values back;
 * - the PUT silently ignores the common fields of LDAP and SSO users, and the email endpoint
 *   refuses them: reported as ManagedUserError instead.
 */
import {
  apiErrorFrom,
  type ErrorMapping,
  InvalidInputError,
  type Issue,
  type OperationContext,
} from "@userbridge/core";
import type { components } from "./generated/schema.js";

type User = components["schemas"]["User"];
type Changes = components["schemas"]["UserUpdate"];

export const errors: ErrorMapping = {
  vendor: "onlyoffice",
  issues(body) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    return typeof message === "string" ? [{ path: "", message }] : [];
  },
};

/**
 * The `response` of a 2xx envelope. A 2xx without one (or with `status: 1`, which the vendor is not
 * known to send) is an ApiError carrying the body; HTTP failures were already thrown by `send`.
 */
export function unwrap<T>(
  envelope: { status?: number; response?: T } | undefined,
  response: Response,
  ctx: OperationContext,
): T {
  if (envelope?.response != null && envelope.status !== 1) return envelope.response;
  throw apiErrorFrom(response, envelope, ctx);
}

/**
 * The user is synchronized from LDAP or signs in by SSO, and the change names fields ONLYOFFICE
 * would silently ignore for such a user (or, for `email`, refuse): one issue per field. Thrown by
 * planUpdate/updateUser before any write. A subclass of InvalidInputError: it is this request that
 * cannot be honoured (retrying will not help), and no vendor answer stands behind it.
 */
export class ManagedUserError extends InvalidInputError {}
// Set before any instance exists: core's cross-build `instanceof` keys on the prototype names.
ManagedUserError.prototype.name = "ManagedUserError";

/** The fields ONLYOFFICE ignores for LDAP/SSO users (our note), with their names in the read. */
const COMMON = {
  firstname: "firstName",
  lastname: "lastName",
  comment: "notes",
  title: "title",
  location: "location",
  sex: "sex",
} as const;

/** Whether `email` differs from the current address (the vendor compares case-insensitively). */
export const emailChanges = (current: User, email: string | undefined): email is string =>
  email !== undefined && email.toLowerCase() !== current.email?.toLowerCase();

/** One issue per field of `changes` that a managed (LDAP/SSO) user cannot have changed, or none. */
export function managedIssues(current: User, changes: Changes): Issue[] {
  const by = current.isLDAP ? "LDAP" : current.isSSO ? "SSO" : "";
  if (!by) return [];
  return Object.keys(changes)
    .filter((key) =>
      key === "email"
        ? emailChanges(current, changes.email)
        : key in COMMON &&
          String(changes[key as keyof typeof COMMON] ?? "") !==
            String(current[COMMON[key as keyof typeof COMMON]] ?? ""),
    )
    .map((path) => ({ path, message: `read-only: the user is managed by ${by}` }));
}

/**
 * The values the PUT resets when they are omitted, as they are now: `isVisitor` (omitted = false;
 * Community Server always includes it in the read) and `lead` (omitted = null; the read omits it
 * when there is none).
 */
export function keptTraps(current: User): { isVisitor: boolean | undefined; lead: string | null } {
  // Treat the empty GUID (all zeros) as no lead, in case a portal sends it.
  const lead = /[^0-]/.test(current.lead ?? "") ? (current.lead as string) : null;
  return { isVisitor: current.isVisitor, lead };
}
