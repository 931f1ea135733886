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
import { randomUUID } from "node:crypto";
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
import {
  apiDateTimeType,
  BindError,
  bindArguments,
  collectionOf,
  enumType,
  HRESULT,
  type Param,
  type ParamType,
  parseGuid,
  requestParams,
  types,
} from "./simulator/binder.js";

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
  /** The caller may edit groups (default true); else `department` is silently ignored (E:610). */
  canEditGroups?: boolean;
  /** Paid seats: active non-guest users allowed (default: unlimited). */
  seatQuota?: number;
  /** The portal is unpaid: every people request answers 402 (ProductSecurityFilter.cs:111-117). */
  paymentRequired?: boolean;
  /** The portal's password rule for a created user (default: at least 8 characters, PasswordSettings.cs:90). */
  passwordRule?: RegExp;
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
const H = {
  exception: HRESULT.exception,
  security: -2146233078, // SecurityException
  invalidOperation: -2146233079, // InvalidOperationException
  remoting: -2146233077, // RemotingException, base of AuthorizingException (AuthorizingException.cs:29)
  auth: -2146233087,
  format: HRESULT.format,
  http: -2147467259,
};

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
const fail = (statusCode: number, message: string, hresult: number = H.exception): SimAnswer => ({
  status: statusCode,
  headers: JSON_TYPE,
  json: { status: 1, statusCode, error: { message, hresult, data: {} } },
});

/**
 * An exception a method raises, with the status ApiHttpHandler.cs:105-135 gives its type:
 * ItemNotFoundException 404, ArgumentException 400, SecurityException 403, InvalidOperationException
 * 403, anything else (FormatException, AuthorizingException, TenantQuotaException, Exception) 500.
 */
class Raised extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hresult: number = H.exception,
  ) {
    super(message);
  }
}

/** ApiDateTime's wire form: local time with the portal's offset, `Z` for none (ApiDateTime.cs:160-165, :272-280). */
function apiDate(utcMs: number, offsetMin: number): string {
  const local = new Date(utcMs + offsetMin * 60_000).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${local}.0000000Z`;
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  return `${local}.0000000${sign}${hh}:${String(abs % 60).padStart(2, "0")}`;
}

/** `HtmlEncode` (HttpUtility.HtmlEncode): the department names and the display name are encoded. */
const htmlEncode = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** `Contact` (Contact.cs:22-33): two string properties, bound by name. */
const contactType: ParamType = {
  clr: "ASC.Api.Employee.Contact",
  convert: () => undefined,
  fallback: null,
  properties: { Type: types.string, Value: types.string },
};

/** EmployeeStatus (EmployeeStatus.cs:23-34), bound by EnumConverter: `All` and `Default` bind too. */
const employeeStatus = enumType("ASC.Core.Users.EmployeeStatus", {
  Active: 1,
  Terminated: 2,
  LeaveOfAbsence: 4,
  All: 7,
  Default: 5,
});

/** A nullable enum (`EmployeeStatus?` …): NullableConverter, `""` is null. */
const nullable = (type: ParamType): ParamType => ({
  clr: `System.Nullable\`1[${type.clr}]`,
  convert: (v: string) => (v === "" ? null : type.convert(v)),
  fallback: null,
});
const employeeType = enumType("ASC.Core.Users.EmployeeType", { All: 0, User: 1, Visitor: 2 });
const activationStatus = enumType("ASC.Core.Users.EmployeeActivationStatus", {
  NotActivated: 0,
  Activated: 1,
  Pending: 2,
  AutoGenerated: 4,
});

/** The declared parameters of each simulated method, in declaration order. */
export const methodParams = (portalOffsetMin: number) => {
  const date = apiDateTimeType(portalOffsetMin);
  return {
    // AuthenticationEntryPoint.cs:95
    authenticate: [
      { name: "userName", type: types.string },
      { name: "password", type: types.string },
      { name: "provider", type: types.string },
      { name: "accessToken", type: types.string },
      { name: "codeOAuth", type: types.string },
    ],
    // E:168
    getUser: [{ name: "username", type: types.string }],
    // E:207
    findUserByEmail: [{ name: "email", type: types.string }],
    // E:725
    updateUser: [
      { name: "isVisitor", type: types.bool },
      { name: "userid", type: types.string },
      { name: "firstname", type: types.string },
      { name: "lastname", type: types.string },
      { name: "comment", type: types.string },
      { name: "department", type: collectionOf(types.guid, "System.Guid[]") },
      { name: "title", type: types.string },
      { name: "location", type: types.string },
      { name: "sex", type: types.string },
      { name: "birthday", type: date },
      { name: "worksfrom", type: date },
      {
        name: "contacts",
        type: collectionOf(contactType, "System.Collections.Generic.IEnumerable`1[ASC.Api.Employee.Contact]"),
      },
      { name: "files", type: types.string },
      { name: "disable", type: types.nullableBool },
      { name: "lead", type: types.nullableGuid },
    ],
    // AddMember, E:538
    createUser: [
      { name: "isVisitor", type: types.bool },
      { name: "email", type: types.string },
      { name: "firstname", type: types.string },
      { name: "lastname", type: types.string },
      { name: "department", type: collectionOf(types.guid, "System.Guid[]") },
      { name: "title", type: types.string },
      { name: "location", type: types.string },
      { name: "sex", type: types.string },
      { name: "birthday", type: date },
      { name: "worksfrom", type: date },
      { name: "comment", type: types.string },
      {
        name: "contacts",
        type: collectionOf(contactType, "System.Collections.Generic.IEnumerable`1[ASC.Api.Employee.Contact]"),
      },
      { name: "files", type: types.string },
      { name: "password", type: types.string },
      { name: "passwordHash", type: types.string },
      { name: "lead", type: types.nullableGuid },
    ],
    // GetFullByFilter, E:400
    listUsers: [
      { name: "employeeStatus", type: nullable(employeeStatus) },
      { name: "groupId", type: types.nullableGuid },
      { name: "activationStatus", type: nullable(activationStatus) },
      { name: "employeeType", type: nullable(employeeType) },
      { name: "isAdministrator", type: types.nullableBool },
    ],
    // DeleteMember, E:852
    deleteUser: [{ name: "userid", type: types.string }],
    // E:1094
    updateUserEmail: [
      { name: "userid", type: types.guid },
      { name: "email", type: types.string },
    ],
    // E:1380
    updateUserStatus: [
      { name: "status", type: employeeStatus },
      { name: "userIds", type: collectionOf(types.guid, "System.Collections.Generic.IEnumerable`1[System.Guid]") },
    ],
  } satisfies Record<string, Param[]>;
};
type Methods = ReturnType<typeof methodParams>;

/** Starts the simulator. `stop()` it when done. */
export async function startSimulator(options: OnlyofficeSimulatorOptions = {}): Promise<Simulator<SimUser>> {
  const token = options.token ?? SIMULATOR_TOKEN;
  const users = toUserMap(options.users);
  const caller = options.caller ? (parseGuid(options.caller) ?? options.caller.toLowerCase()) : undefined;
  const isAdmin = options.callerIsAdmin ?? true;
  const canEditGroups = options.canEditGroups ?? true;
  const offset = options.utcOffsetMinutes ?? 0;
  const quota = options.seatQuota ?? Number.POSITIVE_INFINITY;
  const methods = methodParams(offset);

  // Groups: names by id, and each group's manager (CoreContext.UserManager.GetDepartmentManager).
  const groupNames = new Map<string, string>();
  const managers = new Map<string, string>();
  for (const g of [...(options.groups ?? []), ...[...users.values()].flatMap((u) => u.groups ?? [])]) {
    if (!g.id) continue;
    const gid = g.id.toLowerCase();
    groupNames.set(gid, g.name ?? "");
    const manager = [...users.entries()].find(([, u]) => g.manager && u.userName === g.manager);
    if (manager) managers.set(gid, manager[0].toLowerCase());
  }
  const userNameOf = (id: string | undefined) => (id ? (users.get(id)?.userName ?? null) : null);
  /** The read's `groups` and `department` for these group ids (EmployeeWraperFull.cs:249-262, GroupWrapperSummary.cs:29-34). */
  const groupFields = (ids: string[]): Pick<SimUser, "groups" | "department"> => {
    const groups = ids.map((gid) => ({
      id: gid,
      name: groupNames.get(gid) ?? "",
      manager: userNameOf(managers.get(gid)),
    }));
    return groups.length
      ? { groups, department: groups.map((g) => htmlEncode(g.name)).join(", ") }
      : { department: "" };
  };
  const groupIds = (u: SimUser) => (u.groups ?? []).flatMap((g) => (g.id ? [g.id.toLowerCase()] : []));
  /** Rewrites the `groups` of every member of these groups (a manager changed). */
  const refreshMembers = (changed: string[]) => {
    for (const [id, u] of users) {
      const ids = groupIds(u);
      if (!ids.some((gid) => changed.includes(gid))) continue;
      const { groups: _g, ...rest } = u;
      users.set(id, { ...rest, ...groupFields(ids) });
    }
  };

  /** The read as this caller sees it: no email/contacts without the private-data right (EmployeeWraperFull.cs:237-247). */
  const view = (u: SimUser): SimUser => {
    if ((options.canViewPrivateData ?? true) || u.id?.toLowerCase() === caller) return structuredClone(u);
    const { contacts: _hidden, mobilePhone: _phone, ...rest } = u;
    return { ...structuredClone(rest), email: null };
  };
  /** GetUsersCount: active users who are not guests (E:816-817, E:1398). */
  const seatsUsed = () => [...users.values()].filter((u) => u.status === ACTIVE && !u.isVisitor).length;
  /** GetUsers(Guid): a stored user, or none (LostUser). */
  const byId = (id: string) => users.get(id.toLowerCase());
  const byUserName = (name: string) =>
    [...users.values()].find((u) => u.userName?.toLowerCase() === name.toLowerCase());
  const byEmail = (email: string) =>
    email ? [...users.values()].find((u) => u.email?.toLowerCase() === email.toLowerCase()) : undefined; // UserManager.cs:157-169
  /**
   * SecurityContext.DemandPermissions(Action_EditUser [, the user]): a People admin, or the user
   * themself for their own profile. Refused: AuthorizingException, which is neither a
   * SecurityException nor an InvalidOperationException → HTTP 500 (AuthorizingException.cs:29,
   * PermissionResolver.cs:58-68, ApiHttpHandler.cs:115-126). The message's subject is approximated.
   */
  const demandEditUser = (id?: string) => {
    if (isAdmin || (id !== undefined && id === caller)) return;
    const who = caller ? (users.get(caller)?.displayName ?? caller) : "caller";
    throw new Raised(
      500,
      `"${who}" access denied "Edit user information, ". Cause: Edit user information: access denied..`,
      H.remoting,
    );
  };
  const notFound = (message: string) => new Raised(404, message); // ItemNotFoundException
  /** DemandPermissions(Action_AddRemoveUser) (E:540, E:854): administrators only; else AuthorizingException → 500. */
  const demandAddRemove = () => {
    if (isAdmin) return;
    throw new Raised(
      500,
      `"${caller ?? "caller"}" access denied "Add/Remove users, ". Cause: Add/Remove users: access denied..`,
      H.remoting,
    );
  };
  /** GetUserInfo (E:1217-1232): a GUID, else a user name; none → 404 "user not found". */
  const userInfo = (idOrName: string) => {
    const guid = parseGuid(idOrName);
    const user = guid ? byId(guid) : byUserName(idOrName);
    if (!user) throw notFound("user not found");
    return user;
  };

  /**
   * One simulated API method: binds the request through the binder model (400 on a binding
   * failure, ApiManager.cs:66), then the payment filter (402, ProductSecurityFilter.cs:111-117,
   * ApiManager.cs:80-85, after binding), then the method; an exception it raises becomes the
   * failure envelope with its status.
   */
  function method<K extends keyof Methods>(
    operationId: K,
    httpMethod: string,
    path: string,
    handle: (args: Record<string, unknown>, req: SimRequest) => SimAnswer,
    checksPayment = true,
  ): SimRoute {
    return {
      operationId,
      method: httpMethod,
      path,
      handle(req) {
        let args: Record<string, unknown>;
        try {
          const values = requestParams({
            method: req.method,
            route: req.params,
            query: req.url.searchParams,
            contentType: req.headers["content-type"],
            rawBody: req.rawBody,
            serverOffsetMin: offset,
          });
          args = bindArguments(methods[operationId], values);
        } catch (error) {
          if (error instanceof BindError) return fail(error.status, error.message, error.hresult);
          throw error;
        }
        if (checksPayment && options.paymentRequired) return fail(402, "PaymentRequired", H.http);
        try {
          return handle(args, req);
        } catch (error) {
          if (error instanceof Raised) return fail(error.status, error.message, error.hresult);
          throw error;
        }
      },
    };
  }

  const routes: SimRoute[] = [
    // AuthenticationEntryPoint.cs:94-156, 407-482: no auth, no payment check; any failure is
    // AuthenticationException → 500 (ApiHttpHandler.cs:123-126); success is 201 (ApiHttpHandlerBase.cs:169-174).
    method(
      "authenticate",
      "POST",
      "/api/2.0/authentication",
      (args) => {
        const login = String(args.userName ?? "").toLowerCase();
        const user = byEmail(login) ?? (login ? byUserName(login) : undefined);
        const known = Object.entries(options.passwords ?? {}).find(([name]) => name.toLowerCase() === login);
        if (!login || !user || !known || known[1] !== args.password) {
          throw new Raised(500, "User authentication failed", H.auth);
        }
        return ok({ token, expires: apiDate(Date.now() + 30 * 86_400_000, offset) }, 201);
      },
      false,
    ),
    // GetByEmail, E:206-218 (a literal path, before `{username}`): the first user whose email
    // equals, case-insensitively (UserManager.cs:157-169); none (or no email) → 404.
    method("findUserByEmail", "GET", "/api/2.0/people/email", (args) => {
      const user = byEmail(String(args.email ?? ""));
      if (!user) throw notFound("User not found");
      return ok(view(user));
    }),
    // UpdateUserStatus, E:1379-1418.
    method("updateUserStatus", "PUT", "/api/2.0/people/status/:status", (args) => {
      demandEditUser(); // E:1382
      const status = args.status as number;
      const listed = (args.userIds as string[])
        .map((id) => byId(id))
        // LDAP (and unknown/system) users are left out of the answer and never changed (E:1384-1386).
        .filter((u): u is SimUser => u !== undefined && !u.isLDAP);
      const answer = listed.map((user) => {
        const id = String(user.id).toLowerCase();
        // The owner and the caller are skipped (E:1390-1391); any other status (All, Default,
        // LeaveOfAbsence) changes nothing (E:1393-1412).
        if (user.isOwner || id === caller) return user;
        let next = user;
        // Active: only a Terminated user, and only within the seat quota unless a guest (E:1395-1403).
        if (status === ACTIVE && user.status === TERMINATED && (seatsUsed() < quota || user.isVisitor)) {
          next = { ...user, status: ACTIVE };
        }
        if (status === TERMINATED) next = { ...user, status: TERMINATED }; // E:1405-1407
        users.set(id, next);
        return next;
      });
      return ok(answer.map(view));
    }),
    // ChangeUserEmail, E:1093-1145.
    method("updateUserEmail", "PUT", "/api/2.0/people/:userid/email", (args) => {
      const id = args.userid as string;
      demandEditUser(id); // E:1096
      const email = String(args.email ?? "");
      // Any user with the address, this very user included → plain Exception → 500 (E:1098-1102, Resource.resx:1526-1527).
      if (byEmail(email)) throw new Raised(500, "User with this email is already registered");
      const user = byId(id);
      // Terminated, LDAP, SSO, another's owner account (or no such user) → SecurityException → 403 (E:1106-1113).
      if (!user || user.status === TERMINATED || user.isLDAP || user.isSSO || (user.isOwner && id !== caller)) {
        throw new Raised(403, "No permissions to perform this action", H.security);
      }
      if (!email) return ok(view(user));
      // new MailAddress(email): a malformed address → FormatException → 500 (E:1117).
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        throw new Raised(500, "The specified string is not in the form required for an e-mail address.", H.format);
      }
      if (email.toLowerCase() === user.email?.toLowerCase()) return ok(view(user)); // E:1118
      // Lower-cased; the activation status becomes NotActivated (E:1123-1132).
      const updated = { ...user, email: email.toLowerCase(), activationStatus: 0 as const };
      users.set(id, updated);
      return ok(view(updated));
    }),
    // GetFullByFilter, E:399-509 (a literal path, before `{username}`).
    method("listUsers", "GET", "/api/2.0/people/filter", (args, req) => listUsers(args, req.url.searchParams)),
    // AddMember, E:537-605: 201 (ApiHttpHandlerBase.cs:169-174).
    method("createUser", "POST", "/api/2.0/people", (args) => addMember(args)),
    // DeleteMember, E:851-875.
    method("deleteUser", "DELETE", "/api/2.0/people/:userid", (args) => {
      demandAddRemove(); // E:854
      const user = userInfo(String(args.userid ?? ""));
      // A system or LDAP user: `new SecurityException()` → 403 (E:858-859).
      if (user.isLDAP) throw new Raised(403, "Security error.", H.security);
      // Only a Terminated user: else a plain Exception → 500 (E:861-862).
      if (user.status !== TERMINATED) throw new Raised(500, "The user is not suspended");
      const id = String(user.id).toLowerCase();
      users.delete(id); // UserManager.DeleteUser (E:869): gone from reads, lists and groups
      const managed = [...managers.entries()].filter(([, m]) => m === id).map(([gid]) => gid);
      for (const gid of managed) managers.delete(gid);
      refreshMembers(managed);
      return ok(view(user));
    }),
    // GetById, E:167-192: a user name first, else a GUID in any .NET form (E:175); none → 404.
    method("getUser", "GET", "/api/2.0/people/:username", (args) => {
      const name = String(args.username ?? "");
      const guid = parseGuid(name);
      const user = byUserName(name) ?? (guid ? byId(guid) : undefined);
      if (!user) throw notFound("User not found");
      return ok(view(user));
    }),
    // UpdateMember, E:724-838, on the bound arguments.
    method("updateUser", "PUT", "/api/2.0/people/:userid", (args) => updateMember(args)),
  ];

  /**
   * GetFullByFilter (E:399-509) on the bound filters, paged by ApiContext (ApiContext.cs:50-69):
   * `count` capped at 1000 (web.autofac.config:12, default 1000), `startIndex` from 0; the page is
   * cut by the method itself (E:503), `total` is every match (E:488).
   */
  function listUsers(a: Record<string, unknown>, query: URLSearchParams): SimAnswer {
    const countText = query.get("count")?.trim();
    const size = countText && /^\d+$/.test(countText) ? Math.min(1000, Number(countText)) : 1000;
    const startText = query.get("startIndex")?.trim();
    const start = startText && /^[+-]?\d+$/.test(startText) ? Math.max(0, Number(startText)) : 0;
    // Terminated (or All) only for an administrator; else Active + LeaveOfAbsence (E:436-452).
    const asked = a.employeeStatus as number | null;
    let status = isAdmin ? 7 : 5;
    if (asked !== null) status = asked === TERMINATED || asked === 7 ? (isAdmin ? asked : 5) : asked;
    let list = [...users.values()].filter((u) => ((u.status ?? ACTIVE) & status) === (u.status ?? ACTIVE));
    // filterValue: UserManager.Search (UserManager.cs:176-204, :640-653): every word (2+ characters)
    // in the last or first name, title, location or email, ignoring case; blank text finds nobody.
    const text = query.get("filterValue");
    if (text) {
      const words = text.split(" ").filter(Boolean);
      list = list.filter(
        (u) =>
          words.length > 0 &&
          words.every((w) =>
            [u.lastName, u.firstName, u.title, u.location, u.email].some(
              (p) => w.length >= 2 && (p ?? "").toLowerCase().includes(w.toLowerCase()),
            ),
          ),
      );
    }
    const group = a.groupId as string | null;
    if (group && /[^0-]/.test(group)) list = list.filter((u) => groupIds(u).includes(group)); // E:458-461
    const activation = a.activationStatus as number | null; // E:462-469
    if (activation !== null) {
      list = list.filter((u) =>
        activation === 1 ? ((u.activationStatus ?? 0) & 1) === 1 : [0, 2, 4].includes(u.activationStatus ?? 0),
      );
    }
    const type = a.employeeType as number | null; // E:470-481
    if (type === 1 || type === 2) list = list.filter((u) => Boolean(u.isVisitor) === (type === 2));
    if (a.isAdministrator === true) list = list.filter((u) => u.isAdmin || (u.listAdminModules ?? []).length > 0);
    const total = list.length;
    // UserInfoComparer (UserInfoComparer.cs): display name "first last" by default, or first/last name first.
    const by = query.get("sortBy");
    const key = (u: SimUser) =>
      by === "lastname" ? `${u.lastName ?? ""} ${u.firstName ?? ""}` : `${u.firstName ?? ""} ${u.lastName ?? ""}`;
    list.sort((x, y) => key(x).localeCompare(key(y)) || String(x.id).localeCompare(String(y.id)));
    if (query.get("sortOrder") === "descending") list.reverse();
    const page = list.slice(start, start + size).map(view);
    // The envelope: count of this page, the startIndex asked, the total (ApiStandartResponce.cs:43-56).
    return {
      status: 200,
      headers: JSON_TYPE,
      json: {
        ...(page.length ? { count: page.length } : {}),
        ...(start ? { startIndex: start } : {}),
        total,
        status: 0,
        statusCode: 200,
        response: page,
      },
    };
  }

  /** AddMember (E:538-605, UserManagerWrapper.cs:47-92) on the bound arguments. */
  function addMember(a: Record<string, unknown>): SimAnswer {
    demandAddRemove(); // E:540
    // A password is optional (one is generated); a given one must pass the policy (E:542-557,
    // UserManagerWrapper.cs:150-159; the message here is approximated).
    const password = String(a.password ?? "").trim();
    if (!String(a.passwordHash ?? "").trim() && password && !(options.passwordRule ?? /^.{8,}$/s).test(password)) {
      throw new Raised(500, "The password does not meet the portal's password policy");
    }
    // new MailAddress(email) (E:562): null → ArgumentNullException, "" → ArgumentException (400);
    // malformed → FormatException (500).
    const email = a.email as string | null;
    if (email === null) throw new Raised(400, "Value cannot be null.\r\nParameter name: address", -2147467261);
    if (email === "") {
      throw new Raised(
        400,
        "The parameter 'address' cannot be an empty string.\r\nParameter name: address",
        HRESULT.argument,
      );
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      throw new Raised(500, "The specified string is not in the form required for an e-mail address.", H.format);
    }
    const firstName = a.firstname as string | null;
    const lastName = a.lastname as string | null;
    if (options.nameRule && !options.nameRule.test(`${firstName ?? ""}${lastName ?? ""}`)) {
      throw new Raised(500, "Incorrect firstname or lastname"); // UserManagerWrapper.cs:72-73
    }
    // Any user with the address, terminated ones included, case-insensitively (UserManagerWrapper.cs:62-66, :75-76).
    if (byEmail(email)) throw new Raised(500, "User with this email is already registered");
    // The user name: the address's local part, then local1, local2… (UserManagerWrapper.cs:47-60).
    const local = email.split("@")[0] as string;
    let userName = local;
    for (let i = 1; byUserName(userName); i++) userName = `${local}${i}`;
    // SaveUserInfo(user, isVisitor): the seat quota for a full user (UserManager.cs:219-237).
    const isVisitor = a.isVisitor as boolean;
    if (!isVisitor && seatsUsed() > quota) throw new Raised(500, `Exceeds the maximum active users (${quota})`);
    const id = randomUUID();
    const str = (name: string) => (a[name] as string | null) || undefined;
    const sex = str("sex")?.toLowerCase();
    const date = (name: string) => (a[name] === null ? undefined : apiDate(a[name] as number, offset));
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const contacts = (a.contacts as { Type?: string; Value?: string }[]).map((c) => ({
      type: c.Type ?? null,
      value: c.Value ?? null,
    })) as SimUser["contacts"] & object;
    const joined = canEditGroups ? [...new Set((a.department as string[]).filter((g) => groupNames.has(g)))] : []; // E:586
    const files = str("files");
    const user = Object.fromEntries(
      Object.entries({
        id,
        displayName: htmlEncode(`${firstName ?? ""} ${lastName ?? ""}`),
        title: str("title"),
        userName,
        isVisitor,
        firstName,
        lastName,
        email,
        birthday: date("birthday"),
        sex: sex === "male" || sex === "female" ? sex : undefined,
        status: ACTIVE,
        activationStatus: 2, // Pending (UserManagerWrapper.cs:86-89)
        terminated: null,
        workFrom: a.worksfrom === null ? apiDate(today, offset) : date("worksfrom"), // E:575
        location: str("location"),
        notes: str("comment"),
        lead: (a.lead as string | null) ?? undefined,
        contacts: contacts.length ? contacts : undefined,
        ...groupFields(joined),
        avatar: files ?? "/skins/default/images/default_user_photo_size_200-200.png",
        isAdmin: false,
        isOwner: false,
        isLDAP: false,
        isSSO: false,
      }).filter(([, v]) => v !== undefined),
    ) as SimUser;
    users.set(id, user);
    return ok(view(user), 201);
  }

  /** UpdateMember (E:725-838) applied to the arguments the binder produced. */
  function updateMember(a: Record<string, unknown>): SimAnswer {
    const raw = String(a.userid ?? "");
    // `new Guid(userid)` in DemandPermissions: not a GUID → FormatException → 500 (E:727).
    const id = parseGuid(raw);
    if (!id) {
      throw new Raised(
        500,
        "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
        H.format,
      );
    }
    demandEditUser(id); // E:727
    const current = byId(id);
    if (!current) throw notFound("user not found"); // GetUserInfo, E:1229-1230
    // Every status but Active → plain Exception → 500 (E:734-735).
    if (current.status !== ACTIVE) throw new Raised(500, "The user is suspended");
    const user = structuredClone(current);
    const self = id === caller;
    const str = (name: string) => a[name] as string | null;
    // `x ?? user.X`: null (omitted) keeps; any string, "" included, is stored (E:746-758).
    // The read leaves out an empty title, location or notes (EmployeeWraper.cs:45-48, EmployeeWraperFull.cs:215-223).
    const set = (key: "firstName" | "lastName" | "location" | "title" | "notes", value: string | null) => {
      if (value === null) return;
      if (value === "" && key !== "firstName" && key !== "lastName") delete user[key];
      else user[key] = value;
    };
    if (!user.isLDAP && !user.isSSO) {
      set("firstName", str("firstname"));
      set("lastName", str("lastname"));
      set("location", str("location"));
      if (isAdmin) set("title", str("title"));
    }
    // The name must match core.username.regex, unset by default: everything passes (E:760-761, UserFormatter.cs:137-142).
    if (options.nameRule && !options.nameRule.test(`${user.firstName ?? ""}${user.lastName ?? ""}`)) {
      throw new Raised(500, "Incorrect firstname or lastname");
    }
    set("notes", str("comment")); // E:763
    // sex: "male"/"female" in any case; anything else (null, "") keeps (E:764-766).
    const sex = str("sex")?.toLowerCase();
    if (sex === "male" || sex === "female") user.sex = sex;
    // birthday/worksfrom: null keeps; local 1900-01-01T00:00 clears (E:738, E:768-780).
    for (const [name, key] of [
      ["birthday", "birthday"],
      ["worksfrom", "workFrom"],
    ] as const) {
      const utc = a[name] as number | null;
      if (utc === null) continue;
      const local = new Date(utc + offset * 60_000).toISOString();
      if (local.startsWith("1900-01-01T00:00:00")) delete user[key];
      else user[key] = apiDate(utc, offset);
    }
    // lead: for a People admin, the bound value, null included (E:782-785); the read omits none (EmployeeWraperFull.cs:225-228).
    if (isAdmin) {
      const lead = a.lead as string | null;
      if (lead) user.lead = lead;
      else delete user.lead;
    }
    // contacts: cleared, then the bound list added, ALWAYS (E:787, E:639-650); the read omits an empty list (EmployeeWraperFull.cs:339-354).
    const contacts = (a.contacts as { Type?: string; Value?: string }[]).map((c) => ({
      type: c.Type ?? null,
      value: c.Value ?? null,
    })) as SimUser["contacts"] & object;
    if (contacts.length > 0) user.contacts = contacts;
    else delete user.contacts;
    // department (E:788, E:608-637): without the edit-groups right nothing; else the user leaves
    // every group (giving up its manager role), then joins each known id of the bound list, the
    // role restored in a group it managed. The bound list is never null (an omitted `department`
    // binds as an empty array): every group is left. Written at once, not by SaveUserInfo.
    if (canEditGroups) {
      const managed = groupIds(current).filter((gid) => managers.get(gid) === id);
      for (const gid of managed) managers.delete(gid);
      const joined = [...new Set((a.department as string[]).filter((gid) => groupNames.has(gid)))];
      for (const gid of joined) if (managed.includes(gid)) managers.set(gid, id);
      const fields = groupFields(joined);
      delete user.groups;
      Object.assign(user, fields);
      const { groups: _old, ...stored } = users.get(id) as SimUser;
      users.set(id, { ...stored, ...fields });
      refreshMembers(managed);
    }
    // files: null or empty keeps; another URL than the current photo is fetched and stored (E:790-793, :668-697; the fetch is not simulated).
    const files = str("files");
    if (files && files !== user.avatar) user.avatar = files;
    // disable: null keeps; true terminates, false activates (E:794-798).
    const disable = a.disable as boolean | null;
    if (disable !== null) {
      user.status = disable ? TERMINATED : ACTIVE;
      user.terminated = disable ? apiDate(Date.now(), offset) : null;
    }
    // isVisitor (a `bool`: omitted or null is false): true demotes who may be a guest, at once
    // (E:806-812); false promotes a guest unless it is the caller, within the seat quota (E:814-826).
    const isVisitor = a.isVisitor as boolean;
    const canBeGuest = !user.isOwner && !user.isAdmin && !(user.listAdminModules ?? []).length && !self;
    if (isVisitor && !user.isVisitor && canBeGuest) {
      user.isVisitor = true;
      users.set(id, { ...(users.get(id) as SimUser), isVisitor: true });
    }
    if (!self && !isVisitor && user.isVisitor) {
      if (seatsUsed() >= quota) throw new Raised(500, `Exceeds the maximum active users (${quota})`);
      user.isVisitor = false;
      users.set(id, { ...(users.get(id) as SimUser), isVisitor: false });
    }
    // SaveUserInfo(user, isVisitor) (E:828, UserManager.cs:206-244): the seat quota for an Active
    // full user, then the owner cannot be disabled (InvalidOperationException → 403).
    if (user.status === ACTIVE && !isVisitor && seatsUsed() > quota) {
      throw new Raised(500, `Exceeds the maximum active users (${quota})`);
    }
    if (user.status === TERMINATED && user.isOwner) {
      throw new Raised(403, "Can not disable tenant owner.", H.invalidOperation);
    }
    // The read's display name follows the names (EmployeeWraper.cs:44, DisplayUserSettings.cs:57-84: "{first} {last}", HTML-encoded).
    user.displayName = htmlEncode(`${user.firstName ?? ""} ${user.lastName ?? ""}`);
    users.set(id, user);
    return ok(view(user));
  }

  /** The `Authorization` header's first part (before a comma), trimmed (ASCBasicAuthorization.cs:68-70). */
  const firstPart = (header: string) => (header.trim().split(",")[0] ?? "").trim();
  /** Basic `user:password` against `passwords` (ASCBasicAuthorization.cs:72-101): the login is an email or user name. */
  const basicOk = (header: string) => {
    const part = firstPart(header);
    if (!part.startsWith("Basic")) return false;
    const [login = "", password] = Buffer.from(part.slice(6), "base64").toString("latin1").split(":");
    const user = byEmail(login) ?? byUserName(login);
    const known = Object.entries(options.passwords ?? {}).find(([n]) => n.toLowerCase() === login.toLowerCase());
    return Boolean(user && known && password !== undefined && known[1] === password);
  };

  return startSimServer(
    {
      vendor: "onlyoffice",
      routes,
      // Three authorizations in turn (web.autofac.config:15-17, ApiRouteHandler.cs:54-61): the
      // header as a whole is the token (ASCCookieAuthorization.cs:45-53), `Basic` user:password
      // (ASCBasicAuthorization.cs:56-93), `Bearer <token>` (ASCBearerAuthorization.cs:46-74).
      // None: 401, the plain text `Unauthorized`; with an Authorization header the Basic handler
      // answers first and adds `WWW-Authenticate: Basic Realm="<host>"` (ASCBasicAuthorization.cs:105-116,
      // ApiRouteHandler.cs:63-70, ErrorHttpHandler.cs:34-39). The token endpoint needs none.
      authenticate: (req: SimRequest) => {
        if (req.url.pathname === "/api/2.0/authentication") return undefined;
        const header = req.headers.authorization ?? "";
        if (header === token) return undefined;
        if (header && basicOk(header)) return undefined;
        const part = firstPart(header);
        if (part.startsWith("Bearer") && part.slice(7) === token) return undefined;
        const realm = header ? { "www-authenticate": `Basic Realm="${(req.headers.host ?? "").split(":")[0]}"` } : {};
        return { status: 401, headers: { "content-type": "text/html; charset=utf-8", ...realm }, text: "Unauthorized" };
      },
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
      // A route this simulator does not model: 501 naming it, never an answer ONLYOFFICE would not
      // give (the vendor has many more methods, and answers 404 "Method not found" only for a path
      // no method serves, ApiHttpHandler.cs:100-103).
      notFound: (req) => ({
        status: 501,
        json: { error: `not simulated: ${req.method} ${req.url.pathname}`, method: req.method, path: req.url.pathname },
      }),
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
