/**
 * The package against a local node:http server answering exactly what Community Server answers
 * (ONLYOFFICE/CommunityServer@7c503dfb5e): plain-text 401, 402, HTTP 500 for a wrong password, an
 * address in use, a rejected name; the silent skip of the status endpoint; the read without
 * private data. Each test names the rule it pins.
 */
import { AuthenticationError, PermissionDeniedError, RateLimitError, ValidationError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { type Received, serverPerTest, type TestServer } from "../../../test/support/server.js";
import {
  createClient,
  getUser,
  HiddenContactsError,
  InactiveUserError,
  ReactivationError,
  updateUser,
} from "../src/index.js";

const ID = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
const JSON_TYPE = "application/json; charset=utf-8"; // JsonNetSerializer.cs:79
const serve = serverPerTest();
let server: TestServer;

const user = (extra: Record<string, unknown> = {}) => ({
  id: ID,
  userName: "ada",
  isVisitor: false,
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@example.com",
  contacts: [{ type: "phone", value: "+44 20 7946 0000" }],
  status: 1,
  activationStatus: 1,
  terminated: null,
  isAdmin: false,
  isLDAP: false,
  isOwner: false,
  isSSO: false,
  ...extra,
});
const ok = (response: unknown) => ({
  status: 200,
  body: { count: Array.isArray(response) ? response.length : 1, status: 0, statusCode: 200, response },
});
/** ErrorWrapper (IApiStandartResponce.cs:51-83): message, hresult, data; no type/stack in release builds. */
const failure = (statusCode: number, message: string, hresult = -2146233088) => ({
  status: statusCode,
  body: { status: 1, statusCode, error: { message, hresult, data: {} } },
});

type Answer = { status: number; body: unknown; type?: string; headers?: Record<string, string> };
/** A portal answering by "METHOD path" from `routes` (each a list answered in turn, the last repeating). */
async function portal(routes: Record<string, Answer[]>) {
  const served: Record<string, number> = {};
  server = await serve((req: Received, res) => {
    const key = `${req.method} ${req.url}`;
    const list = routes[key] ?? [failure(404, "Method not found")];
    const n = served[key] ?? 0;
    served[key] = n + 1;
    const a = list[Math.min(n, list.length - 1)] as Answer;
    res.writeHead(a.status, { "content-type": a.type ?? JSON_TYPE, ...a.headers });
    res.end(typeof a.body === "string" ? a.body : JSON.stringify(a.body));
  });
  return createClient({ baseUrl: server.url, token: "tok-123456", maxRetries: 2 });
}
const writes = () => server.received.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.url}`);
const PERSON = `/api/2.0/people/${ID}`;

describe("ONLYOFFICE's answers, as its code gives them", () => {
  it("401: the plain-text `Unauthorized` (ApiRouteHandler.cs:63-70) is an AuthenticationError keeping the text", async () => {
    const client = await portal({ [`GET ${PERSON}`]: [{ status: 401, body: "Unauthorized", type: "text/html" }] });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "Unauthorized" }]);
  });

  it("402 `PaymentRequired` (ProductSecurityFilter.cs:111-117) is a PermissionDeniedError, not retried", async () => {
    const client = await portal({ [`GET ${PERSON}`]: [failure(402, "PaymentRequired", -2147467259)] });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.issues).toEqual([{ path: "", message: "PaymentRequired" }]);
    expect(server.received).toHaveLength(1);
  });

  it("503 + Retry-After past the request budget is a RateLimitError", async () => {
    const limited = { ...failure(503, "Service Unavailable"), headers: { "retry-after": "120" } };
    const client = await portal({ [`GET ${PERSON}`]: [limited] });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
  });

  it("a wrong password is HTTP 500 at /authentication (AuthenticationEntryPoint.cs:478-482): AuthenticationError", async () => {
    await portal({ "POST /api/2.0/authentication": [failure(500, "User authentication failed", -2146233087)] });
    const client = createClient({ baseUrl: server.url, userName: "admin@example.com", password: "wrong-password-1" });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.operation).toBe("authenticate");
    expect(error.issues).toEqual([{ path: "", message: "User authentication failed" }]);
  });

  it("an address in use is HTTP 500 on the email endpoint (:1098-1102): ValidationError on email, sent once", async () => {
    const client = await portal({
      [`GET ${PERSON}`]: [ok(user())],
      [`PUT ${PERSON}/email`]: [failure(500, "User with this email is already registered")],
    });
    const error = await updateUser(client, ID, { email: "grace@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "email", message: "User with this email is already registered" }]);
    expect(writes()).toEqual([`PUT ${PERSON}/email`]);
  });

  it("a replayed email change: `already registered` while the user now has the address is a success", async () => {
    const client = await portal({
      [`GET ${PERSON}`]: [ok(user()), ok(user({ email: "ada.l@example.com", activationStatus: 0 }))],
      [`PUT ${PERSON}/email`]: [failure(500, "User with this email is already registered")],
    });
    const updated = await updateUser(client, ID, { email: "Ada.L@example.com" });
    expect(updated.email).toBe("ada.l@example.com");
    expect(server.received.map((r) => r.method)).toEqual(["GET", "PUT", "GET"]);
  });

  it("a rejected name is HTTP 500 on the PUT (:760-761): ValidationError with the vendor's message, sent once", async () => {
    const client = await portal({
      [`GET ${PERSON}`]: [ok(user())],
      [`PUT ${PERSON}`]: [failure(500, "Incorrect firstname or lastname")],
    });
    const error = await updateUser(client, ID, { firstname: "<b>" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "", message: "Incorrect firstname or lastname" }]);
    expect(writes()).toEqual([`PUT ${PERSON}`]);
  });

  it("a read without private data (no contacts, email null: EmployeeWraperFull.cs:237-247) refuses the PUT before any write", async () => {
    const hidden = user({ email: null, contacts: undefined });
    const client = await portal({
      [`GET ${PERSON}`]: [ok(hidden)],
      [`PUT ${PERSON}`]: [ok({ ...hidden, title: "CTO" })],
    });
    const error = await updateUser(client, ID, { title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(HiddenContactsError);
    expect(error.issues).toEqual([{ path: "contacts", message: expect.stringContaining("delete every contact") }]);
    expect(writes()).toEqual([]);
    // Unless the caller passes the contacts themselves.
    await updateUser(client, ID, { title: "CTO", contacts: [{ Type: "mail", Value: "a@b.c" }] });
    expect(JSON.parse(server.received.at(-1)?.body ?? "")).toMatchObject({
      contacts: [{ Type: "mail", Value: "a@b.c" }],
    });
  });

  it("a user without contacts but with private data visible gets contacts: [] (the read omits an empty list)", async () => {
    const client = await portal({
      [`GET ${PERSON}`]: [ok(user({ contacts: undefined }))],
      [`PUT ${PERSON}`]: [ok(user({ contacts: undefined, title: "CTO" }))],
    });
    await updateUser(client, ID, { title: "CTO" });
    // department: [] too: the read has no groups (an omitted one would bind as [] anyway).
    expect(JSON.parse(server.received.at(-1)?.body ?? "")).toEqual({
      isVisitor: false,
      lead: null,
      department: [],
      contacts: [],
      title: "CTO",
    });
  });

  it("reactivation the status endpoint silently skipped (:1384-1403) is a ReactivationError; nothing else is sent", async () => {
    const terminated = user({ status: 2, terminated: "2024-01-01T00:00:00.0000000+00:00" });
    const client = await portal({
      [`GET ${PERSON}`]: [ok(terminated)],
      "PUT /api/2.0/people/status/Active": [ok([terminated])],
    });
    const error = await updateUser(client, ID, { disable: false, title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(ReactivationError);
    expect(error.issues).toEqual([{ path: "disable", message: expect.stringContaining("seat quota") }]);
    expect(writes()).toEqual(["PUT /api/2.0/people/status/Active"]);
    expect(JSON.parse(server.received[1]?.body ?? "")).toEqual({ userIds: [ID] });
  });

  it("reactivation: status PUT, re-read, then the PUT without `disable` (it would 500 before)", async () => {
    const client = await portal({
      [`GET ${PERSON}`]: [ok(user({ status: 2 })), ok(user())],
      "PUT /api/2.0/people/status/Active": [ok([user()])],
      [`PUT ${PERSON}`]: [ok(user({ title: "CTO" }))],
    });
    const updated = await updateUser(client, ID, { disable: false, title: "CTO" });
    expect(updated).toMatchObject({ status: 1, title: "CTO" });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${PERSON}`,
      "PUT /api/2.0/people/status/Active",
      `GET ${PERSON}`,
      `PUT ${PERSON}`,
    ]);
    expect(JSON.parse(server.received[3]?.body ?? "")).not.toHaveProperty("disable");
  });

  it.each([
    [2, { isLDAP: true }, { disable: false }, "managed by LDAP"],
    [2, { isOwner: true }, { disable: false }, "portal owner"],
    [2, {}, { title: "CTO" }, "pass disable: false"],
    [4, {}, { disable: false }, "leave of absence"],
  ])(
    "a user with status %i %o cannot take %o: InactiveUserError before any write",
    async (status, flags, change, why) => {
      const client = await portal({ [`GET ${PERSON}`]: [ok(user({ status, ...flags }))] });
      const error = await updateUser(client, ID, change).catch((e) => e);
      expect(error).toBeInstanceOf(InactiveUserError);
      expect(error.message).toContain(why);
      expect(writes()).toEqual([]);
    },
  );

  it("terminating a terminated user writes nothing (no `The user is suspended`)", async () => {
    const client = await portal({ [`GET ${PERSON}`]: [ok(user({ status: 2 }))] });
    await expect(updateUser(client, ID, { disable: true })).resolves.toMatchObject({ status: 2 });
    expect(writes()).toEqual([]);
  });
});
