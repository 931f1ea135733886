/**
 * `@userbridge/onlyoffice/simulator` (Node-only): an in-process ONLYOFFICE Workspace "people" API
 * for tests, built on `@userbridge/core/simulator`. Users are keyed by GUID and stored as the read
 * returns them to a caller who may view private data (camelCase wire JSON, without the envelope).
 *
 * Every rule is taken from the vendor's source, ONLYOFFICE/CommunityServer@7c503dfb5e, cited as
 * `E:line` for module/ASC.Api/ASC.Employee/EmployeeApi.cs and by file name otherwise. Assumed:
 * the portal's time zone is UTC unless `utcOffsetMinutes` says otherwise; the name rule
 * `core.username.regex` is unset (everything passes, UserFormatter.cs:137-141) unless `nameRule`.
 */
import {
  type SimAnswer,
  type SimRequest,
  type SimRoute,
  type Simulator,
  type SimulatorOptions,
  startSimServer,
  toUserMap,
} from "@userbridge/core/simulator";
import type { components } from "./generated/schema.js";

/** A user as `GET /api/2.0/people/{id}` returns it to an admin (the `response` of the envelope). */
export type SimUser = components["schemas"]["User"];
type Group = NonNullable<SimUser["groups"]>[number];

/** The token the simulator accepts unless `token` says otherwise. */
export const SIMULATOR_TOKEN = "oo-sim-token-7c503dfb";

export interface OnlyofficeSimulatorOptions extends SimulatorOptions<SimUser> {
  /** Logins for `POST /api/2.0/authentication`: user name or email (case-insensitive) → password. */
  passwords?: Record<string, string>;
  /** Id of the account the token acts as (default: an administrator who is not in `users`). */
  caller?: string;
  /** The caller administers the People module (default true): `title`, `lead` apply, others' profiles are editable. */
  callerIsAdmin?: boolean;
  /** The caller may view private data (default true); else reads have `email: null` and no `contacts`. */
  canViewPrivateData?: boolean;
  /** The caller may edit groups (default true); else `department` is silently ignored. */
  canEditGroups?: boolean;
  /** Paid seats: active non-guest users allowed (default: unlimited). */
  seatQuota?: number;
  /** The portal is unpaid: every people request answers 402 (ProductSecurityFilter.cs:111-117). */
  paymentRequired?: boolean;
  /** Groups a `department` id may name (default: the groups of the initial users). */
  groups?: Group[];
  /** The portal's `core.username.regex` (default: none, every name passes). */
  nameRule?: RegExp;
  /** The portal's time zone, in minutes east of UTC (default 0). */
  utcOffsetMinutes?: number;
}

const ACTIVE = 1;
const TERMINATED = 2;
const JSON_TYPE = { "content-type": "application/json; charset=utf-8" }; // JsonNetSerializer.cs:79
// .NET HRESULTs of the exception types (ErrorWrapper.HResult, IApiStandartResponce.cs:65).
const H = { exception: -2146233088, security: -2146233078, auth: -2146233087, format: -2146233033, http: -2147467259 };
const GUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The success envelope; zero count/startIndex are left out (ApiStandartResponce.cs:43-50). */
const ok = (response: unknown, statusCode = 200): SimAnswer => {
  const count = Array.isArray(response) ? response.length : 1;
  return {
    status: statusCode,
    headers: JSON_TYPE,
    json: { ...(count ? { count } : {}), status: 0, statusCode, response },
  };
};
/** The failure envelope (ApiHttpHandlerBase.cs:224-238; no type/stack in release builds, IApiStandartResponce.cs:60-63). */
const fail = (statusCode: number, message: string, hresult = H.exception): SimAnswer => ({
  status: statusCode,
  headers: JSON_TYPE,
  json: { status: 1, statusCode, error: { message, hresult, data: {} } },
});

/** ApiDateTime's wire form: local time with the portal's offset, `Z` for none (ApiDateTime.cs:160-165, :272-280). */
function apiDate(utcMs: number, offsetMin: number): string {
  const local = new Date(utcMs + offsetMin * 60_000).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${local}.0000000Z`;
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  return `${local}.0000000${sign}${hh}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * A date sent to the PUT, as the UTC instant ApiDateTime.Parse gives (ApiDateTime.cs:80-109): a
 * bare date or local time is in the portal's zone; `Z` or an offset is taken as given.
 */
function parseDate(value: string, offsetMin: number): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i.exec(value);
  if (!m) return undefined;
  const wall = Date.parse(`${m[1]}T${m[2] ?? "00:00:00"}Z`);
  if (!m[3]) return wall - offsetMin * 60_000;
  if (m[3].toUpperCase() === "Z") return wall;
  const [h, min] = m[3].slice(1).split(":").map(Number) as [number, number];
  return wall - (m[3][0] === "-" ? -1 : 1) * (h * 60 + min) * 60_000;
}

/** Case-insensitive field lookup: the binder matches parameter names ignoring case. */
function field(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : body[key];
}

/** Starts the simulator. `stop()` it when done. */
export async function startSimulator(options: OnlyofficeSimulatorOptions = {}): Promise<Simulator<SimUser>> {
  const token = options.token ?? SIMULATOR_TOKEN;
  const users = toUserMap(options.users);
  const caller = options.caller?.toLowerCase();
  const isAdmin = options.callerIsAdmin ?? true;
  const offset = options.utcOffsetMinutes ?? 0;
  const quota = options.seatQuota ?? Number.POSITIVE_INFINITY;
  const groups = new Map<string, Group>();
  for (const g of [...(options.groups ?? []), ...[...users.values()].flatMap((u) => u.groups ?? [])]) {
    if (g.id) groups.set(g.id.toLowerCase(), g);
  }

  /** The read as this caller sees it: no email/contacts without the private-data right (EmployeeWraperFull.cs:237-247). */
  const view = (u: SimUser): SimUser => {
    if ((options.canViewPrivateData ?? true) || u.id === caller) return structuredClone(u);
    const { contacts: _hidden, mobilePhone: _phone, ...rest } = u;
    return { ...structuredClone(rest), email: null };
  };
  /** GetUsersCount: active users who are not guests (E:816-817, E:1398). */
  const seatsUsed = () => [...users.values()].filter((u) => u.status === ACTIVE && !u.isVisitor).length;
  const find = (idOrName: string) =>
    users.get(idOrName.toLowerCase()) ??
    [...users.values()].find((u) => u.userName?.toLowerCase() === idOrName.toLowerCase());
  /** 402 before the method runs (ProductSecurityFilter.cs:111-117, ApiManager.cs:80-85, ApiHttpHandler.cs:90-93). */
  const unpaid = () => (options.paymentRequired ? fail(402, "PaymentRequired", H.http) : undefined);
  /** DemandPermissions(Action_EditUser): others' profiles need the admin right (SecurityException → 403, ApiHttpHandler.cs:115-118). */
  const mayEdit = (id: string | undefined) => isAdmin || (id !== undefined && id === caller);
  const denied = () => fail(403, "Access denied", H.security);

  const routes: SimRoute[] = [
    {
      // AuthenticationEntryPoint.cs:94-156, 407-482: no auth, no payment check; any failure is
      // AuthenticationException → 500 (ApiHttpHandler.cs:123-126); success is 201 (ApiHttpHandlerBase.cs:169-174).
      operationId: "authenticate",
      method: "POST",
      path: "/api/2.0/authentication",
      handle(req) {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const login = String(field(body, "username") ?? "").toLowerCase();
        const password = field(body, "password");
        const user = [...users.values()].find(
          (u) => u.email?.toLowerCase() === login || u.userName?.toLowerCase() === login,
        );
        const known = Object.entries(options.passwords ?? {}).find(([name]) => name.toLowerCase() === login);
        if (!login || !user || !known || known[1] !== password) {
          return fail(500, "User authentication failed", H.auth);
        }
        return ok({ token, expires: apiDate(Date.now() + 30 * 86_400_000, offset) }, 201);
      },
    },
    {
      // GetByEmail, E:196-218 (before `:userid`, which would take "email" for a user name): the first
      // user whose email equals, case-insensitively (UserManager.cs:157-169); none → 404.
      operationId: "findUserByEmail",
      method: "GET",
      path: "/api/2.0/people/email",
      handle(req) {
        const email = req.url.searchParams.get("email")?.toLowerCase();
        const user = email ? [...users.values()].find((u) => u.email?.toLowerCase() === email) : undefined;
        return unpaid() ?? (user ? ok(view(user)) : fail(404, "User not found"));
      },
    },
    {
      // GetById, E:167-192: a GUID or a user name; unknown → ItemNotFoundException → 404.
      operationId: "getUser",
      method: "GET",
      path: "/api/2.0/people/:userid",
      handle(req) {
        const user = find(req.params.userid ?? "");
        return unpaid() ?? (user ? ok(view(user)) : fail(404, "User not found"));
      },
    },
    {
      // ChangeUserEmail, E:1093-1145.
      operationId: "updateUserEmail",
      method: "PUT",
      path: "/api/2.0/people/:userid/email",
      handle(req) {
        const id = (req.params.userid ?? "").toLowerCase();
        // `Guid userid`: a value that does not bind is an argument error → 400 (ApiHttpHandler.cs:128-131; inferred).
        if (!GUID.test(id)) return unpaid() ?? fail(400, "Invalid arguments", H.exception);
        if (!mayEdit(id)) return unpaid() ?? denied();
        const email = String(field((req.body ?? {}) as Record<string, unknown>, "email") ?? "");
        // Any user with the address, this very user included → plain Exception → 500 (E:1098-1102, Resource.resx:1526-1527).
        if (email && [...users.values()].some((u) => u.email?.toLowerCase() === email.toLowerCase())) {
          return unpaid() ?? fail(500, "User with this email is already registered");
        }
        const user = users.get(id);
        // Terminated, LDAP, SSO, another's owner account (or no such user) → SecurityException → 403 (E:1106-1113).
        if (!user || user.status === TERMINATED || user.isLDAP || user.isSSO || (user.isOwner && id !== caller)) {
          return unpaid() ?? fail(403, "No permissions to perform this action", H.security);
        }
        if (!email) return unpaid() ?? ok(view(user));
        // new MailAddress(email): a malformed address → FormatException → 500 (E:1117).
        if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
          return (
            unpaid() ?? fail(500, "The specified string is not in the form required for an e-mail address.", H.format)
          );
        }
        // Lower-cased; the activation status becomes NotActivated (E:1123-1132).
        const updated = { ...user, email: email.toLowerCase(), activationStatus: 0 as const };
        users.set(id, updated);
        return unpaid() ?? ok(view(updated));
      },
    },
    {
      // UpdateUserStatus, E:1379-1418.
      operationId: "updateUserStatus",
      method: "PUT",
      path: "/api/2.0/people/status/:status",
      handle(req) {
        const status = (req.params.status ?? "").toLowerCase();
        // An EmployeeStatus name that does not bind → 400 (ApiHttpHandler.cs:128-131; inferred).
        if (!["active", "terminated", "leaveofabsence"].includes(status))
          return unpaid() ?? fail(400, "Invalid arguments");
        if (!isAdmin) return unpaid() ?? denied();
        const ids = field((req.body ?? {}) as Record<string, unknown>, "userids");
        const listed = (Array.isArray(ids) ? ids : [])
          .map((id) => users.get(String(id).toLowerCase()))
          // LDAP (and unknown/system) users are left out of the list and never changed (E:1384-1386).
          .filter((u): u is SimUser => u !== undefined && !u.isLDAP);
        const answer = listed.map((user) => {
          const id = String(user.id).toLowerCase();
          // The owner and the caller are skipped (E:1390-1391).
          if (user.isOwner || id === caller) return user;
          let next = user;
          // Active: only a Terminated user, and only within the seat quota unless a guest (E:1395-1403).
          if (status === "active" && user.status === TERMINATED && (seatsUsed() < quota || user.isVisitor)) {
            next = { ...user, status: ACTIVE };
          }
          if (status === "terminated") next = { ...user, status: TERMINATED }; // E:1405-1407
          users.set(id, next);
          return next;
        });
        return unpaid() ?? ok(answer.map(view));
      },
    },
    {
      // UpdateMember, E:724-838.
      operationId: "updateUser",
      method: "PUT",
      path: "/api/2.0/people/:userid",
      handle(req) {
        const paid = unpaid();
        if (paid) return paid;
        const raw = req.params.userid ?? "";
        // `new Guid(userid)` in DemandPermissions: not a GUID → FormatException → 500 (E:727).
        if (!GUID.test(raw)) {
          return fail(
            500,
            "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
            H.format,
          );
        }
        const id = raw.toLowerCase();
        if (!mayEdit(id)) return denied();
        const body = (req.body ?? {}) as Record<string, unknown>;
        const lead = field(body, "lead");
        const department = field(body, "department");
        // Guid? lead / Guid[] department that do not bind → 400 (ApiHttpHandler.cs:128-131; inferred).
        const badGuid = (v: unknown) => typeof v !== "string" || !GUID.test(v);
        if ((lead != null && badGuid(lead)) || (Array.isArray(department) && department.some(badGuid))) {
          return fail(400, "Invalid arguments");
        }
        const current = users.get(id);
        if (!current) return fail(404, "user not found"); // GetUserInfo, E:1229-1230
        // Every status but Active → plain Exception → 500 (E:734-735).
        if (current.status !== ACTIVE) return fail(500, "The user is suspended");
        const user = structuredClone(current);
        const self = id === caller;
        const str = (name: string) => {
          const v = field(body, name);
          return typeof v === "string" ? v : undefined;
        };
        // firstname/lastname/location (and title, admins only): null keeps; ignored for LDAP/SSO (E:742-758).
        // The read leaves out an empty location or notes (EmployeeWraperFull.cs:215-223).
        const set = (key: "firstName" | "lastName" | "location" | "title" | "notes", name: string) => {
          const v = str(name);
          if (v === undefined) return;
          if (v === "" && (key === "location" || key === "notes")) delete user[key];
          else user[key] = v;
        };
        if (!user.isLDAP && !user.isSSO) {
          set("firstName", "firstname");
          set("lastName", "lastname");
          set("location", "location");
          if (isAdmin) set("title", "title");
        }
        // The name must match core.username.regex (E:760-761, Resource.resx:1565-1566).
        if (options.nameRule && !options.nameRule.test(`${user.firstName ?? ""}${user.lastName ?? ""}`)) {
          return fail(500, "Incorrect firstname or lastname");
        }
        // comment and sex apply to everyone (E:763-766); sex other than male/female keeps.
        set("notes", "comment");
        const sex = str("sex")?.toLowerCase();
        if (sex === "male" || sex === "female") user.sex = sex;
        // birthday/worksfrom: omitted keeps; a local 1900-01-01T00:00 clears (E:738, E:768-780).
        for (const [name, key] of [
          ["birthday", "birthday"],
          ["worksfrom", "workFrom"],
        ] as const) {
          const sent = str(name);
          if (sent === undefined) continue;
          const utc = parseDate(sent, offset);
          if (utc === undefined) return fail(400, `invalid date time format: ${sent}`); // ApiDateTime.cs:108 (binding; inferred 400)
          const local = new Date(utc + offset * 60_000).toISOString();
          if (local.startsWith("1900-01-01T00:00:00")) delete user[key];
          else user[key] = apiDate(utc, offset);
        }
        // lead: set (omitted = null) only for a People admin (E:782-785); the read omits no lead.
        if (isAdmin) {
          if (typeof lead === "string") user.lead = lead.toLowerCase();
          else delete user.lead;
        }
        // contacts: cleared first, ALWAYS; then the sent ones added (E:787, E:639-650).
        const sent = field(body, "contacts");
        const contacts = (Array.isArray(sent) ? sent : []).map((c) => {
          const item = (c ?? {}) as Record<string, unknown>;
          return { type: String(field(item, "type") ?? ""), value: String(field(item, "value") ?? "") };
        });
        if (contacts.length > 0) user.contacts = contacts;
        else delete user.contacts;
        // department: null keeps; without the edit-groups right ignored; unknown ids dropped (E:608-637).
        // Written at once (not by SaveUserInfo), so it stays even if the quota check below throws.
        let groupsOnly = current;
        if (Array.isArray(department) && (options.canEditGroups ?? true)) {
          const kept = department.flatMap((g) => groups.get(String(g).toLowerCase()) ?? []);
          delete user.groups;
          user.department = kept.map((g) => g.name).join(", ");
          if (kept.length > 0) user.groups = kept;
          groupsOnly = { ...current, department: user.department };
          if (user.groups) groupsOnly.groups = user.groups;
          else delete groupsOnly.groups;
        }
        // files: null or empty keeps the avatar (E:668-673, E:790-793).
        const files = str("files");
        if (files) user.avatar = files;
        // disable: null keeps; true terminates, false activates (E:794-798).
        const disable = field(body, "disable");
        if (typeof disable === "boolean") {
          user.status = disable ? TERMINATED : ACTIVE;
          user.terminated = disable ? apiDate(Date.now(), offset) : null;
        }
        // isVisitor (bool, omitted = false): true demotes who may be a guest (E:806-812); false
        // promotes a guest, unless it is the caller, within the seat quota (E:814-826).
        const isVisitor = field(body, "isvisitor") === true;
        const canBeGuest = !user.isOwner && !user.isAdmin && !(user.listAdminModules ?? []).length && !self;
        if (isVisitor && !user.isVisitor && canBeGuest) user.isVisitor = true;
        if (!self && !isVisitor && user.isVisitor) {
          if (seatsUsed() >= quota) {
            users.set(id, groupsOnly);
            return fail(500, `Exceeds the maximum active users (${quota})`);
          }
          user.isVisitor = false;
        }
        users.set(id, user);
        return ok(view(user));
      },
    },
  ];

  return startSimServer(
    {
      vendor: "onlyoffice",
      routes,
      // Authorization: <token>, no scheme word; else the plain text `Unauthorized` with ASP.NET's
      // default content type (ApiRouteHandler.cs:54-70, ErrorHttpHandler.cs:34-39). The token
      // endpoint needs no auth (AuthenticationEntryPoint.cs:94).
      authenticate: (req: SimRequest) =>
        req.url.pathname === "/api/2.0/authentication" || req.headers.authorization === token
          ? undefined
          : { status: 401, headers: { "content-type": "text/html; charset=utf-8" }, text: "Unauthorized" },
      // 500 requests per 10 s per IP and account, then 503 + Retry-After: the vendor's API pages
      // (https://api.onlyoffice.com/portals/workspaceapi, "Rate limiting"); not in the repository.
      rateLimit: {
        limit: 500,
        windowMs: 10_000,
        answer: (retryAfter) => ({
          ...fail(503, "Service Unavailable"),
          headers: { ...JSON_TYPE, "retry-after": String(retryAfter) },
        }),
      },
      // No such method: MissingMethodException → 404 (ApiHttpHandler.cs:100-103).
      notFound: () => fail(404, "Method not found"),
      secrets: Object.values(options.passwords ?? {}),
    },
    options,
    users,
  );
}

/**
 * One realistic user as the read returns it to an admin (an Active full user with contacts, a lead
 * and a group), for demos and `pnpm simulate`: an update that does not mention contacts keeps them.
 */
export function sampleUser(): SimUser {
  return {
    id: "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21",
    displayName: "Ada Lovelace",
    firstName: "Ada",
    lastName: "Lovelace",
    userName: "ada",
    email: "ada@example.com",
    contacts: [
      { type: "phone", value: "+44 20 7946 0000" },
      { type: "skype", value: "ada.l" },
    ],
    birthday: "1990-12-10T00:00:00.0000000Z",
    sex: "female",
    status: 1,
    activationStatus: 1,
    terminated: null,
    department: "Engineering",
    workFrom: "2021-03-01T00:00:00.0000000Z",
    groups: [{ id: "3fa85f64-5717-4562-b3fc-2c963f66afa6", name: "Engineering", manager: null }],
    location: "London",
    notes: "Analytical engine",
    title: "Engineer",
    lead: "0b1e3f7c-52c4-4d6e-9a0b-2f8c6d4e1a37",
    avatar: "/images/ada.png",
    isAdmin: false,
    isOwner: false,
    isVisitor: false,
    isLDAP: false,
    isSSO: false,
  };
}
