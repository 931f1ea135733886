/**
 * Fault and behaviour tests against a local node:http server: what Prism cannot produce
 * (429 + retry-after then success, HTML bodies, hangs, resets, empty or odd success bodies).
 */
import {
  ApiError,
  ConnectionError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { type Handler, hang, html, json, reset, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { type ClientOptions, createClient, DEFAULT_BASE_URL, getUser, updateUser } from "../src/index.js";

const ID = "64b7f0c2a1d3e4f5a6b7c8d9";
const API_KEY = "zk_live_7f3e9a1b2c4d";
const ROW = { user_id: ID, user_name: "Ada Lovelace", user_email: "ada@example.com", user_status: "active" };
const RATE_LIMITED = {
  errors: [{ msg: "Rate limit exceeded. Please retry after some time." }],
  code: "RATE_LIMIT_EXCEEDED",
};

const empty =
  (status: number): Handler =>
  (_req, res) => {
    res.writeHead(status).end();
  };

const serve = serverPerTest();
let server: TestServer | undefined;

const client = (url: string, options: Partial<ClientOptions> = {}) =>
  createClient({ baseUrl: `${url}/v2`, apiKey: API_KEY, maxRetries: 0, verify: false, ...options });

describe("client options", () => {
  it("defaults to https://api-ext.zluri.com/v2 and sends the key in `api-key`", async () => {
    const seen: Request[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push(new Request(input, init));
      return Response.json({ user: ROW });
    };
    await updateUser(createClient({ apiKey: API_KEY, fetch, verify: false }), ID, { user_name: "Ada" });
    expect(DEFAULT_BASE_URL).toBe("https://api-ext.zluri.com/v2");
    expect(seen[0]?.url).toBe(`https://api-ext.zluri.com/v2/users/${ID}`);
    expect(seen[0]?.headers.get("api-key")).toBe(API_KEY);
    expect(seen[0]?.headers.get("authorization")).toBeNull();
  });

  it("takes another base path, e.g. /ext/v2", async () => {
    server = await serve(json(200, { items: [ROW] }));
    await getUser(createClient({ baseUrl: `${server.url}/ext/v2/`, apiKey: API_KEY }), ID);
    expect(server.received[0]?.url).toBe("/ext/v2/users");
    expect(server.received[0]?.headers["api-key"]).toBe(API_KEY);
  });

  it("refuses a missing apiKey and an insecure base URL", () => {
    expect(() => createClient({ apiKey: "" })).toThrow(InvalidInputError);
    expect(() => createClient({} as never)).toThrow(/apiKey: is required/);
    expect(() => createClient({ apiKey: API_KEY, baseUrl: "http://api-ext.zluri.com/v2" })).toThrow(/https/);
  });
});

describe("rate limits (429 + retry-after)", () => {
  it("retries an update after retry-after, then succeeds", async () => {
    server = await serve([json(429, RATE_LIMITED, { "retry-after": "1" }), json(200, { user: ROW })]);
    const started = Date.now();
    const user = await updateUser(client(server.url, { maxRetries: 2 }), ID, { user_status: "inactive" });
    expect(user.user_id).toBe(ID);
    expect(server.received.map((r) => r.method)).toEqual(["PATCH", "PATCH"]);
    expect(server.received[1]?.body).toBe(JSON.stringify({ user_status: "inactive" }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("gives up after maxRetries with RateLimitError carrying retryAfterMs and Zluri's message", async () => {
    server = await serve(json(429, RATE_LIMITED, { "retry-after": "0" }));
    const error = await updateUser(client(server.url, { maxRetries: 2 }), ID, { user_name: "Ada" }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(0);
    expect(error.issues).toEqual([{ path: "", message: "Rate limit exceeded. Please retry after some time." }]);
    expect(server.received).toHaveLength(3);
  });

  it("reports retry-after in ms when it gives up", async () => {
    server = await serve(json(429, RATE_LIMITED, { "retry-after": "30" }));
    const error = await updateUser(client(server.url), ID, { user_name: "Ada" }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(30_000);
    expect(server.received).toHaveLength(1);
  });

  it("retries the read too, although it is a POST (a pure query)", async () => {
    server = await serve([
      json(429, RATE_LIMITED, { "retry-after": "0" }),
      json(503, { message: "busy" }, { "retry-after": "0" }),
      json(200, { items: [ROW] }),
    ]);
    const user = await getUser(client(server.url, { maxRetries: 2 }), ID);
    expect(user).toEqual(ROW);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill("POST /v2/users"));
  });

  it("does not retry other POSTs", async () => {
    server = await serve(json(503, { message: "busy" }, { "retry-after": "0" }));
    const raw = client(server.url, { maxRetries: 2 });
    const { response } = await raw.POST("/users/import" as "/users", { body: {} });
    expect(response.status).toBe(503);
    expect(server.received).toHaveLength(1);
  });
});

describe("error bodies", () => {
  it("turns every errors[].msg into an issue, with the field when Zluri names it", async () => {
    server = await serve(
      json(400, {
        errors: [
          { msg: "user_email must be a valid email", path: "user_email" },
          { msg: "Invalid value", param: "user_department_id" },
          { msg: "something else" },
          "a bare string",
          { nomsg: true },
        ],
      }),
    );
    const error = await updateUser(client(server.url), ID, { user_name: "Ada" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: "user_email", message: "user_email must be a valid email" },
      { path: "user_department_id", message: "Invalid value" },
      { path: "", message: "something else" },
      { path: "", message: "a bare string" },
    ]);
    expect(error.message).toContain("user_email must be a valid email");
  });

  it("keeps a top-level message, and the code when there is nothing else", async () => {
    server = await serve([
      json(422, { message: "Validation failed", errors: [{ msg: "user_status is invalid" }] }),
      json(400, { code: "BAD_REQUEST" }),
    ]);
    const first = await updateUser(client(server.url), ID, { user_name: "Ada" }).catch((e) => e);
    expect(first.issues).toEqual([
      { path: "", message: "Validation failed" },
      { path: "", message: "user_status is invalid" },
    ]);
    const second = await updateUser(client(server.url), ID, { user_name: "Ada" }).catch((e) => e);
    expect(second.issues).toEqual([{ path: "", message: "BAD_REQUEST" }]);
  });

  it("never leaks the api key, even when Zluri echoes it", async () => {
    server = await serve(json(401, { message: `The API key ${API_KEY} is invalid` }));
    const error = await updateUser(client(server.url), ID, { user_name: "Ada" }).catch((e) => e);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it("maps a proxy's HTML 502 to ServerError", async () => {
    server = await serve(html(502));
    const error = await getUser(client(server.url), ID).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.issues).toEqual([{ path: "", message: "non-JSON answer (text/html)" }]);
  });

  it("maps a hang to TimeoutError and a reset to ConnectionError", async () => {
    server = await serve([hang, reset]);
    const timeout = await getUser(client(server.url, { timeoutMs: 100 }), ID).catch((e) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    const dropped = await updateUser(client(server.url), ID, { user_name: "Ada" }).catch((e) => e);
    expect(dropped).toBeInstanceOf(ConnectionError);
  });
});

describe("getUser through the filtered list", () => {
  it("throws NotFoundError when no row comes back", async () => {
    server = await serve(json(200, { count: 0, page: 1, page_size: 50, items: [] }));
    const error = await getUser(client(server.url), ID).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([{ path: "user_id", message: `no user with id ${ID}` }]);
    expect(server.received).toHaveLength(1);
  });

  it("never returns another user's row (e.g. if the filter were ignored)", async () => {
    const other = { ...ROW, user_id: "64b7f0c2a1d3e4f5a6b7c8da", user_name: "Grace Hopper" };
    server = await serve([json(200, { count: 1, items: [other] }), json(200, { items: [null, 7, other, ROW] })]);
    await expect(getUser(client(server.url), ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(await getUser(client(server.url), ID)).toEqual(ROW);
  });

  it("finds the row by `_id` when `user_id` is absent", async () => {
    const row = { _id: ID.toUpperCase(), user_name: "Ada" };
    server = await serve(json(200, { items: [row] }));
    expect(await getUser(client(server.url), ID)).toEqual(row);
  });

  it("reports an answer without an items list as ApiError, not as a missing user", async () => {
    server = await serve([json(200, { data: [ROW] }), json(200, null)]);
    for (let i = 0; i < 2; i++) {
      const error = await getUser(client(server.url), ID).catch((e) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).not.toBeInstanceOf(NotFoundError);
      expect(error.issues).toEqual([{ path: "items", message: "is missing" }]);
    }
  });
});

describe("updateUser's undocumented success body", () => {
  it("re-reads the user when the answer holds none, and returns the re-read row", async () => {
    server = await serve([json(200, { message: "User updated successfully" }), json(200, { items: [ROW] })]);
    const user = await updateUser(client(server.url), ID, { user_name: "Ada Lovelace" });
    expect(user).toEqual(ROW);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([`PATCH /v2/users/${ID}`, "POST /v2/users"]);
    expect(JSON.parse(server.received[1]?.body ?? "")).toEqual({
      filter_by: [{ field_id: "user_id", field_values: [ID] }],
    });
  });

  it.each([
    ["204 No Content", empty(204)],
    ["200 without a body", empty(200)],
    ["200 with JSON null", json(200, null)],
    ["200 with a user that is not an object", json(200, { user: "64b7f0c2a1d3e4f5a6b7c8d9" })],
  ])("takes %s as success and re-reads", async (_name, first) => {
    server = await serve([first, json(200, { items: [ROW] })]);
    expect(await updateUser(client(server.url), ID, { user_archive: true })).toEqual(ROW);
    expect(server.received.map((r) => r.method)).toEqual(["PATCH", "POST"]);
  });

  it("returns the user in the answer without a re-read", async () => {
    const updated = { user_id: ID, user_archive: true };
    server = await serve(json(200, { message: "User updated successfully", user: updated }));
    expect(await updateUser(client(server.url), ID, { user_archive: true })).toEqual(updated);
    expect(server.received).toHaveLength(1);
  });

  it("reports a failing re-read as the read's error (the update itself went through)", async () => {
    server = await serve([json(200, {}), json(200, { items: [] })]);
    const error = await updateUser(client(server.url), ID, { user_archive: true }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.operation).toBe("getUser");
  });

  it("maps a non-JSON success body to ConnectionError", async () => {
    server = await serve(html(200, "<html>OK</html>"));
    const error = await updateUser(client(server.url), ID, { user_archive: true }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });
});
