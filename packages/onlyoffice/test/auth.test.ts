/**
 * The credential form of createClient: the token exchange (POST /api/2.0/authentication through
 * a client without token auth, with the caller's fetch), `Authorization: <token>` without a
 * scheme word, caching until `expires`, one re-authentication on a 401, and no secret in logs
 * or errors.
 */
import { inspect } from "node:util";
import { AuthenticationError, InvalidInputError, type LogEvent, PermissionDeniedError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { type Handler, json, type Received, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { createClient, getUser } from "../src/index.js";

const ID = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
const PASSWORD = "pa55-word-never-logged";
const AUTH = "/api/2.0/authentication";
const serve = serverPerTest();
let server: TestServer | undefined;

const future = () => new Date(Date.now() + 3_600_000).toISOString().replace("Z", "0000+00:00");
const tokenAnswer = (token: string, expires = future()) =>
  json(201, { count: 1, status: 0, statusCode: 201, response: { token, expires } });
const userAnswer = json(200, { count: 1, status: 0, statusCode: 200, response: { id: ID, isVisitor: false } });
const denied = (status: number) => json(status, { status: 1, statusCode: status, error: { message: "Access denied" } });

/** A portal: tokens issued in order from `tokens`; people requests answered by `people`. */
async function portal(tokens: Handler[], people: (req: Received, n: number) => Handler = () => userAnswer) {
  let issued = 0;
  let served = 0;
  server = await serve((req, res, i) => {
    if (req.url === AUTH) return (tokens[Math.min(issued++, tokens.length - 1)] as Handler)(req, res, i);
    return people(req, served++)(req, res, i);
  });
  return server;
}
const authCalls = () => server?.received.filter((r) => r.url === AUTH) ?? [];
const peopleCalls = () => server?.received.filter((r) => r.url !== AUTH) ?? [];

describe("createClient({ userName, password })", () => {
  it("exchanges the credentials once, then sends the bare token (no Bearer)", async () => {
    const { url } = await portal([tokenAnswer("tok-one-123")]);
    const client = createClient({ baseUrl: url, userName: "admin@example.com", password: PASSWORD });
    await getUser(client, ID);
    await getUser(client, ID);
    expect(authCalls()).toHaveLength(1);
    const [auth] = authCalls();
    expect(auth?.method).toBe("POST");
    expect(JSON.parse(auth?.body ?? "")).toEqual({ userName: "admin@example.com", password: PASSWORD });
    expect(auth?.headers.authorization).toBeUndefined(); // the exchange itself carries no token
    expect(peopleCalls().map((r) => r.headers.authorization)).toEqual(["tok-one-123", "tok-one-123"]);
  });

  it("fetches one token for concurrent first calls", async () => {
    const { url } = await portal([tokenAnswer("tok-one-123")]);
    const client = createClient({ baseUrl: url, userName: "admin@example.com", password: PASSWORD });
    await Promise.all([getUser(client, ID), getUser(client, ID), getUser(client, ID)]);
    expect(authCalls()).toHaveLength(1);
  });

  it("renews a token whose `expires` has passed", async () => {
    const past = "2020-01-01T00:00:00.0000000+00:00";
    const { url } = await portal([tokenAnswer("tok-old-123", past), tokenAnswer("tok-new-456")]);
    const client = createClient({ baseUrl: url, userName: "admin@example.com", password: PASSWORD });
    await getUser(client, ID);
    await getUser(client, ID);
    await getUser(client, ID);
    expect(authCalls()).toHaveLength(2);
    expect(peopleCalls().map((r) => r.headers.authorization)).toEqual(["tok-old-123", "tok-new-456", "tok-new-456"]);
  });

  it("re-authenticates once on a 401 and replays the request", async () => {
    const { url } = await portal([tokenAnswer("tok-one-123"), tokenAnswer("tok-two-456")], (_req, n) =>
      n === 0 ? denied(401) : userAnswer,
    );
    const client = createClient({ baseUrl: url, userName: "admin@example.com", password: PASSWORD, maxRetries: 0 });
    await expect(getUser(client, ID)).resolves.toMatchObject({ id: ID });
    expect(authCalls()).toHaveLength(2);
    expect(peopleCalls().map((r) => r.headers.authorization)).toEqual(["tok-one-123", "tok-two-456"]);
  });

  it("re-authenticates only once: a second 401 is an AuthenticationError", async () => {
    const { url } = await portal([tokenAnswer("tok-one-123"), tokenAnswer("tok-two-456")], () => denied(401));
    const client = createClient({ baseUrl: url, userName: "admin@example.com", password: PASSWORD, maxRetries: 0 });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(authCalls()).toHaveLength(2);
    expect(peopleCalls()).toHaveLength(2);
  });

  it("reports wrong credentials as AuthenticationError with the vendor's message, no password anywhere", async () => {
    const events: LogEvent[] = [];
    const { url } = await portal([
      json(401, { status: 1, statusCode: 401, error: { message: "User authentication failed" } }),
    ]);
    const client = createClient({
      baseUrl: url,
      userName: "admin@example.com",
      password: PASSWORD,
      logger: (e) => events.push(e),
    });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.operation).toBe("authenticate");
    expect(error.issues).toEqual([{ path: "", message: "User authentication failed" }]);
    expect(peopleCalls()).toHaveLength(0);
    for (const text of [String(error), error.stack, JSON.stringify(error), inspect(error), JSON.stringify(events)]) {
      expect(text).not.toContain(PASSWORD);
    }
  });

  it("refuses a two-factor answer (no token) with a clear AuthenticationError", async () => {
    const { url } = await portal([
      json(201, { count: 1, status: 0, statusCode: 201, response: { tfa: true, tfaKey: "k", confirmUrl: "/confirm" } }),
    ]);
    const client = createClient({ baseUrl: url, userName: "admin@example.com", password: PASSWORD });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "no token: two-factor login is not supported" }]);
  });

  it("never logs the token or the password, nor puts them in a later error", async () => {
    const events: LogEvent[] = [];
    const { url } = await portal([tokenAnswer("tok-secret-789"), tokenAnswer("tok-secret-790")], (_req, n) =>
      n === 0 ? denied(401) : denied(403),
    );
    const client = createClient({
      baseUrl: url,
      userName: "admin@example.com",
      password: PASSWORD,
      maxRetries: 0,
      logger: (e) => events.push(e),
    });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(events.length).toBeGreaterThan(0);
    for (const text of [JSON.stringify(events), JSON.stringify(error), inspect(error), String(error)]) {
      for (const secret of ["tok-secret-789", "tok-secret-790", PASSWORD]) expect(text).not.toContain(secret);
    }
  });

  it("uses the caller's fetch for the exchange too", async () => {
    const { url } = await portal([tokenAnswer("tok-one-123")]);
    const seen: string[] = [];
    const client = createClient({
      baseUrl: url,
      userName: "admin@example.com",
      password: PASSWORD,
      fetch: (input, init) => {
        seen.push(new Request(input, init).url);
        return fetch(input, init);
      },
    });
    await getUser(client, ID);
    expect(seen.map((u) => new URL(u).pathname)).toEqual([AUTH, `/api/2.0/people/${ID}`]);
  });

  it("sends a given token as is and does not try to re-authenticate", async () => {
    const { url } = await portal([tokenAnswer("never")], () => denied(401));
    const client = createClient({ baseUrl: url, token: "static-token-123", maxRetries: 0 });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(authCalls()).toHaveLength(0);
    expect(peopleCalls().map((r) => r.headers.authorization)).toEqual(["static-token-123"]);
  });

  it("requires a token or both userName and password", () => {
    expect(() => createClient({ baseUrl: "https://office.example.com", userName: "a", password: "" })).toThrow(
      InvalidInputError,
    );
    expect(() => createClient({ baseUrl: "https://office.example.com" } as never)).toThrow(
      /token: pass token, or userName and password/,
    );
  });
});
