import {
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { hang, html, json, reset, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { createClient, getUser, updateUser } from "../src/index.js";

const ID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";
const TOKEN = "nerm-secret-token";
const USER = { user: { id: ID, name: "Ada", group_strings: "a,b" } };

const startLocal = serverPerTest();
let server: TestServer | undefined;

async function serve(...handlers: Parameters<typeof startLocal>[0][]) {
  server = await startLocal(handlers.flat());
  return createClient({ baseUrl: `${server.url}/api`, token: TOKEN, maxRetries: 0, timeoutMs: 2_000, verify: false });
}

describe("sailpoint-nerm error mapping (local server)", () => {
  it("turns a 400 errors map with string and list values into per-field issues", async () => {
    const client = await serve(
      json(400, {
        error: "The user failed to create/update",
        errors: { name: "can't be blank", email: ["is invalid", "has already been taken"] },
      }),
    );
    const error = await updateUser(client, ID, { name: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: "name", message: "can't be blank" },
      { path: "email", message: "is invalid" },
      { path: "email", message: "has already been taken" },
    ]);
  });

  it("falls back to the 400's error message when the errors map is empty", async () => {
    const client = await serve(json(400, { error: "The user failed to create/update", errors: {} }));
    const error = await updateUser(client, ID, { name: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "", message: "The user failed to create/update" }]);
  });

  it("maps an undocumented 401 body generically, without leaking the token", async () => {
    const client = await serve(json(401, { message: "Invalid token" }));
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "Invalid token" }]);
    expect(server?.received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it("maps an HTML 401 to AuthenticationError", async () => {
    const client = await serve(html(401, "<html>Unauthorized</html>"));
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it("maps 429 to RateLimitError with Retry-After", async () => {
    const client = await serve(json(429, { error: "Too many requests" }, { "retry-after": "7" }));
    const error = await updateUser(client, ID, { title: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.issues).toEqual([{ path: "", message: "Too many requests" }]);
  });

  it("retries a 429 (Retry-After honoured) and then succeeds", async () => {
    server = await startLocal([json(429, {}, { "retry-after": "0" }), json(200, USER)]);
    const client = createClient({ baseUrl: `${server.url}/api`, token: TOKEN, maxRetries: 1, verify: false });
    const user = await updateUser(client, ID, { title: "x" });
    expect(user.groups).toEqual(["a", "b"]);
    expect(server.received).toHaveLength(2);
    expect(server.received[1]?.body).toBe(server.received[0]?.body);
  });

  it("maps 500 to ServerError and an HTML 502 to ServerError", async () => {
    const client = await serve(json(500, { error: "Sorry something went wrong" }), html(502));
    const a = await updateUser(client, ID, { title: "x" }).catch((e) => e);
    expect(a).toBeInstanceOf(ServerError);
    expect(a.issues).toEqual([{ path: "", message: "Sorry something went wrong" }]);
    const b = await getUser(client, ID).catch((e) => e);
    expect(b).toBeInstanceOf(ServerError);
    expect(b.status).toBe(502);
  });

  it.each([
    ["no user", {}],
    ["user null", { user: null }],
    ["user a list", { user: [] }],
  ])("turns a 200 with %s into ConnectionError", async (_, body) => {
    const client = await serve(json(200, body));
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("no {user}");
  });

  it("times out on a hang and reports a dropped connection", async () => {
    server = await startLocal([hang, reset]);
    const client = createClient({ baseUrl: `${server.url}/api`, token: TOKEN, maxRetries: 0, timeoutMs: 100 });
    expect(await getUser(client, ID).catch((e) => e)).toBeInstanceOf(TimeoutError);
    expect(await getUser(client, ID).catch((e) => e)).toBeInstanceOf(ConnectionError);
  });
});
