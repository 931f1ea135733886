/**
 * The three ways to authenticate, against a local server playing both the token endpoint and the
 * users API: a bearer token; username+password exchanged at POST /api/token (form-encoded, optional
 * client_id header and totp, cached until expires_in, refreshed once on 401 with the refresh grant
 * and the same client_id, falling back to the password grant); HTTP Basic.
 */
import { inspect } from "node:util";
import { AuthenticationError, InvalidInputError, type LogEvent, UserbridgeError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { type Received, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { type ClientOptions, createClient, getUser } from "../src/index.js";

const USER = {
  Id: 7,
  FullName: "Ada Lovelace",
  Email: "ada@example.com",
  Businesses: [],
  UserRoles: [],
  ChatRooms: [],
};
const PASSWORD = "correct-horse-battery-staple";

const serve = serverPerTest();
let server: TestServer | undefined;

interface Vendor {
  /** Access tokens the API accepts. */
  valid: Set<string>;
  /** What the token endpoint does with each grant. */
  token(form: URLSearchParams, req: Received): { status: number; body: unknown; headers?: Record<string, string> };
}

/** A server: POST /api/token issues tokens, GET /api/sys/users/7 wants a valid one. */
async function vendor(v: Vendor): Promise<TestServer> {
  return serve((req, res) => {
    if (req.method === "POST" && req.url === "/api/token") {
      const { status, body, headers } = v.token(new URLSearchParams(req.body), req);
      res.writeHead(status, { "content-type": "application/json", ...headers });
      return void res.end(JSON.stringify(body));
    }
    const auth = req.headers.authorization ?? "";
    const ok = v.valid.has(auth.replace(/^Bearer /, ""));
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? USER : { Message: "Authorization has been denied for this request." }));
  });
}

let issued = 0;
const grantAnswer = (expiresIn = 1799) => {
  issued++;
  return {
    access_token: `access-${issued}-${Math.random()}`,
    token_type: "bearer",
    expires_in: expiresIn,
    refresh_token: `refresh-${issued}`,
  };
};

/** Issues a token for every grant and accepts the latest one. */
function issuing(expiresIn = 1799): Vendor {
  const v: Vendor = {
    valid: new Set(),
    token() {
      const answer = grantAnswer(expiresIn);
      v.valid.clear();
      v.valid.add(answer.access_token);
      return { status: 200, body: answer };
    },
  };
  return v;
}

const tokenRequests = () => (server?.received ?? []).filter((r) => r.url === "/api/token");
const forms = () => tokenRequests().map((r) => Object.fromEntries(new URLSearchParams(r.body)));
const passwordClient = (extra: Partial<ClientOptions> = {}) =>
  createClient({
    baseUrl: server?.url ?? "",
    username: "admin@example.com",
    password: PASSWORD,
    maxRetries: 0,
    ...extra,
  } as ClientOptions);

describe("username + password: a token from POST /api/token", () => {
  it("asks for a token with a form-encoded password grant, client_id and totp, then sends it as Bearer", async () => {
    const v = issuing();
    server = await vendor(v);
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(new Request(input, init).url);
      return fetch(input, init);
    };
    const client = passwordClient({ clientId: "userbridge-app", totp: "123456", fetch: fetchSpy });
    expect(await getUser(client, 7)).toEqual(USER);
    const [tokenRequest, apiRequest] = server.received;
    expect(tokenRequest?.method).toBe("POST");
    expect(tokenRequest?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(tokenRequest?.headers.client_id).toBe("userbridge-app");
    expect(tokenRequest?.headers.authorization).toBeUndefined();
    expect(forms()).toEqual([
      { grant_type: "password", username: "admin@example.com", password: PASSWORD, totp: "123456" },
    ]);
    expect(apiRequest?.headers.authorization).toBe(`Bearer ${[...v.valid][0]}`);
    // The token request went through the caller's fetch.
    expect(seen.map((u) => new URL(u).pathname)).toEqual(["/api/token", "/api/sys/users/7"]);
  });

  it("sends the login email as client_id (what Nexudus uses when none is given) and no totp", async () => {
    server = await vendor(issuing());
    await getUser(passwordClient(), 7);
    expect(tokenRequests()[0]?.headers.client_id).toBe("admin@example.com");
    expect(forms()[0]).toEqual({ grant_type: "password", username: "admin@example.com", password: PASSWORD });
  });

  it("caches the token until it expires, and fetches it once for concurrent calls", async () => {
    server = await vendor(issuing());
    const client = passwordClient();
    await Promise.all([getUser(client, 7), getUser(client, 7), getUser(client, 7)]);
    await getUser(client, 7);
    expect(tokenRequests()).toHaveLength(1);
  });

  it("renews an expired token with the refresh grant and the same client_id", async () => {
    server = await vendor(issuing(1));
    const client = passwordClient({ clientId: "userbridge-app" });
    await getUser(client, 7);
    await new Promise((r) => setTimeout(r, 1000));
    await getUser(client, 7);
    const [first, second] = forms();
    expect(first?.grant_type).toBe("password");
    expect(second).toEqual({ grant_type: "refresh_token", refresh_token: `refresh-${issued - 1}` });
    expect(tokenRequests().map((r) => r.headers.client_id)).toEqual(["userbridge-app", "userbridge-app"]);
  });

  it("on a 401 refreshes once with the refresh grant (same client_id) and replays the request", async () => {
    const v = issuing();
    server = await vendor(v);
    const client = passwordClient({ clientId: "userbridge-app" });
    await getUser(client, 7);
    v.valid.clear(); // the vendor revokes the token
    expect(await getUser(client, 7)).toEqual(USER);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/token",
      "GET /api/sys/users/7",
      "GET /api/sys/users/7",
      "POST /api/token",
      "GET /api/sys/users/7",
    ]);
    expect(forms()[1]).toMatchObject({ grant_type: "refresh_token" });
    expect(tokenRequests()[1]?.headers.client_id).toBe("userbridge-app");
  });

  it("refresh grant without a clientId sends the login email as client_id (the vendor requires one)", async () => {
    server = await vendor(issuing(1));
    const client = passwordClient();
    await getUser(client, 7);
    await new Promise((r) => setTimeout(r, 1000));
    await getUser(client, 7);
    expect(forms().map((f) => f.grant_type)).toEqual(["password", "refresh_token"]);
    expect(tokenRequests().map((r) => r.headers.client_id)).toEqual(["admin@example.com", "admin@example.com"]);
  });

  it("50 concurrent calls with an expired token make one token request", async () => {
    server = await vendor(issuing(1));
    const client = passwordClient({ clientId: "userbridge-app" });
    await getUser(client, 7);
    await new Promise((r) => setTimeout(r, 1000));
    const users = await Promise.all(Array.from({ length: 50 }, () => getUser(client, 7)));
    expect(users).toHaveLength(50);
    expect(forms().map((f) => f.grant_type)).toEqual(["password", "refresh_token"]);
  });

  it("a burst of 401s for a revoked token (still valid by its clock) from 50 concurrent calls makes one token request", async () => {
    const v = issuing(); // 30 minutes by the token's clock
    server = await vendor(v);
    const client = passwordClient({ clientId: "userbridge-app", maxConcurrency: 50 });
    await getUser(client, 7);
    const [revoked] = [...v.valid];
    v.valid.clear(); // the vendor revokes it: every call now gets a 401 for it
    const users = await Promise.all(Array.from({ length: 50 }, () => getUser(client, 7)));
    expect(users).toEqual(Array(50).fill(USER));
    expect(forms().map((f) => f.grant_type)).toEqual(["password", "refresh_token"]);
    // Each call sent the revoked token at most once, then the one new token.
    const reads = server.received.filter((r) => r.url === "/api/sys/users/7").map((r) => r.headers.authorization);
    expect(reads.filter((a) => a === `Bearer ${revoked}`)).toHaveLength(1 + 50);
    expect(reads.filter((a) => a === `Bearer ${[...v.valid][0]}`)).toHaveLength(50);
  });

  it("with the default concurrency cap, a call queued behind the 401s retries with the new token, no new grant", async () => {
    const v = issuing();
    server = await vendor(v);
    const client = passwordClient();
    await getUser(client, 7);
    v.valid.clear();
    const users = await Promise.all(Array.from({ length: 50 }, () => getUser(client, 7)));
    expect(users).toHaveLength(50);
    expect(forms().map((f) => f.grant_type)).toEqual(["password", "refresh_token"]);
  });

  it("reports a refused grant (400 invalid_grant) as AuthenticationError, not ValidationError", async () => {
    const v = issuing();
    v.token = () => ({ status: 400, body: { error: "invalid_grant" } });
    server = await vendor(v);
    const error = await getUser(passwordClient(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(400);
    expect(error.issues).toEqual([{ path: "", message: "invalid_grant" }]);
  });

  it("falls back to the password grant when the refresh grant is refused", async () => {
    const v = issuing();
    const base = v.token;
    v.token = (form, req) =>
      form.get("grant_type") === "refresh_token" ? { status: 400, body: { error: "invalid_grant" } } : base(form, req);
    server = await vendor(v);
    const client = passwordClient({ totp: () => `${100000 + tokenRequests().length}` });
    await getUser(client, 7);
    v.valid.clear();
    expect(await getUser(client, 7)).toEqual(USER);
    expect(forms().map((f) => f.grant_type)).toEqual(["password", "refresh_token", "password"]);
    // A fresh two-factor code for each password grant.
    expect(forms().map((f) => f.totp)).toEqual(["100000", undefined, "100002"]);
  });

  it("refreshes only once: a second 401 is an AuthenticationError", async () => {
    const v = issuing();
    v.token = () => ({ status: 200, body: grantAnswer() }); // tokens the API never accepts
    server = await vendor(v);
    const error = await getUser(passwordClient(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/token",
      "GET /api/sys/users/7",
      "POST /api/token",
      "GET /api/sys/users/7",
    ]);
  });

  it("reports bad credentials as AuthenticationError without the password, token or refresh token", async () => {
    const v = issuing();
    const events: LogEvent[] = [];
    let first: string | undefined;
    v.token = (form) => {
      if (form.get("grant_type") === "password" && !first) {
        const answer = grantAnswer();
        first = answer.access_token;
        return { status: 200, body: answer };
      }
      // Nexudus answers bad credentials with HTTP 400 invalid_grant, not 401.
      return {
        status: 400,
        body: { error: "invalid_grant", error_description: "The user name or password is incorrect." },
      };
    };
    server = await vendor(v);
    const client = passwordClient({ logger: (e) => events.push(e) });
    const error = await getUser(client, 7).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(400);
    expect(error.operation).toBe("getToken");
    expect(error.issues).toEqual([{ path: "", message: "The user name or password is incorrect." }]);
    const outputs = [JSON.stringify(error), inspect(error), String(error), error.message, JSON.stringify(events)];
    for (const text of outputs) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(first);
      expect(text).not.toMatch(/refresh-\d/);
    }
    expect(events.some((e) => e.path === "/api/token")).toBe(true);
  });

  it("waits out a throttled token request (409 + Retry-After) and retries it", async () => {
    const v = issuing();
    const base = v.token;
    let throttled = false;
    v.token = (form, req) => {
      if (throttled) return base(form, req);
      throttled = true;
      return { status: 409, body: "", headers: { "retry-after": "0" } };
    };
    server = await vendor(v);
    expect(await getUser(passwordClient({ maxRetries: 2 }), 7)).toEqual(USER);
    expect(tokenRequests()).toHaveLength(2);
  });
});

describe("a bearer token, or HTTP Basic", () => {
  it("sends a given token as Bearer and never calls the token endpoint", async () => {
    const v = issuing();
    v.valid.add("given-token-123");
    server = await vendor(v);
    await getUser(createClient({ baseUrl: server.url, token: "given-token-123" }), 7);
    expect(server.received.map((r) => r.headers.authorization)).toEqual(["Bearer given-token-123"]);
  });

  it("sends username and password as HTTP Basic when basic: true", async () => {
    server = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...USER, auth: req.headers.authorization }));
    });
    const client = passwordClient({ basic: true });
    const user = await getUser(client, 7);
    const expected = `Basic ${Buffer.from(`admin@example.com:${PASSWORD}`).toString("base64")}`;
    expect((user as { auth?: string }).auth).toBe(expected);
    expect(tokenRequests()).toHaveLength(0);
  });

  it("refuses options without credentials, before any request", () => {
    expect(() => createClient({ baseUrl: "https://spaces.nexudus.com" } as ClientOptions)).toThrow(InvalidInputError);
    expect(() => createClient({ username: "a@example.com", password: "" } as ClientOptions)).toThrow(
      /username and password/,
    );
  });

  it("defaults to https://spaces.nexudus.com and refuses plain http to a remote host", async () => {
    const seen: string[] = [];
    const client = createClient({
      token: "t0ken-value",
      maxRetries: 0,
      fetch: async (input, init) => {
        seen.push(new Request(input, init).url);
        return new Response(JSON.stringify(USER), { headers: { "content-type": "application/json" } });
      },
    });
    await getUser(client, 7);
    expect(seen).toEqual(["https://spaces.nexudus.com/api/sys/users/7"]);
    expect(() => createClient({ baseUrl: "http://spaces.nexudus.com", token: "t0ken-value" })).toThrow(
      InvalidInputError,
    );
  });

  it("every failure is a UserbridgeError", async () => {
    server = await vendor(issuing());
    const error = await getUser(createClient({ baseUrl: server.url, token: "wrong-token" }), 7).catch((e) => e);
    expect(error).toBeInstanceOf(UserbridgeError);
    expect(error).toBeInstanceOf(AuthenticationError);
  });
});
