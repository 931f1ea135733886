/**
 * Contract tests against Prism on specs/nexudus.yaml: every request the client sends must satisfy
 * the spec (Prism's 422 or `sl-violations` fail the test), and every documented error response
 * maps to its typed error.
 */
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  ServerError,
  ValidationError,
} from "@userbridge/core";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { type ClientOptions, createClient, getUser, planUpdate, updateUser } from "../src/index.js";

const ID = 87654321;
const TOKEN = "nexudus-secret-token";

/** `Prefer` for the requests of one method (and path) only: "PUT=code=400". */
let prefer: { method: string; path?: string; value: string } | undefined;
const rec = recordingFetch();
const preferring: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (prefer && request.method === prefer.method && (!prefer.path || url.pathname === prefer.path)) {
    request.headers.set("Prefer", prefer.value);
  }
  return rec.fetch(request);
};
// `verify: false`: Prism answers the spec's example, not what was stored, so no write would verify.
const client = (auth: Partial<ClientOptions> = { token: TOKEN }) =>
  createClient({
    baseUrl: prismUrl("nexudus"),
    fetch: preferring,
    maxRetries: 0,
    verify: false,
    ...auth,
  } as ClientOptions);

afterEach(() => {
  // Every request the client sent must satisfy the spec, whatever Prism answered.
  expect(rec.violations()).toEqual([]);
  prefer = undefined;
  rec.log.length = 0;
});

const sent = () => rec.log.map((r) => `${r.method} ${new URL(r.url).pathname}`);

describe("nexudus against Prism", () => {
  it("reads a user (the full record) with the bearer token", async () => {
    const user = await getUser(client(), ID);
    expect(user).toMatchObject({ Id: ID, FullName: "Ada Lovelace", UserRoles: [770685918, 800349553] });
    const request = rec.log[0];
    expect(request?.requestHeaders.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request?.requestHeaders.get("accept")).toBe("application/json");
    expect(request?.requestHeaders.get("user-agent")).toMatch(
      /^userbridge-nexudus\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+$/,
    );
  });

  it("updates: one read, then one PUT of the whole writable record that Prism accepts (no re-read unverified)", async () => {
    const user = await updateUser(client(), ID, { FullName: "Ada King", OnNewWallPost: true });
    expect(sent()).toEqual(["GET /api/sys/users/87654321", "PUT /api/sys/users"]);
    const body = JSON.parse(rec.log[1]?.requestBody ?? "{}");
    expect(body).toMatchObject({
      Id: ID,
      FullName: "Ada King",
      OnNewWallPost: true,
      Email: "ada@example.com",
      Businesses: [287964677, 627703076],
      UserRoles: [770685918, 800349553],
      ChatRooms: [],
    });
    for (const left of [
      "UniqueId",
      "UpdatedOn",
      "CreatedOn",
      "Password",
      "NewPassword",
      "AccessToken",
      "TwoFactorSecret",
    ]) {
      expect(body).not.toHaveProperty(left);
    }
    expect(user).toMatchObject({ Id: ID, FullName: "Ada King", UpdatedOn: "2025-01-15T10:30:00Z" });
  });

  it("plans without writing: the PUT it would send, the read it made", async () => {
    const plan = await planUpdate(client(), ID, { Active: false });
    expect(sent()).toEqual(["GET /api/sys/users/87654321"]);
    expect(plan.reads).toHaveLength(1);
    expect(plan.writes).toEqual([
      expect.objectContaining({
        method: "PUT",
        path: "/api/sys/users",
        body: expect.objectContaining({ Id: ID, Active: false }),
      }),
    ]);
  });

  it("refuses to PUT a stored Language 0 unless the caller sets Language", async () => {
    prefer = { method: "GET", value: "example=legacyLanguage" };
    const error = await updateUser(client(), 87654322, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([
      { path: "Language", message: "must be one of 1, 2, 3 (the record has 0): set Language in the changes" },
    ]);
    expect(sent()).toEqual(["GET /api/sys/users/87654322"]);
    rec.log.length = 0;
    await updateUser(client(), 87654322, { Active: false, Language: 3 });
    expect(sent()).toEqual(["GET /api/sys/users/87654322", "PUT /api/sys/users"]);
    const body = JSON.parse(rec.log[1]?.requestBody ?? "{}");
    expect(body).toMatchObject({ Id: 87654322, Language: 3, Active: false, ChatRooms: null });
  });

  it("gets a token with the form-encoded password grant, then uses it", async () => {
    await getUser(
      client({ username: "admin@example.com", password: "pw-secret-1", clientId: "userbridge", totp: "123456" }),
      ID,
    );
    expect(sent()).toEqual(["POST /api/token", "GET /api/sys/users/87654321"]);
    const [token, read] = rec.log;
    expect(token?.requestHeaders.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(token?.requestHeaders.get("client_id")).toBe("userbridge");
    expect(Object.fromEntries(new URLSearchParams(token?.requestBody))).toEqual({
      grant_type: "password",
      username: "admin@example.com",
      password: "pw-secret-1",
      totp: "123456",
    });
    expect(read?.requestHeaders.get("authorization")).toBe(
      "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzZWxmIn0.c2lnbmF0dXJl",
    );
  });

  it("authenticates with HTTP Basic", async () => {
    await getUser(client({ username: "admin@example.com", password: "pw-secret-2", basic: true }), ID);
    expect(rec.log[0]?.requestHeaders.get("authorization")).toMatch(/^Basic /);
  });

  it("maps the documented 400 (WasSuccessful:false, Errors[]) to ValidationError", async () => {
    prefer = { method: "PUT", value: "code=400" };
    const error = await updateUser(client(), ID, { FullName: "Ada" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.issues).toEqual([{ path: "FullName", message: "is a required field" }]);
  });

  it.each([
    ["GET", 401, AuthenticationError, [{ path: "", message: "Authorization has been denied for this request." }]],
    ["GET", 404, NotFoundError, [{ path: "", message: "Not found" }]],
    ["PUT", 401, AuthenticationError, [{ path: "", message: "Authorization has been denied for this request." }]],
    ["PUT", 404, NotFoundError, [{ path: "", message: "Not found" }]],
    ["PUT", 500, ServerError, [{ path: "", message: "An error has occurred." }]],
  ] as const)("maps the documented %s %i to %s", async (method, code, Class, issues) => {
    prefer = { method, value: `code=${code}` };
    const error = await updateUser(client(), ID, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(code);
    expect(error.issues).toEqual(issues);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it.each(["GET", "PUT"])("maps the documented %s 409 throttle to RateLimitError with Retry-After", async (method) => {
    prefer = { method, value: "code=409" };
    const error = await updateUser(client(), ID, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(409);
    expect(error.retryAfterMs).toBe(30_000);
  });

  it.each([
    ["code=400", AuthenticationError, "The user name or password is incorrect."],
    ["code=400, example=badRefreshToken", AuthenticationError, "invalid_grant"],
    ["code=400, example=unsupportedGrant", ValidationError, "unsupported_grant_type"],
  ] as const)("maps the documented token answer (%s) to %s", async (value, Class, message) => {
    prefer = { method: "POST", value };
    const error = await getUser(client({ username: "admin@example.com", password: "pw-secret-3" }), ID).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.operation).toBe("getToken");
    expect(error.issues).toEqual([{ path: "", message }]);
    expect(JSON.stringify(error)).not.toContain("pw-secret-3");
  });

  it("maps the documented token 409 throttle to RateLimitError", async () => {
    prefer = { method: "POST", value: "code=409" };
    const error = await getUser(client({ username: "admin@example.com", password: "pw-secret-4" }), ID).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(30_000);
  });

  it("rejects bad input before sending, naming every problem", async () => {
    const error = await updateUser(client(), 0, {
      FullName: "",
      Language: 4,
      Active: "yes",
      UniqueId: "x",
      Id: 5,
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "id", message: "must be >= 1" },
        { path: "FullName", message: "must have at least 1 character" },
        { path: "Language", message: "must be one of 1, 2, 3" },
        { path: "Active", message: "must be boolean" },
        { path: "UniqueId", message: "is not a known field" },
        { path: "Id", message: "cannot be changed: the id argument names the record" },
      ]),
    );
    expect(error.issues).toHaveLength(6);
    expect(rec.log).toHaveLength(0);
  });
});
