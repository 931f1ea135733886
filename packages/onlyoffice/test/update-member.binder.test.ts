/**
 * Issue 19: UpdateMember's parameters as ONLYOFFICE binds them (ApiArgumentBuilder.cs:42-221,
 * Binder.cs:85-272) and applies them (EmployeeApi.cs:724-838, cited E:), sent raw to the simulator:
 * every parameter × {omitted, null, "", wrong type} × {People admin, the user themself with and
 * without the edit-groups right}. The body sends the four traps back as read, so each case shows
 * the effect of its own parameter only. Then the client on the same cases, and the audit items.
 */
import { PermissionDeniedError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { updateUser } from "../src/index.js";
import type { SimUser } from "../src/simulator.js";
import { ADA, clientOf, ENGINEERING, GRACE, LEAD, person, RESEARCH, simPerTest } from "./sim.js";

const start = simPerTest();
const TOKEN = "oo-sim-token-7c503dfb";
const P = `/api/2.0/people/${ADA}`;
const CONTACTS = [
  { Type: "phone", Value: "+44 20 7946 0000" },
  { Type: "skype", Value: "ada.l" },
];
/** Ada in two departments, manager of Engineering (GroupWrapperSummary.cs:33: the manager's user name). */
const ada = (extra: Partial<SimUser> = {}) =>
  person({
    groups: [{ ...ENGINEERING, manager: "ada" }, RESEARCH],
    department: "Engineering, Research",
    ...extra,
  });
/** The four traps sent back as read. */
const BASE = { isVisitor: false, lead: LEAD, department: [ENGINEERING.id, RESEARCH.id], contacts: CONTACTS };

const callers = {
  admin: {},
  self: { caller: ADA, callerIsAdmin: false, canEditGroups: true },
  selfNoGroups: { caller: ADA, callerIsAdmin: false, canEditGroups: false },
} as const;
type Caller = keyof typeof callers;
type Variant = "omitted" | "null" | "empty" | "wrong";
/** What a case does: an error status and message, or the fields set and removed (else nothing changes). */
type Outcome = { status: number; message: string } | { set?: Partial<SimUser>; unset?: (keyof SimUser)[] };
const KEEP: Outcome = {};
const mismatch = (value: string, type: string): Outcome => ({
  status: 400,
  message: `Failed to convert parameter '${value}' to type '${type}'`,
});

interface Row {
  /** Why, with the lines. */
  cites: string;
  wrong: unknown;
  user?: Partial<SimUser>;
  base?: Record<string, unknown>;
  outcome(variant: Variant, caller: Caller): Outcome;
}

const table: Record<string, Row> = {
  isVisitor: {
    cites:
      "bool: omitted/null/'' bind false (ApiArgumentBuilder.cs:64-72, :130); false promotes a guest unless it is the caller (E:814-826)",
    wrong: "yes",
    user: { isVisitor: true },
    base: { isVisitor: true },
    outcome: (v, c) =>
      v === "wrong" ? mismatch("yes", "System.Boolean") : c === "admin" ? { set: { isVisitor: false } } : KEEP,
  },
  firstname: {
    cites:
      "string: omitted null keeps, '' (a JSON null) is stored: `x ?? FirstName` (E:750); the name rule is unset (UserFormatter.cs:137-142)",
    wrong: 42,
    outcome: (v) =>
      v === "omitted"
        ? KEEP
        : v === "wrong"
          ? { set: { firstName: "42", displayName: "42 Lovelace" } }
          : { set: { firstName: "", displayName: " Lovelace" } },
  },
  lastname: {
    cites: "as firstname (E:751); the display name follows (EmployeeWraper.cs:44)",
    wrong: 42,
    outcome: (v) =>
      v === "omitted"
        ? KEEP
        : v === "wrong"
          ? { set: { lastName: "42", displayName: "Ada 42" } }
          : { set: { lastName: "", displayName: "Ada " } },
  },
  comment: {
    cites: "`comment ?? Notes` (E:763); the read omits empty notes (EmployeeWraperFull.cs:220-223)",
    wrong: 42,
    outcome: (v) => (v === "omitted" ? KEEP : v === "wrong" ? { set: { notes: "42" } } : { unset: ["notes"] }),
  },
  title: {
    cites:
      "`title ?? Title` for a People admin only (E:754-757); the read omits an empty title (EmployeeWraper.cs:45-48)",
    wrong: 42,
    outcome: (v, c) =>
      c !== "admin" || v === "omitted" ? KEEP : v === "wrong" ? { set: { title: "42" } } : { unset: ["title"] },
  },
  location: {
    cites: "`location ?? Location` (E:752); the read omits an empty location (EmployeeWraperFull.cs:215-218)",
    wrong: 42,
    outcome: (v) => (v === "omitted" ? KEEP : v === "wrong" ? { set: { location: "42" } } : { unset: ["location"] }),
  },
  sex: {
    cites: "only male/female (any case) apply; anything else keeps (E:764-766)",
    wrong: 42,
    outcome: () => KEEP,
  },
  birthday: {
    cites:
      "ApiDateTime: omitted/null/'' bind null and keep (Binder.cs:131-169, E:768); '42' is no format (ApiDateTime.cs:84) → 400",
    wrong: 42,
    outcome: (v) => (v === "wrong" ? mismatch("42", "ASC.Specific.ApiDateTime") : KEEP),
  },
  worksfrom: {
    cites: "as birthday (E:775)",
    wrong: 42,
    outcome: (v) => (v === "wrong" ? mismatch("42", "ASC.Specific.ApiDateTime") : KEEP),
  },
  contacts: {
    cites:
      "IEnumerable<Contact>: every variant binds an empty list (Binder.cs:96-127, :214-272); UpdateContacts clears first (E:639-643)",
    wrong: "x",
    outcome: () => ({ unset: ["contacts"] }),
  },
  department: {
    cites:
      "Guid[]: omitted binds [] (ApiArgumentBuilder.cs:114-127): every group left, manager role cleared (E:608-637); null/'' bind '' → 400 before the method, the edit-groups right (E:610) included",
    wrong: ["x"],
    outcome: (v, c) =>
      v === "wrong"
        ? mismatch("x", "System.Guid")
        : v !== "omitted"
          ? mismatch("", "System.Guid")
          : c === "selfNoGroups"
            ? KEEP
            : { set: { department: "" }, unset: ["groups"] },
  },
  files: {
    cites:
      "null/'' keep the avatar (E:668-673, :790-793); another value is fetched as a URL (the fetch is not simulated: stored)",
    wrong: 42,
    outcome: (v) => (v === "wrong" ? { set: { avatar: "42" } } : KEEP),
  },
  disable: {
    cites: "bool?: omitted/null/'' bind null and keep (E:794-798); 'maybe' → 400",
    wrong: "maybe",
    outcome: (v) => (v === "wrong" ? mismatch("maybe", "System.Nullable`1[System.Boolean]") : KEEP),
  },
  lead: {
    cites: "Guid?: omitted/null/'' bind null, stored for a People admin (E:782-785); 'x' → 400",
    wrong: "x",
    outcome: (v, c) =>
      v === "wrong" ? mismatch("x", "System.Nullable`1[System.Guid]") : c === "admin" ? { unset: ["lead"] } : KEEP,
  },
};

const sent = (row: Row, v: Variant) => (v === "null" ? null : v === "empty" ? "" : row.wrong);
const put = (url: string, path: string, body: unknown, raw?: string) =>
  fetch(`${url}${path}`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: TOKEN },
    body: raw ?? JSON.stringify(body),
  });

describe("UpdateMember: each parameter × omitted/null/''/wrong type × caller (raw requests)", () => {
  const cases = Object.entries(table).flatMap(([param, row]) =>
    (["omitted", "null", "empty", "wrong"] as const).flatMap((variant) =>
      (Object.keys(callers) as Caller[]).map((caller) => ({ param, row, variant, caller })),
    ),
  );
  it.each(cases)("$param $variant by $caller", async ({ param, row, variant, caller }) => {
    const before = ada(row.user);
    const sim = await start({ users: [[ADA, before]], ...callers[caller] });
    const body: Record<string, unknown> = { ...BASE, ...row.base };
    if (variant === "omitted") delete body[param];
    else body[param] = sent(row, variant);
    const res = await put(sim.url, P, body);
    const answer = (await res.json()) as { error?: { message: string }; response?: SimUser };
    const want = row.outcome(variant, caller);
    if ("status" in want) {
      expect({ status: res.status, message: answer.error?.message }, row.cites).toEqual(want);
      expect(sim.users.get(ADA)).toEqual(before);
      return;
    }
    const after: Record<string, unknown> = { ...before, ...want.set };
    for (const key of want.unset ?? []) delete after[key];
    expect(res.status, row.cites).toBe(200);
    expect(sim.users.get(ADA), row.cites).toEqual(after);
    expect(answer.response).toEqual(after);
  });
});

describe("the client on the same parameters: what it sends for null, what it refuses", () => {
  it("null clears what ONLYOFFICE can clear: title, location, comment ('' on the wire), dates (1900-01-01), lead, department and contacts ([])", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    const client = clientOf(sim);
    const changes = {
      title: null,
      location: null,
      comment: null,
      birthday: null,
      worksfrom: null,
      lead: null,
      department: null,
      contacts: null,
    };
    const user = await updateUser(client, ADA, changes);
    const put = sim.requests.find((r) => r.method === "PUT");
    expect(put?.body).toEqual({
      isVisitor: false,
      title: "",
      location: "",
      comment: "",
      birthday: "1900-01-01",
      worksfrom: "1900-01-01",
      lead: null,
      department: [],
      contacts: [],
    });
    for (const key of ["title", "location", "notes", "birthday", "workFrom", "lead", "groups", "contacts"]) {
      expect(user, key).not.toHaveProperty(key);
    }
    expect(user.department).toBe("");
  });

  it("null where ONLYOFFICE cannot clear (names, sex, files, isVisitor) or a wrong type: InvalidInputError, nothing sent", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    const client = clientOf(sim);
    for (const changes of [
      { firstname: null },
      { lastname: null },
      { sex: null },
      { files: null },
      { isVisitor: null },
      { isVisitor: "yes" },
      { department: ["x"] },
      { lead: "x" },
      { title: 42 },
      { birthday: 42 },
      { contacts: [null] },
      { contacts: [{ Type: "mail" }] },
    ]) {
      const error = await updateUser(client, ADA, changes as never).catch((e) => e);
      expect(error.name, JSON.stringify(changes)).toBe("InvalidInputError");
    }
    expect(sim.requests).toEqual([]);
    // A date form ONLYOFFICE cannot read is its 400 (ApiDateTime.cs:80-109): a ValidationError, nothing stored.
    // `.120` is re-written `.12` by Json.NET first, which no format reads; `.123` is read.
    for (const birthday of ["1990-12-10T00:00:00.120Z", "yesterday"]) {
      const error = await updateUser(client, ADA, { birthday }).catch((e) => e);
      expect(error.name, birthday).toBe("ValidationError");
      expect(error.issues[0].message).toBe(
        `Failed to convert parameter '${birthday.replace(".120", ".12")}' to type 'ASC.Specific.ApiDateTime'`,
      );
    }
    expect(sim.users.get(ADA)).toEqual(ada());
    await updateUser(client, ADA, { birthday: "1990-12-10T00:00:00.123Z" });
    expect(sim.users.get(ADA)?.birthday).toBe("1990-12-10T00:00:00.0000000Z");
  });

  it("a one-item contact list binds (through the bare prefix the route value makes the binder try, Binder.cs:214-272)", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    const one = [{ Type: "mail", Value: "ada@example.org" }];
    await put(sim.url, P, { ...BASE, contacts: one });
    expect(sim.users.get(ADA)?.contacts).toEqual([{ type: "mail", value: "ada@example.org" }]);
    await updateUser(clientOf(sim), ADA, { contacts: [{ Type: "phone", Value: "1" }] });
    expect(sim.users.get(ADA)?.contacts).toEqual([{ type: "phone", value: "1" }]);
  });
});

describe("departments and their manager roles (E:608-637)", () => {
  it("an admin's title change leaves both memberships and the manager role, and sends department back", async () => {
    const before = ada();
    const sim = await start({ users: [[ADA, before]] });
    await updateUser(clientOf(sim), ADA, { title: "CTO" });
    expect(sim.users.get(ADA)).toEqual({ ...before, title: "CTO" });
    expect(sim.requests.find((r) => r.method === "PUT")?.body).toMatchObject({
      department: [ENGINEERING.id, RESEARCH.id],
    });
  });

  it("raw, the same PUT without department empties every group and clears the manager role (the issue)", async () => {
    const grace = person({
      id: GRACE,
      userName: "grace",
      email: "g@example.com",
      groups: [{ ...ENGINEERING, manager: "ada" }],
    });
    const sim = await start({
      users: [
        [ADA, ada()],
        [GRACE, grace],
      ],
    });
    await put(sim.url, P, { title: "CTO", isVisitor: false, lead: LEAD, contacts: CONTACTS });
    expect(sim.users.get(ADA)).not.toHaveProperty("groups");
    expect(sim.users.get(ADA)?.department).toBe("");
    // Grace's read of Engineering has no manager any more.
    expect(sim.users.get(GRACE)?.groups).toEqual([{ ...ENGINEERING, manager: null }]);
  });

  it("a department list keeps the role where it was held and drops it where the user leaves", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    await updateUser(clientOf(sim), ADA, { department: [RESEARCH.id, ENGINEERING.id] });
    expect(sim.users.get(ADA)?.groups).toEqual([RESEARCH, { ...ENGINEERING, manager: "ada" }]);
    await updateUser(clientOf(sim), ADA, { department: [RESEARCH.id] });
    await updateUser(clientOf(sim), ADA, { department: [RESEARCH.id, ENGINEERING.id] });
    expect(sim.users.get(ADA)?.groups).toEqual([RESEARCH, ENGINEERING]); // the role is not restored later
  });

  it("department names are HTML-encoded in `department` (EmployeeWraperFull.cs:256)", async () => {
    const rd = { id: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", name: "R&D <1>", manager: null };
    const sim = await start({ users: [[ADA, ada()]], groups: [rd] });
    const user = await updateUser(clientOf(sim), ADA, { department: [rd.id] });
    expect(user.department).toBe("R&amp;D &lt;1&gt;");
    expect(user.groups).toEqual([rd]);
  });
});

describe("the audit items (issue 19)", () => {
  it("a missing permission is AuthorizingException: HTTP 500, not 403 (ApiHttpHandler.cs:115-126); the client says PermissionDeniedError", async () => {
    const sim = await start({
      users: [
        [ADA, ada()],
        [GRACE, person({ id: GRACE, userName: "grace" })],
      ],
      caller: GRACE,
      callerIsAdmin: false,
    });
    for (const [path, body] of [
      [P, { title: "x" }],
      [`${P}/email`, { email: "z@example.com" }],
      ["/api/2.0/people/status/Terminated", { userIds: [ADA] }],
    ] as const) {
      const res = await put(sim.url, path, body);
      const answer = (await res.json()) as { error: { hresult: number; message: string } };
      expect([res.status, answer.error.hresult], path).toEqual([500, -2146233077]);
      expect(answer.error.message).toContain("access denied");
    }
    const error = await updateUser(clientOf(sim), ADA, { title: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(sim.users.get(ADA)).toEqual(ada());
  });

  it("disabling the portal owner is 403 'Can not disable tenant owner.' (UserManager.cs:241-244), after the departments changed", async () => {
    const sim = await start({ users: [[ADA, ada({ isOwner: true })]] });
    const res = await put(sim.url, P, { ...BASE, department: [RESEARCH.id], disable: true });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Can not disable tenant owner.");
    expect(sim.users.get(ADA)).toMatchObject({ status: 1, groups: [RESEARCH], department: "Research" });
  });

  it("the bare token, `Bearer <token>` and Basic are accepted; a 401 after an Authorization header says WWW-Authenticate: Basic Realm", async () => {
    const sim = await start({ users: [[ADA, ada()]], passwords: { "ada@example.com": "pw-1" } });
    const get = (authorization?: string) =>
      fetch(`${sim.url}${P}`, { headers: authorization ? { authorization } : {} });
    const basic = `Basic ${Buffer.from("ada@example.com:pw-1").toString("base64")}`;
    const ok = [TOKEN, `Bearer ${TOKEN}`, basic, `Bearer ${TOKEN}, other`];
    expect(await Promise.all(ok.map(async (a) => (await get(a)).status))).toEqual([200, 200, 200, 200]);
    const bad = await get("Bearer nope");
    expect([bad.status, bad.headers.get("www-authenticate"), await bad.text()]).toEqual([
      401,
      'Basic Realm="127.0.0.1"',
      "Unauthorized",
    ]);
    const none = await get();
    expect([none.status, none.headers.get("www-authenticate")]).toEqual([401, null]);
    expect((await get(`Basic ${Buffer.from("ada@example.com:wrong").toString("base64")}`)).status).toBe(401);
  });

  it("status/All (and Default, numbers) binds and changes nobody; an unknown status is 400 (EnumConverter, E:1393-1412)", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    for (const status of ["All", "Default", "LeaveOfAbsence"]) {
      const res = await put(sim.url, `/api/2.0/people/status/${status}`, { userIds: [ADA] });
      expect(res.status, status).toBe(200);
    }
    expect(sim.users.get(ADA)).toEqual(ada());
    expect((await put(sim.url, "/api/2.0/people/status/2", { userIds: [ADA.replace(/-/g, "")] })).status).toBe(200);
    expect(sim.users.get(ADA)?.status).toBe(2);
    expect((await put(sim.url, "/api/2.0/people/status/Asleep", { userIds: [ADA] })).status).toBe(400);
  });

  it("a GUID without dashes (or in braces) is accepted in the path (E:175, E:727)", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    const bare = ADA.replace(/-/g, "").toUpperCase();
    expect((await fetch(`${sim.url}/api/2.0/people/${bare}`, { headers: { authorization: TOKEN } })).status).toBe(200);
    expect((await put(sim.url, `/api/2.0/people/{${ADA}}`, { ...BASE, title: "CTO" })).status).toBe(200);
    expect(sim.users.get(ADA)?.title).toBe("CTO");
    // Not a GUID: FormatException in `new Guid(userid)` → 500 (E:727).
    expect((await put(sim.url, "/api/2.0/people/ada", { title: "x" })).status).toBe(500);
  });

  it("malformed JSON is 400 'Unable to deserialize json' (ApiArgumentBuilder.cs:190-197); nothing stored", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    const res = await put(sim.url, P, undefined, '{"title": "x"');
    expect([res.status, ((await res.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      "Unable to deserialize json",
    ]);
    expect(sim.users.get(ADA)).toEqual(ada());
  });

  it("a route the simulator does not model: 501 naming it, never a vendor answer", async () => {
    const sim = await start({ users: [[ADA, ada()]] });
    const res = await fetch(`${sim.url}/api/2.0/people/${ADA}/contacts`, {
      method: "PUT",
      headers: { authorization: TOKEN },
    });
    expect(res.status).toBe(501);
    expect(await res.json()).toMatchObject({ method: "PUT", path: `/api/2.0/people/${ADA}/contacts` });
  });
});
