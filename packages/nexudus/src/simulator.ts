/**
 * An in-process simulator of the Nexudus users API (Node only), on @userbridge/core/simulator.
 *
 * Users are keyed by `String(Id)`; each value is the record as `GET /api/sys/users/{id}` returns it.
 * Every rule below cites where it comes from. Citations:
 *   PAGE   shared/vendor-docs/003_381f642f9830ec85.txt (the Update User page)
 *   NOTE   shared/vendor-docs/nexudus.md (our vendor note)
 *   TOKEN  vardhan341/api-docs@076ff0c233e00c7cd9d54b27130e43d1f0a119c9:token-authentication-oauth.md
 *   LIMITS vardhan341/api-docs@2879b3ffb01086cbdba13dd8122953e0fbe1fec8:request-limits.md
 *   USER   vardhan341/api-docs@ac24757a9eac16268c7c5083f4b00b8b7daa944b:rest-api/Sys/user.md
 *   PUT    vardhan341/api-docs@8e8ba6e38c29de178194291461027d6c4624094e:rest-api/community/communitythread.md
 *   USER2  vardhan341/api-docs@05417745384b950a48e0bdd42941dcfcf0402a4a:rest-api/sys/user.md (Create, Delete, Find filters, List orderby/dir)
 *   SKILLS Nexudus-Ltd/nexudus-coworking-skills@097cf3fdb16f0aaff88d6b2ef73c1de85a694797:skills/nexudus/references/entities/users.md
 * (the api-docs repository is a mirror of Nexudus/api-docs). "Inferred" marks a rule no page shows.
 */
import { randomBytes, randomUUID } from "node:crypto";
import {
  type SimAnswer,
  type SimRequest,
  type SimRoute,
  type Simulator,
  type SimulatorOptions,
  startSimServer,
  toUserMap,
} from "@userbridge/core/simulator";
import type { User } from "./users.js";

type Rec = Record<string, unknown>;

/** The bearer token accepted when `token` is not given. */
export const DEFAULT_TOKEN = "nexudus-simulator-token";
/** The admin login accepted by the token endpoint and by HTTP Basic when `login` is not given. */
export const DEFAULT_LOGIN = { username: "admin@example.com", password: "simulator-password" } as const;

export interface NexudusSimulatorOptions extends SimulatorOptions<User> {
  /** The admin login for `POST /api/token` and HTTP Basic; `totp` makes the two-factor code required. */
  login?: { username: string; password: string; totp?: string };
  /** `expires_in` of issued access tokens, in seconds. Default 604799 (TOKEN's example). */
  tokenLifetimeSeconds?: number;
  /**
   * Refusals the vendor answers with **HTTP 200 and `WasSuccessful: false`** (which ones is
   * undocumented, so the test decides): return a message to refuse the PUT of `next`.
   */
  refuse?: (next: User, previous: User) => string | undefined;
}

/** A running Nexudus simulator: its URL, the live `users` map, the recorded `requests`, and `stop()`. */
export type NexudusSimulator = Simulator<User>;

// The writable fields of the PUT and what "cleared" means for each (PAGE: the field list; PUT: "Any
// missing properties will be cleared or set to false").
const REQUIRED_TEXT = ["FullName", "Email"]; // PAGE: required; USER: "may not be null or empty"
const REQUIRED = [...REQUIRED_TEXT, "Language", "PasswordSalt", "LastHelpVisited", "InvalidLoginAttempts"]; // PAGE
const BOOLEANS = [
  "ClearAvatarFile",
  "Active",
  "IsAdmin",
  "APIAccess",
  "Validated",
  "MustResetPassword",
  "OnNewEmail",
  "OnHelpDeskMsg",
  "OnNewWallPost",
  "OnNewMember",
  "OnProfileChanges",
  "OnNewBlogComment",
  "OnNewEventComment",
  "OnTariffChange",
  "OnBookingChange",
  "OnTentativeBookingChange",
  "OnPurchases",
  "OnVisitorRegistration",
  "OnPlaformInvoices",
  "ReceiveCommunityDigest",
  "ReceiveEveryMessage",
  "OnAccessControlErrors",
  "OnMemberRemovedFromTeam",
  "OnVirtualOfficeTariffChange",
  "OnVirtualOfficeDeliveryPreferenceUpdate",
  "OnIdentityCheckUpdate",
];
const TEXTS = [
  "AccessToken",
  "NewPassword",
  "Password",
  "NewAvatarUrl",
  "LastAccess",
  "Devices",
  "TwoFactorSecret",
  "EmailCallBackGuid",
  "LastReceivedCommunityThreadDate",
  "LastReceivedCommunityMessageDate",
  "NextCommunityDigest",
  "SupportTeamUserEmail",
  "LastLoginAttempt",
  "NextHelpDeskMessageReminder",
];
const NUMBERS = ["PreferredLanguageId", "ApplicationId"];
/** SKILLS: only returned by the single-record get, not by list (search). */
const LISTS = ["Businesses", "UserRoles", "ChatRooms"];
const LIST_FIELDS = LISTS.flatMap((l) => [l, `Added${l}`, `Removed${l}`]);
/** Inferred (NOTE: "do not send back … unless the caller is changing them"): a secret left out is kept. */
const SECRETS = ["Password", "NewPassword", "AccessToken", "TwoFactorSecret"];
const WRITABLE = new Set([...REQUIRED, ...BOOLEANS, ...TEXTS, ...NUMBERS, ...LIST_FIELDS]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const json = (status: number, body: unknown, headers?: Record<string, string>): SimAnswer => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
});
/** USER: 404 "Not found" as a JSON string (One by Id, Delete). */
const notFound = (): SimAnswer => json(404, "Not found");
/** Inferred (NOTE: "404 is undocumented (any body, possibly HTML)"): IIS's page for an unknown route. */
const notFoundPage = (): SimAnswer => ({
  status: 404,
  headers: { "content-type": "text/html; charset=utf-8" },
  text: "<html><head><title>Not Found</title></head><body>Not Found</body></html>",
});
/** NOTE: 401 on a bad token or a missing role; inferred body: ASP.NET Web API's default message. */
const unauthorized = (): SimAnswer => json(401, { Message: "Authorization has been denied for this request." });

interface FieldError {
  AttemptedValue: unknown;
  Message: string;
  PropertyName: string;
}
/** PAGE / USER: the 400 envelope, `Message` = "PropertyName: message", WasSuccessful false. */
const invalid = (errors: FieldError[]): SimAnswer =>
  json(400, {
    Message: errors.map((e) => `${e.PropertyName}: ${e.Message}`).join("\n"),
    Value: null,
    Errors: errors,
    WasSuccessful: false,
  });

/** What the PUT refuses, in the vendor's shape (PAGE: required fields, eLanguage; types inferred). */
function validate(body: Rec): FieldError[] {
  const errors: FieldError[] = [];
  const bad = (PropertyName: string, Message: string) =>
    errors.push({ AttemptedValue: body[PropertyName] ?? null, Message, PropertyName });
  const isInt = (v: unknown) => Number.isInteger(v);
  if (!isInt(body.Id) || (body.Id as number) < 1) bad("Id", "is a required field");
  for (const k of REQUIRED) {
    const v = body[k];
    if (v === undefined || v === null) bad(k, "is a required field");
    else if (REQUIRED_TEXT.includes(k) && (typeof v !== "string" || v === "")) bad(k, "may not be null or empty");
  }
  if (body.Language != null && ![1, 2, 3].includes(body.Language as number)) bad("Language", "is not a valid value");
  if (body.PasswordSalt != null && typeof body.PasswordSalt !== "string") bad("PasswordSalt", "is not a valid value");
  for (const k of ["LastHelpVisited", "InvalidLoginAttempts", ...NUMBERS]) {
    if (body[k] != null && !isInt(body[k])) bad(k, "is not a valid value");
  }
  for (const k of BOOLEANS) if (k in body && typeof body[k] !== "boolean") bad(k, "is not a valid value");
  for (const k of TEXTS) if (body[k] != null && typeof body[k] !== "string") bad(k, "is not a valid value");
  if (typeof body.EmailCallBackGuid === "string" && !GUID.test(body.EmailCallBackGuid)) {
    bad("EmailCallBackGuid", "is not a valid value");
  }
  for (const k of LIST_FIELDS) {
    const v = body[k];
    if (v != null && !(Array.isArray(v) && v.every(isInt))) bad(k, "is not a valid value");
  }
  return errors;
}

/**
 * The record a PUT leaves: every writable field is replaced by the body's value or cleared (false,
 * null, an empty list) when left out (PUT); read-only and unknown fields stay; a secret left out is
 * kept (inferred); Added…/Removed… edit the list sent and read back as null (inferred); UpdatedOn/By stamped.
 */
function replace(old: Rec, body: Rec, stamp: string, by: string): Rec {
  const next: Rec = {};
  for (const [k, v] of Object.entries(old)) if (!WRITABLE.has(k) || (SECRETS.includes(k) && !(k in body))) next[k] = v;
  for (const k of WRITABLE) {
    if (k in body) next[k] = body[k];
    else if (!(k in next)) next[k] = BOOLEANS.includes(k) ? false : LISTS.includes(k) ? [] : null;
  }
  for (const list of LISTS) {
    const added = (body[`Added${list}`] ?? []) as number[];
    const removed = (body[`Removed${list}`] ?? []) as number[];
    if (added.length || removed.length) {
      next[list] = [...((next[list] ?? []) as number[]).filter((x) => !removed.includes(x)), ...added];
    }
    next[`Added${list}`] = null;
    next[`Removed${list}`] = null;
  }
  next.Id = old.Id;
  next.UpdatedOn = stamp;
  next.UpdatedBy = by;
  return next;
}

/** SKILLS: a search result carries no list fields. */
function summary(record: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(record)) if (!LIST_FIELDS.includes(k)) out[k] = v;
  return out;
}

interface Grant {
  /** client_id → its one live refresh token (TOKEN: a new token invalidates the older ones). */
  refresh: Map<string, string>;
  /** access token → when it expires (TOKEN: refreshing does not invalidate existing access tokens). */
  access: Map<string, number>;
}

/** The route handlers: pure functions over the users Map and the grant state. */
export function nexudusRoutes(
  users: Map<string, User>,
  o: {
    login: { username: string; password: string; totp?: string };
    lifetimeS: number;
    refuse?: NexudusSimulatorOptions["refuse"];
  },
  grants: Grant,
): SimRoute[] {
  let last = 0;
  const stamp = () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last).toISOString();
  };
  const issue = (clientId: string): SimAnswer => {
    const access_token = randomBytes(24).toString("base64url");
    const refresh_token = randomBytes(16).toString("hex");
    grants.access.set(access_token, Date.now() + o.lifetimeS * 1000);
    grants.refresh.set(clientId, refresh_token); // TOKEN: older refresh tokens of this client_id die
    return json(200, { access_token, token_type: "bearer", expires_in: o.lifetimeS, refresh_token });
  };
  return [
    {
      // TOKEN: form-encoded password and refresh grants; errors are HTTP 400 invalid_grant.
      operationId: "getToken",
      method: "POST",
      path: "/api/token",
      handle(req) {
        const form = new URLSearchParams(req.rawBody);
        const clientId = req.headers.client_id;
        const grant = form.get("grant_type");
        if (grant === "password") {
          const { username, password, totp } = o.login;
          const ok =
            form.get("username") === username &&
            form.get("password") === password &&
            (totp === undefined || form.get("totp") === totp);
          // TOKEN: "If no client_id header is passed, the client id would be set to your email."
          if (ok) return issue(clientId || username);
          return json(400, { error: "invalid_grant", error_description: "The user name or password is incorrect." });
        }
        if (grant === "refresh_token") {
          // TOKEN: client_id is required: the one the token was issued for, or the login email.
          const live = clientId ? grants.refresh.get(clientId) : undefined;
          if (!clientId || !live || live !== form.get("refresh_token")) return json(400, { error: "invalid_grant" });
          return issue(clientId);
        }
        // Inferred (RFC 6749 section 5.2).
        return json(400, { error: "unsupported_grant_type" });
      },
    },
    {
      // USER "One by Id" + SKILLS: the full record, list fields included.
      operationId: "getUser",
      method: "GET",
      path: "/api/sys/users/:id",
      handle(req) {
        if (!/^\d+$/.test(req.params.id ?? "")) return notFoundPage(); // inferred: no route matches
        const user = users.get(String(Number(req.params.id)));
        return user ? json(200, user) : notFound();
      },
    },
    {
      // USER "Find"/"List": paged Records; SKILLS: without the list fields.
      operationId: "listUsers",
      method: "GET",
      path: "/api/sys/users",
      handle(req) {
        const q = req.url.searchParams;
        const page = Math.max(1, Number.parseInt(q.get("page") ?? "1", 10) || 1);
        const size = Math.min(1000, Math.max(1, Number.parseInt(q.get("size") ?? "25", 10) || 25)); // USER: maximum=1000
        // USER2 Find: ?User_<Field>= filters (inferred: exact match, case-insensitive for text).
        const filters = [...q.entries()]
          .filter(([k]) => k.startsWith("User_"))
          .map(([k, v]) => [k.slice(5), v.toLowerCase()] as const);
        // USER2 List: ?orderby=Id&dir=Ascending (inferred: Descending reverses; unknown fields sort as "").
        const orderBy = q.get("orderby") || "Id";
        const sign = q.get("dir") === "Descending" ? -1 : 1;
        const key = (u: User) => (u as Rec)[orderBy] ?? "";
        const all = [...users.values()]
          .filter((u) => filters.every(([f, v]) => String((u as Rec)[f] ?? "").toLowerCase() === v))
          .sort((a, b) => {
            const [x, y] = [key(a), key(b)];
            return sign * (x < y ? -1 : x > y ? 1 : 0) || a.Id - b.Id;
          });
        const records = all.slice((page - 1) * size, page * size).map((u) => summary(u as Rec));
        const pages = Math.max(1, Math.ceil(all.length / size));
        return json(200, {
          Records: records,
          CurrentPageSize: size,
          CurrentPage: page,
          CurrentOrderField: orderBy,
          CurrentSortDirection: sign === 1 ? 1 : 2,
          FirstItem: records.length ? (page - 1) * size + 1 : 0,
          HasNextPage: page < pages,
          HasPreviousPage: page > 1,
          LastItem: (page - 1) * size + records.length,
          PageNumber: page,
          PageSize: size,
          TotalItems: all.length,
          TotalPages: pages,
        });
      },
    },
    {
      // PAGE: PUT, Id in the body, the whole record; PUT: omitted fields cleared or set to false.
      operationId: "updateUser",
      method: "PUT",
      path: "/api/sys/users",
      handle(req) {
        const body = req.body as Rec | undefined;
        if (req.jsonError || !body || typeof body !== "object" || Array.isArray(body)) {
          // Inferred: ASP.NET's answer to an unreadable body, in the vendor's envelope.
          return invalid([{ AttemptedValue: null, Message: "The request is invalid.", PropertyName: "" }]);
        }
        const errors = validate(body);
        if (errors.length) return invalid(errors);
        const old = users.get(String(body.Id));
        if (!old) return notFound(); // inferred: as USER's GET/DELETE of an unknown id
        const next = replace(old as Rec, body, stamp(), o.login.username) as User;
        // Inferred (USER Commands: "return a status 200 when they fail … Use the 'WasSuccessful' property").
        const refusal = o.refuse?.(next, old);
        if (refusal) {
          return json(200, {
            Status: 500,
            Message: refusal,
            Value: null,
            Errors: [{ AttemptedValue: null, Message: refusal, PropertyName: "" }],
            WasSuccessful: false,
          });
        }
        users.set(String(body.Id), next);
        // PAGE + USER: the 200 envelope.
        return json(200, {
          Status: 200,
          Message: "User was successfully updated.",
          Value: { Id: next.Id },
          OpenInDialog: false,
          OpenInWindow: false,
          RedirectURL: null,
          JavaScript: null,
          UpdatedOn: next.UpdatedOn,
          UpdatedBy: next.UpdatedBy,
          Errors: null,
          WasSuccessful: true,
        });
      },
    },
    {
      // USER2 Create: FullName and Email required ("may not be null or empty"), 200 {Value: {Id}}.
      operationId: "createUser",
      method: "POST",
      path: "/api/sys/users",
      handle(req) {
        const body = req.body as Rec | undefined;
        if (req.jsonError || !body || typeof body !== "object" || Array.isArray(body)) {
          return invalid([{ AttemptedValue: null, Message: "The request is invalid.", PropertyName: "" }]);
        }
        // The same model as the PUT's (the record's required fields come from the defaults below).
        const id = Math.max(0, ...[...users.keys()].map(Number)) + 1;
        const draft: Rec = {
          Language: 0, // inferred: .NET's default of an enum left out (stored records hold 0, see the spec)
          PasswordSalt: randomBytes(4).toString("hex"),
          LastHelpVisited: 0,
          InvalidLoginAttempts: 0,
          ...body,
          Id: id,
        };
        const errors = validate(draft).filter((e) => !(e.PropertyName === "Language" && draft.Language === 0));
        if (errors.length) return invalid(errors);
        // Inferred: the email is the login (TOKEN: username = the email), so no two users share one.
        const email = String(draft.Email).toLowerCase();
        if ([...users.values()].some((u) => String(u.Email).toLowerCase() === email)) {
          return invalid([{ AttemptedValue: draft.Email, Message: "is already in use", PropertyName: "Email" }]);
        }
        const stamp_ = stamp();
        const next = replace(
          { UniqueId: randomUUID(), CreatedOn: stamp_, IsNew: false },
          draft,
          stamp_,
          o.login.username,
        );
        next.Id = id;
        users.set(String(id), next as User);
        return json(200, {
          Status: 200,
          WasSuccessful: true,
          Message: `Record '${String(draft.FullName)}' has been succesfully created.`,
          Value: { Id: id },
        });
      },
    },
    {
      // USER2 Delete: 200 envelope with Value null; 404 "Not found" for an unknown id.
      operationId: "deleteUser",
      method: "DELETE",
      path: "/api/sys/users/:id",
      handle(req) {
        if (!/^\d+$/.test(req.params.id ?? "")) return notFoundPage();
        const key = String(Number(req.params.id));
        if (!users.delete(key)) return notFound();
        return json(200, {
          Status: 200,
          WasSuccessful: true,
          Message: "The record was deleted successfully.",
          Value: null,
          OpenInDialog: false,
          RedirectURL: null,
          JavaScript: null,
          Errors: null,
        });
      },
    },
  ];
}

/**
 * Starts a Nexudus simulator on a free loopback port. Accepts `Authorization: Bearer <token>`
 * (`options.token`, default DEFAULT_TOKEN, or a token from `POST /api/token`) and HTTP Basic with
 * `options.login` (USER: every endpoint takes Basic). Throttles with HTTP 409 + Retry-After and an
 * empty body (LIMITS) beyond 1 request per 100 ms, 120 requests per minute or 60 writes per minute
 * (the numbers are NOTE's, unverified; `rateLimit` overrides the 100 ms window); `rateLimit: false`
 * turns them all off.
 */
export function startSimulator(options: NexudusSimulatorOptions = {}): Promise<NexudusSimulator> {
  // Each record as given, keyed by String(Id) as given.
  const users = toUserMap(options.users);
  const login: { username: string; password: string; totp?: string } = options.login ?? DEFAULT_LOGIN;
  const token = options.token ?? DEFAULT_TOKEN;
  const grants: Grant = { refresh: new Map(), access: new Map() };
  const basic = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString("base64")}`;
  const routes = nexudusRoutes(
    users,
    {
      login,
      lifetimeS: options.tokenLifetimeSeconds ?? 604_799,
      ...(options.refuse ? { refuse: options.refuse } : {}),
    },
    grants,
  );
  return startSimServer<User>(
    {
      vendor: "nexudus",
      routes,
      authenticate(req: SimRequest) {
        if (req.url.pathname === "/api/token") return undefined; // TOKEN: needs no prior auth
        const auth = req.headers.authorization ?? "";
        if (auth === basic) return undefined;
        const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
        if (bearer === token) return undefined;
        const expires = bearer ? grants.access.get(bearer) : undefined;
        return expires !== undefined && expires > Date.now() ? undefined : unauthorized();
      },
      rateLimit: {
        limit: 1,
        windowMs: 100,
        // NOTE: "Limits: writes 60/min; all requests 1 per 100 ms, 120/min" (the token endpoint is no write).
        also: [
          { limit: 120, windowMs: 60_000 },
          {
            limit: 60,
            windowMs: 60_000,
            appliesTo: (req) => req.method !== "GET" && req.url.pathname !== "/api/token",
          },
        ],
        // LIMITS: "HTTP/1.1 409 You must wait before accessing this url again", Retry-After, Content-Length: 0.
        answer: (retryAfterSeconds) => ({
          status: 409,
          headers: { "retry-after": String(Math.max(1, retryAfterSeconds)), "content-length": "0" },
        }),
      },
      // A route not modelled falls through to the kit's 501 "not simulated": Nexudus serves many
      // routes this simulator does not model, so IIS's 404 page would be a guess there.
      secrets: [token, login.password, basic.slice(6), ...(login.totp ? [login.totp] : [])],
    },
    options,
    users,
  );
}

/** The same token as {@link DEFAULT_TOKEN}, under the name every vendor simulator exports. */
export const SIMULATOR_TOKEN = DEFAULT_TOKEN;

/**
 * One realistic admin user as `GET /api/sys/users/{id}` returns it (every writable field present,
 * with Businesses and UserRoles), for demos and `pnpm simulate`. No password or token is stored.
 */
export function sampleUser(): User {
  const record: Rec = {
    Id: 87654321,
    UniqueId: "5b1f0c9e-3a2d-4e8f-9b7c-6d5e4f3a2b1c",
    CreatedOn: "2024-09-02T08:15:00Z",
    UpdatedOn: "2025-01-15T10:30:00Z",
    UpdatedBy: "admin@example.com",
    FullName: "Ada Lovelace",
    Email: "ada@example.com",
    Language: 1,
    PasswordSalt: "6f1c2a9e",
    LastHelpVisited: 0,
    InvalidLoginAttempts: 0,
    Active: true,
    IsAdmin: true,
    APIAccess: true,
    Validated: true,
    OnNewEmail: true,
    OnBookingChange: true,
    LastAccess: "2025-01-15T09:58:12Z",
    Businesses: [1001, 1002],
    UserRoles: [7],
    ChatRooms: [],
  };
  for (const k of WRITABLE) {
    if (!(k in record)) record[k] = BOOLEANS.includes(k) ? false : LISTS.includes(k) ? [] : null;
  }
  return record as User;
}
