/**
 * A stateful fake of ONLYOFFICE's people API on test/support/server.ts, applying the vendor's
 * documented semantics (shared/vendor-docs/onlyoffice.md, Community Server's UpdateMember and
 * ChangeUserEmail) so that lossless tests can see what a real portal would store:
 * - PUT: a non-Active user → 500 "The user is suspended"; firstname/lastname/title/location
 *   omitted or null keep the current value, and are ignored for LDAP/SSO users; comment/sex apply
 *   to everyone; birthday/worksfrom omitted keep, `1900-01-01` clears; `disable` omitted or null
 *   keeps; **isVisitor omitted = false; lead omitted = null** (the caller is an admin); **contacts
 *   omitted = all deleted**; department sent replaces; files sent sets the avatar; email is ignored.
 * - PUT /people/status/Active {userIds}: reactivates Terminated users, silently skips LDAP users.
 * - PUT .../email: 500 for an address in use (the user's own included), 403 for terminated, LDAP
 *   and SSO users.
 * - no or bad token: 401, plain text `Unauthorized`.
 * Answers are in the envelope, camelCase, with the fields the vendor omits when empty left out.
 */
import type { ServerResponse } from "node:http";
import { type Received, startServer, type TestServer } from "../../../test/support/server.js";

export interface StoredUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  notes: string;
  title: string;
  location: string;
  sex: "male" | "female" | null;
  birthday: string | null;
  workFrom: string | null;
  contacts: { type: string; value: string }[];
  groups: string[];
  status: 1 | 2 | 4;
  isVisitor: boolean;
  lead: string | null;
  isLDAP: boolean;
  isSSO: boolean;
  avatar: string;
}

const RESET = "1900-01-01";

export function render(u: StoredUser) {
  return {
    id: u.id,
    displayName: `${u.firstName} ${u.lastName}`,
    firstName: u.firstName,
    lastName: u.lastName,
    userName: u.email.split("@")[0],
    email: u.email,
    ...(u.contacts.length ? { contacts: u.contacts } : {}),
    ...(u.birthday ? { birthday: `${u.birthday}T00:00:00.0000000+00:00` } : {}),
    ...(u.sex ? { sex: u.sex } : {}),
    status: u.status,
    activationStatus: 1,
    terminated: u.status === 2 ? "2024-01-01T00:00:00.0000000+00:00" : null,
    department: u.groups.map((g) => `Group ${g.slice(0, 4)}`).join(", "),
    ...(u.workFrom ? { workFrom: `${u.workFrom}T00:00:00.0000000+00:00` } : {}),
    groups: u.groups.map((id) => ({ id, name: `Group ${id.slice(0, 4)}`, manager: null })),
    ...(u.location ? { location: u.location } : {}),
    ...(u.notes ? { notes: u.notes } : {}),
    title: u.title,
    ...(u.lead ? { lead: u.lead } : {}),
    avatar: u.avatar,
    isAdmin: false,
    isOwner: false,
    isVisitor: u.isVisitor,
    isLDAP: u.isLDAP,
    isSSO: u.isSSO,
  };
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};
const ok = (res: ServerResponse, u: StoredUser) =>
  send(res, 200, { count: 1, startIndex: 0, status: 0, statusCode: 200, response: render(u) });
const fail = (res: ServerResponse, statusCode: number, message: string) =>
  send(res, statusCode, { status: 1, statusCode, error: { message, type: "System.Exception" } });

type Body = Record<string, unknown>;
const date = (sent: unknown, current: string | null) =>
  typeof sent === "string" ? (sent.slice(0, 10) === RESET ? null : sent.slice(0, 10)) : current;

/** UpdateMember, field by field. */
export function applyPut(u: StoredUser, b: Body): StoredUser {
  const next = structuredClone(u);
  if (!u.isLDAP && !u.isSSO) {
    next.firstName = (b.firstname as string | null) ?? u.firstName;
    next.lastName = (b.lastname as string | null) ?? u.lastName;
    next.location = (b.location as string | null) ?? u.location;
    next.title = (b.title as string | null) ?? u.title;
  }
  next.notes = (b.comment as string | null) ?? u.notes;
  next.sex = b.sex === "male" || b.sex === "female" ? b.sex : u.sex;
  next.birthday = date(b.birthday, u.birthday);
  next.workFrom = date(b.worksfrom, u.workFrom);
  next.lead = (b.lead as string | null | undefined) ?? null; // Guid? lead: omitted = null
  // UpdateContacts clears the list first, whatever was sent (contacts omitted = all deleted).
  next.contacts = Array.isArray(b.contacts)
    ? (b.contacts as { Type: string; Value: string }[]).map((c) => ({ type: c.Type, value: c.Value }))
    : [];
  if (Array.isArray(b.department)) next.groups = [...(b.department as string[])];
  if (typeof b.files === "string") next.avatar = b.files;
  if (typeof b.disable === "boolean") next.status = b.disable ? 2 : 1;
  next.isVisitor = b.isVisitor === true; // bool isVisitor: omitted = false
  return next;
}

export interface Fake extends TestServer {
  users: Map<string, StoredUser>;
  /** The requests that wrote (PUT), in order. */
  writes(): Received[];
}

export async function startFake(initial: StoredUser[] = []): Promise<Fake> {
  const users = new Map(initial.map((u) => [u.id, structuredClone(u)]));
  const server = await startServer((req, res) => {
    const url = new URL(req.url, "http://fake");
    const m = /^\/api\/2\.0\/people\/([^/]+)(\/email)?$/.exec(url.pathname);
    if (req.headers.authorization !== "fake-token") {
      res.writeHead(401, { "content-type": "text/html; charset=utf-8" });
      res.end("Unauthorized");
      return;
    }
    if (req.method === "PUT" && url.pathname === "/api/2.0/people/status/Active") {
      const ids = (JSON.parse(req.body) as { userIds: string[] }).userIds;
      const touched = ids.flatMap((id) => {
        const u = users.get(id);
        if (!u || u.isLDAP) return [];
        if (u.status === 2) users.set(id, { ...u, status: 1 });
        return [render(users.get(id) as StoredUser)];
      });
      return send(res, 200, { count: touched.length, status: 0, statusCode: 200, response: touched });
    }
    const id = m ? decodeURIComponent(m[1] as string) : "";
    const user = users.get(id);
    if (!m) return fail(res, 404, "Not found");
    if (!user) return fail(res, 404, "User not found");
    if (req.method === "GET" && !m[2]) return ok(res, user);
    if (req.method !== "PUT") return fail(res, 405, "Method not allowed");
    let body: Body;
    try {
      body = JSON.parse(req.body) as Body;
    } catch {
      return fail(res, 400, "Invalid JSON");
    }
    if (!m[2]) {
      if (user.status !== 1) return fail(res, 500, "The user is suspended");
      const next = applyPut(user, body);
      users.set(id, next);
      return ok(res, next);
    }
    const email = String(body.email ?? "").toLowerCase();
    if ([...users.values()].some((u) => u.email.toLowerCase() === email)) {
      return fail(res, 500, "User with this email is already registered");
    }
    if (user.status === 2 || user.isLDAP || user.isSSO) return fail(res, 403, "Access denied");
    const next = { ...user, email };
    users.set(id, next);
    return ok(res, next);
  });
  return {
    ...server,
    users,
    writes: () => server.received.filter((r) => r.method !== "GET"),
  };
}
