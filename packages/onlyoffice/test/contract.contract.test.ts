/**
 * Against Prism on specs/onlyoffice.yaml (request validation on): every request the client sends
 * must satisfy the spec (afterEach), for the success paths and for every documented error.
 */
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  ValidationError,
} from "@userbridge/core";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import {
  ActiveUserError,
  createClient,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  ManagedUserError,
  type UserUpdate,
  updateUser,
} from "../src/index.js";

const ID = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
const LEAD = "0b1e3f7c-52c4-4d6e-9a0b-2f8c6d4e1a37"; // the lead of the spec's example user
const TOKEN = "oo-secret-token-42";
const CONTACTS = [{ Type: "phone", Value: "+44 20 7946 0000" }]; // the example user's, as the PUT takes them

/** `Prefer` for the n-th request only (0-based), so one step of a multi-request update fails. */
let prefer: { at: number; value: string } | undefined;
let sent = 0;
const rec = recordingFetch(() => (prefer && sent++ === prefer.at ? prefer.value : undefined));
// `verify: false`: Prism answers the spec's example, not what was stored, so no write would verify.
const client = () =>
  createClient({ baseUrl: prismUrl("onlyoffice"), token: TOKEN, fetch: rec.fetch, maxRetries: 0, verify: false });
const preferAt = (at: number, value: string) => {
  prefer = { at, value };
  sent = 0;
};
const sentBodies = () =>
  rec.log.map((r) => [r.method, new URL(r.url).pathname, r.requestBody && JSON.parse(r.requestBody)]);

afterEach(() => {
  // Every request the client sent must satisfy the spec, whatever Prism answered.
  expect(rec.violations()).toEqual([]);
  prefer = undefined;
  rec.log.length = 0;
});

describe("onlyoffice against Prism", () => {
  it("reads a user and returns the unwrapped employee", async () => {
    const user = await getUser(client(), ID);
    expect(user).toMatchObject({ id: ID, firstName: "Ada", isVisitor: false, isLDAP: false, lead: LEAD });
    const [get] = rec.log;
    expect(get?.requestHeaders.get("authorization")).toBe(TOKEN);
    expect(get?.requestHeaders.get("accept")).toBe("application/json");
    expect(get?.requestHeaders.get("user-agent")).toMatch(/^userbridge-onlyoffice\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+$/);
  });

  it("updates: reads first, then PUTs the changes with isVisitor, lead, department and contacts as read", async () => {
    const user = await updateUser(client(), ID, { title: "Head of IT", department: [] });
    expect(user.id).toBe(ID);
    expect(sentBodies()).toEqual([
      ["GET", `/api/2.0/people/${ID}`, undefined],
      [
        "PUT",
        `/api/2.0/people/${ID}`,
        { isVisitor: false, lead: LEAD, department: [], contacts: CONTACTS, title: "Head of IT" },
      ],
    ]);
  });

  it("keeps a guest a guest, and sends lead: null and contacts: [] for a user without them", async () => {
    preferAt(0, "example=guest");
    await updateUser(client(), ID, { title: "Consultant" });
    expect(sentBodies()[1]?.[2]).toEqual({
      isVisitor: true,
      lead: null,
      department: [],
      contacts: [],
      title: "Consultant",
    });
  });

  it("sends every documented field in a shape Prism accepts", async () => {
    const changes: UserUpdate = {
      isVisitor: true,
      firstname: "Ada",
      lastname: "Lovelace",
      comment: "x",
      department: ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
      title: "CTO",
      location: "London",
      sex: "female",
      birthday: "1990-12-10",
      worksfrom: "1900-01-01",
      contacts: [{ Type: "mail", Value: "ada@example.org" }],
      files: "https://office.example.com/a.png",
      disable: false,
      lead: null,
    };
    await updateUser(client(), ID, changes);
    expect(sentBodies()[1]?.[2]).toEqual(changes);
  });

  it("routes an email change to PUT .../email after the PUT, and alone when nothing else changes", async () => {
    await updateUser(client(), ID, { email: "ada.lovelace@example.com", title: "CTO" });
    expect(sentBodies().map(([m, p]) => `${m} ${p}`)).toEqual([
      `GET /api/2.0/people/${ID}`,
      `PUT /api/2.0/people/${ID}`,
      `PUT /api/2.0/people/${ID}/email`,
    ]);
    expect(sentBodies()[2]?.[2]).toEqual({ email: "ada.lovelace@example.com" });
    rec.log.length = 0;
    await updateUser(client(), ID, { email: "ada.lovelace@example.com" });
    expect(sentBodies().map(([m, p]) => `${m} ${p}`)).toEqual([
      `GET /api/2.0/people/${ID}`,
      `PUT /api/2.0/people/${ID}/email`,
    ]);
  });

  it("refuses an LDAP user's name change with ManagedUserError after the read, before any write", async () => {
    preferAt(0, "example=ldapUser");
    const error = await updateUser(client(), ID, { firstname: "Alan M.", location: "Wilmslow" }).catch((e) => e);
    expect(error).toBeInstanceOf(ManagedUserError);
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(["firstname", "location"]);
    expect(rec.log.map((r) => r.method)).toEqual(["GET"]);
  });

  it("exchanges credentials at POST /api/2.0/authentication and sends the token bare", async () => {
    const c = createClient({
      baseUrl: prismUrl("onlyoffice"),
      userName: "admin@example.com",
      password: "correct horse battery staple",
      fetch: rec.fetch,
    });
    await getUser(c, ID);
    expect(sentBodies()[0]).toEqual([
      "POST",
      "/api/2.0/authentication",
      { userName: "admin@example.com", password: "correct horse battery staple" },
    ]);
    expect(rec.log[0]?.requestHeaders.get("authorization")).toBeNull();
    expect(rec.log[1]?.requestHeaders.get("authorization")).toBe("sdjhfskjdhkqy739459234");
  });

  // 401 is plain text (text/html) whatever the Accept header: Prism cannot serve it to a client that
  // accepts JSON only, so test/vendor-answers.test.ts covers it on a local server.
  const documented = [
    [402, PermissionDeniedError, "PaymentRequired"],
    [403, PermissionDeniedError, "Access denied"],
    [404, NotFoundError, "User not found"],
    [500, ServerError, "Object reference not set to an instance of an object."],
  ] as const;

  it.each(documented)("getUser: HTTP %i becomes %O with the vendor's message", async (code, Class, message) => {
    preferAt(0, `code=${code}`);
    const error = await getUser(client(), ID).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(code);
    expect(error.issues).toEqual([{ path: "", message }]);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it.each([
    [400, ValidationError, "Value cannot be null.\r\nParameter name: userid"],
    ...documented.slice(0, 2),
    [404, NotFoundError, "user not found"],
    [500, ValidationError, "The user is suspended"],
  ] as const)("updateUser's PUT: HTTP %i becomes %O", async (code, Class, message) => {
    preferAt(1, `code=${code}`);
    const error = await updateUser(client(), ID, { title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.issues).toEqual([{ path: "", message }]);
    expect(error.request).toMatchObject({ method: "PUT", path: "/api/2.0/people/{userid}" });
  });

  it.each([
    [400, ValidationError, "Value cannot be null.\r\nParameter name: userid"],
    documented[0],
    [403, PermissionDeniedError, "No permissions to perform this action"],
    [500, ValidationError, "User with this email is already registered"],
  ] as const)("updateUser's email change: HTTP %i becomes %O", async (code, Class, message) => {
    preferAt(1, `code=${code}`);
    const error = await updateUser(client(), ID, { email: "grace@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.issues).toEqual([{ path: code === 400 || code === 500 ? "email" : "", message }]);
    expect(error.request).toMatchObject({ method: "PUT", path: "/api/2.0/people/{userid}/email" });
  });

  it.each([
    [400, ValidationError, "Value cannot be null.\r\nParameter name: userid"],
    [500, AuthenticationError, "User authentication failed"],
  ] as const)("authenticate: HTTP %i becomes %O, and nothing else is sent", async (code, Class, message) => {
    preferAt(0, `code=${code}`);
    const c = createClient({
      baseUrl: prismUrl("onlyoffice"),
      userName: "a@example.com",
      password: "pw-1234",
      fetch: rec.fetch,
    });
    const error = await getUser(c, ID).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.operation).toBe("authenticate");
    expect(error.issues).toEqual([{ path: "", message }]);
    expect(rec.log).toHaveLength(1);
  });

  it("rejects bad input before sending anything, naming every problem", async () => {
    const error = await updateUser(client(), "not-a-guid", {
      email: "not-an-email",
      isVisitor: "yes",
      sex: "other",
      department: ["x"],
      contacts: [{ Type: "mail" }],
      nickname: "x",
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "userid", message: "must be a valid uuid" },
        { path: "email", message: "must be a valid email" },
        { path: "isVisitor", message: "must be boolean" },
        { path: "sex", message: 'must be one of "male", "female"' },
        { path: "department.0", message: "must be a valid uuid" },
        { path: "contacts.0.Value", message: "is required" },
        { path: "nickname", message: "is not a known field" },
      ]),
    );
    expect(error.issues).toHaveLength(7);
    expect(rec.log).toHaveLength(0);
  });

  it("rejects an empty change (it would still promote a guest and clear the lead)", async () => {
    const error = await updateUser(client(), ID, {}).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "", message: "no field to change" }]);
    expect(rec.log).toHaveLength(0);
  });

  it("property: any change is rejected locally with InvalidInputError or accepted by Prism", async () => {
    const anything = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.boolean(),
      fc.integer(),
      fc.constant(null),
      fc.uuid(),
      fc.array(fc.uuid(), { maxLength: 2 }),
      fc.array(fc.record({ Type: fc.string({ maxLength: 4 }), Value: fc.string({ maxLength: 4 }) }), { maxLength: 2 }),
      fc.emailAddress(),
    );
    const key = fc.constantFrom(
      "email",
      "isVisitor",
      "firstname",
      "comment",
      "department",
      "sex",
      "birthday",
      "contacts",
      "disable",
      "lead",
      "nickname",
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, anything, { maxKeys: 4 }), async (changes) => {
        rec.log.length = 0;
        const result = await updateUser(client(), ID, changes as UserUpdate).catch((e) => e);
        if (result instanceof InvalidInputError) expect(rec.log).toHaveLength(0);
        else expect(result).toMatchObject({ id: ID });
        expect(rec.violations()).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  describe("the lifecycle (issue 20)", () => {
    it("createUser POSTs a body Prism accepts (201) and returns the user", async () => {
      const user = await createUser(client(), {
        email: "grace@example.com",
        firstname: "Grace",
        lastname: "Hopper",
        isVisitor: false,
        department: ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
        contacts: [{ Type: "mail", Value: "g@example.org" }],
        password: "correct horse battery",
      });
      expect(user.id).toBe(ID);
      expect(sentBodies().map(([m, p]) => `${m} ${p}`)).toEqual(["POST /api/2.0/people"]);
    });

    it("listUsers pages GET /people/filter with startIndex and count, and stops at total", async () => {
      const users = [];
      for await (const u of listUsers(client(), { pageSize: 1, employeeStatus: "All", sortBy: "lastname" }))
        users.push(u);
      expect(users.map((u) => u.id)).toEqual([ID]);
      const urls = rec.log.map((r) => new URL(r.url).search);
      expect(urls[0]).toBe("?employeeStatus=All&sortBy=lastname&startIndex=0&count=1");
    });

    it("deleteUser: an active user is refused after the read; a terminated one is deleted", async () => {
      await expect(deleteUser(client(), ID)).rejects.toBeInstanceOf(ActiveUserError);
      expect(rec.log).toHaveLength(1);
      rec.log.length = 0;
      preferAt(0, "example=terminated");
      await deleteUser(client(), ID);
      expect(sentBodies().map(([m, p]) => `${m} ${p}`)).toEqual([
        `GET /api/2.0/people/${ID}`,
        `DELETE /api/2.0/people/${ID}`,
      ]);
    });
  });
});
