/**
 * ONLYOFFICE's ways (Community Server "people" API), each cited from the source at
 * ONLYOFFICE/CommunityServer@7c503dfb5e (EmployeeApi.cs unless named otherwise):
 * - every JSON answer is an envelope: `{count, status: 0, statusCode, response}` on success,
 *   `{status: 1, statusCode, error: {message, hresult, data}}` on failure (ApiStandartResponce.cs:34-56,
 *   IApiStandartResponce.cs:51-83); a missing or bad token is a plain-text 401 `Unauthorized`
 *   (ApiRouteHandler.cs:63-70, ErrorHttpHandler.cs:36-38);
 * - every exception the API does not map is HTTP 500 (ApiHttpHandler.cs:105-126): a wrong password at
 *   /authentication (AuthenticationEntryPoint.cs:478-482), an address in use (:1098-1102), a rejected
 *   name (:760-761), an update of a non-Active user (:734-735);
 * - the PUT changes four fields when they are omitted, through its argument binder
 *   (ApiArgumentBuilder.cs:104-131, Binder.cs:85-127): `isVisitor` (a guest becomes a full user,
 *   :814-826), `lead` (cleared when the caller is a People admin, :782-785), `contacts` (ALL are
 *   deleted, :787 + :639-643) and `department` (the user leaves every group and loses its
 *   department-manager roles, :788 + :608-637); the package sends their current values back;
 * - the PUT silently ignores firstname/lastname/location/title of LDAP and SSO users (:746-758) and
 *   the email endpoint refuses them (:1106-1113): reported as ManagedUserError instead.
 */
import {
  type ApiErrorClass,
  AuthenticationError,
  apiErrorFrom,
  type ErrorMapping,
  InvalidInputError,
  type Issue,
  type OperationContext,
  PermissionDeniedError,
  RateLimitError,
  unappliedFields,
  ValidationError,
} from "@userbridge/core/internal";
import type { components } from "./generated/schema.js";

type User = components["schemas"]["User"];
type Changes = components["schemas"]["UserUpdate"];
type Contact = components["schemas"]["Contact"];

/** EmployeeStatus values (ASC.Core.Users.EmployeeStatus). */
export const ACTIVE = 1;
export const TERMINATED = 2;
export const LEAVE_OF_ABSENCE = 4;

const isFailureEnvelope = (body: unknown): boolean =>
  typeof body === "object" && body !== null && (body as { status?: unknown }).status === 1;

const messageOf = (body: unknown): string | undefined => {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? message : undefined;
};

/** AuthorizingException's HRESULT (a RemotingException, AuthorizingException.cs:29). */
const AUTHORIZING = -2146233077;

/** The class for statuses ONLYOFFICE uses its own way (every operation). */
function classify(response: Response, body?: unknown): ApiErrorClass | undefined {
  // A missing permission is AuthorizingException: not a SecurityException, so HTTP 500, not 403
  // (PermissionResolver.cs:58-68, ApiHttpHandler.cs:115-126). Its HRESULT tells it apart.
  const hresult = (body as { error?: { hresult?: unknown } } | null)?.error?.hresult;
  if (response.status === 500 && isFailureEnvelope(body) && hresult === AUTHORIZING) return PermissionDeniedError;
  // 402: the portal is unpaid; the request is refused before the method runs
  // (ProductSecurityFilter.cs:111-117, ApiManager.cs:81-85). Retrying will not help.
  if (response.status === 402) return PermissionDeniedError;
  // 503 + Retry-After past 500 requests per 10 s (doc page "Basic concepts", Rate limiting; not in
  // the repository: the hosted portals' front end).
  if (response.status === 503 && response.headers.has("retry-after")) return RateLimitError;
  return undefined;
}

export const errors: ErrorMapping = {
  vendor: "onlyoffice",
  issues(body) {
    const message = messageOf(body);
    // The 401 is the bare text `Unauthorized` (ErrorHttpHandler.cs:38): core keeps such a text as the message.
    return message === undefined ? [] : [{ path: "", message }];
  },
  classify,
};

/** A vendor failure envelope with HTTP 500: an exception the API raised on purpose, not an outage. */
export const applicationFailure = (response: Response, body: unknown): boolean =>
  response.status === 500 && isFailureEnvelope(body);

/** The mapping of an operation where a 500 envelope is an exception raised on purpose: `cls`. */
const raising = (cls: ApiErrorClass, more?: Partial<ErrorMapping>): ErrorMapping => ({
  ...errors,
  ...more,
  classify: (response, body) => classify(response, body) ?? (applicationFailure(response, body) ? cls : undefined),
});

/** /authentication: a wrong password is `AuthenticationException` → HTTP 500 (AuthenticationEntryPoint.cs:478-482). */
export const authErrors = raising(AuthenticationError);

/** The member PUT: a 500 envelope is the input refused (e.g. `Incorrect firstname or lastname`, :760-761). */
export const putErrors = raising(ValidationError);

/** The email PUT: address in use (:1098-1102) or malformed (`new MailAddress`, :1117) → 500, on `email`. */
export const emailErrors = raising(ValidationError, {
  issues: (body) => {
    const code = (body as { statusCode?: unknown } | null)?.statusCode;
    const onEmail = isFailureEnvelope(body) && (code === 500 || code === 400);
    return errors.issues(body).map((issue) => (onEmail ? { ...issue, path: "email" } : issue));
  },
});

/**
 * The transport's retry rule: a 500 in the vendor's envelope is an exception the API raised for this
 * request (ApiHttpHandler.cs:123-126) and will be raised again; a proxy's 500 page may pass.
 */
export const retryable = (response: Response): boolean | undefined =>
  response.status === 500 && (response.headers.get("content-type") ?? "").includes("json") ? false : undefined;

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

/**
 * The user is not Active and the change cannot be applied: ONLYOFFICE refuses every PUT of a
 * non-Active user with HTTP 500 "The user is suspended" (:734-735), and only reactivates
 * Terminated users through its status endpoint (:1395-1403). Thrown before any write.
 */
export class InactiveUserError extends InvalidInputError {}
InactiveUserError.prototype.name = "InactiveUserError";

/**
 * The read has no contacts and no email: the caller cannot view the user's private data
 * (EmployeeWraperFull.cs:237-247), so the current contacts are unknown, and the PUT would delete
 * them all (:639-643). Thrown before any write unless the caller passes `contacts`.
 */
export class HiddenContactsError extends InvalidInputError {}
HiddenContactsError.prototype.name = "HiddenContactsError";

/**
 * ONLYOFFICE answered the reactivation (`PUT /people/status/Active`) with success but the user is
 * still not Active: the endpoint silently skips LDAP users, the owner, the caller's own account and,
 * unless the user is a guest, every user while the portal is at its seat quota (:1384-1403).
 * Nothing else of the change was written.
 */
export class ReactivationError extends InvalidInputError {}
ReactivationError.prototype.name = "ReactivationError";

/** The fields the PUT ignores for LDAP/SSO users (:746-758), and `email`, which the email endpoint refuses them (:1106-1113). */
const MANAGED = ["firstname", "lastname", "location", "title", "email"];

/**
 * How the PUT's answer (`new EmployeeWraperFull(user)`, :837; the email endpoint's, :1144) is
 * compared with the changes (core's verifyApplied), field by field:
 * - under the answer's names: UpdateMember's parameters (:725) against EmployeeWraperFull's
 *   (EmployeeWraperFull.cs:200-213, :220-223 `notes`, :249-261 `groups`, :209 `status`);
 * - empty strings and lists are left out of the answer (EmployeeWraperFull.cs:215-223, :253,
 *   :350-353): core counts them as none; `disable` reads back as `status` (Terminated or not, :794-798);
 * - `department` as a set of group ids (unknown ids are dropped, :625-628), `contacts` as
 *   (type, value) pairs (:639-650, EmployeeWraperFull.cs:339-354); `lead` and `email` ignoring case
 *   (.NET writes GUIDs lower-case; the email is lower-cased, :1123);
 * - `birthday`/`worksfrom`: a date without zone is in the portal's zone, one with `Z` or an offset
 *   an instant (ApiDateTime.cs:80-109); the answer is local time with the offset, `Z` for UTC
 *   (ApiDateTime.cs:160-165, :272-280); 1900-01-01T00:00 local clears the date (:738, :768-780);
 * - `files` is write-only (the answer has the stored photo's URL, :668-697, EmployeeWraperFull.cs:271-276): skipped.
 * What ONLYOFFICE answers success for and ignores shows up as a difference: `title` and `lead` of a
 * caller who is not a People admin (:754-757, :782-785), `department` without the edit-groups right
 * (:610), `isVisitor: true` for an admin, the owner or oneself and a guest's own `isVisitor: false` (:806-814).
 */
export const verifyRules = {
  names: {
    firstname: "firstName",
    lastname: "lastName",
    comment: "notes",
    worksfrom: "workFrom",
    department: "groups",
    disable: "status",
  } as Record<string, string>,
  caseless: ["lead", "email"],
  dates: ["birthday", "worksfrom"],
  skip: ["files"],
  normalise(field: string, v: unknown): unknown {
    const list = v as Record<string, string>[] | null;
    if (field === "disable") return v === true || v === TERMINATED;
    if (field === "department") return list?.map((g) => String(g.id ?? g).toLowerCase()).sort();
    if (field === "contacts") return list?.map((c) => [c.Type ?? c.type, c.Value ?? c.value]);
    // A date left as a string has no stored counterpart: only the reset date (:738) matches that.
    return verifyRules.dates.includes(field) && /^1900-01-01(T00:00:00|$)/.test(String(v)) ? null : v;
  },
};

/**
 * One issue per field of `changes` that a managed (LDAP/SSO: `isLDAP`/`isSSO` of the read,
 * EmployeeWraperFull.cs:290-291) user cannot have changed, or none: the fields that differ from the
 * read, compared as the answer would be (core's unappliedFields with verifyRules).
 */
export function managedIssues(current: User, changes: Changes): Issue[] {
  const by = current.isLDAP ? "LDAP" : current.isSSO ? "SSO" : "";
  return unappliedFields(by ? changes : {}, current, verifyRules)
    .filter(({ field }) => MANAGED.includes(field))
    .map(({ field }) => ({ path: field, message: `managed by ${by}` }));
}

/**
 * The values the PUT changes when they are omitted, as they are now. ONLYOFFICE's argument binder
 * (ApiArgumentBuilder.cs:104-131, Binder.cs:85-127) gives an omitted `bool` the value `false`, an
 * omitted `Guid?` null and an omitted collection an EMPTY list, never null; UpdateMember then
 * applies them: `isVisitor` false promotes a guest (:814-826; always in the read,
 * EmployeeWraperFull.cs:150-151), `lead` null clears the lead when the caller is a People admin
 * (:782-785; the read omits no lead, EmployeeWraperFull.cs:225-228), `contacts` empty deletes every
 * contact (:787 + :639-643; the read omits an empty list, EmployeeWraperFull.cs:350-353) and
 * `department` empty takes the user out of every group and clears its department-manager roles
 * (:788 + :608-637; `groups` of the read, none when absent, EmployeeWraperFull.cs:249-262).
 * `contacts` is undefined when the read cannot show them (no private data: no `email` either, :237-247).
 */
export function keptTraps(current: User): {
  isVisitor: boolean | undefined;
  lead: string | null;
  department: string[];
  contacts?: Contact[];
} {
  // Treat the empty GUID (all zeros) as no lead, in case a portal sends it.
  const lead = /[^0-]/.test(current.lead ?? "") ? (current.lead as string) : null;
  const department = (current.groups ?? []).flatMap((g) => (g.id ? [g.id] : []));
  const kept = { isVisitor: current.isVisitor, lead, department };
  if (Array.isArray(current.contacts)) {
    return { ...kept, contacts: current.contacts.map((c) => ({ Type: c.type ?? "", Value: c.value ?? "" })) };
  }
  return current.email ? { ...kept, contacts: [] } : kept;
}

/**
 * The PUT's body as ONLYOFFICE must receive it for the binder to read what we mean:
 * - `null` for `title`, `location`, `comment` is sent as `""` (the binder turns a JSON null into
 *   `""` anyway, ApiArgumentBuilder.cs:192 + Json.NET's XmlNodeConverter; `"" ?? user.Title`
 *   stores `""`, :750-757, :763): cleared; `birthday`/`worksfrom` null as `1900-01-01`, the date
 *   UpdateMember clears with (:738, :768-780: a JSON null binds as null and keeps);
 *   `department`/`contacts` null as `[]` (a JSON null binds `""`, which no Guid parses → HTTP 400;
 *   for contacts an empty list); `lead` null stays null (binds as null: cleared, :782-785);
 */
export function wireBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const key of ["title", "location", "comment"]) if (out[key] === null) out[key] = "";
  for (const key of ["birthday", "worksfrom"]) if (out[key] === null) out[key] = "1900-01-01";
  for (const key of ["department", "contacts"]) if (out[key] === null) out[key] = [];
  return out;
}

/** Why a non-Active user cannot take this change, or undefined when it can (after reactivation). */
export function inactiveIssue(current: User, changes: Changes): Issue | undefined {
  if (current.status === ACTIVE || current.status === undefined) return undefined;
  if (current.status === TERMINATED) {
    if (changes.disable !== false) {
      return { path: "disable", message: "the user is terminated: pass disable: false to reactivate it" };
    }
    // The status endpoint skips these silently (:1385, :1390-1391): say so before any write.
    const skipped = current.isLDAP ? "managed by LDAP" : current.isOwner ? "the portal owner" : "";
    return skipped
      ? { path: "disable", message: `no reactivation (${skipped}): the status endpoint skips it` }
      : undefined;
  }
  const what = current.status === LEAVE_OF_ABSENCE ? "on leave of absence" : `not active (status ${current.status})`;
  return { path: "", message: `the user is ${what}: no update or reactivation` };
}

/** Why a reactivation that ONLYOFFICE answered with success did not take (:1390-1403). */
export const reactivationIssue: Issue = {
  path: "disable",
  message: "not reactivated: the portal is at its seat quota, or it is the caller's own account",
};
