/**
 * What Prism cannot produce, against a local node:http server: HTML error pages, in-body
 * failures, throttling with Retry-After, hangs.
 */
import { inspect } from "node:util";
import {
  ApiError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { hang, html, json, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { createClient, getUser, updateUser } from "../src/index.js";

const ID = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
const user = { id: ID, firstName: "Ada", email: "ada@example.com", isVisitor: false, isLDAP: false, isSSO: false };
const ok = json(200, { count: 1, startIndex: 0, status: 0, statusCode: 200, response: user });
const serve = serverPerTest();
let server: TestServer | undefined;

const clientFor = async (
  handlers: Parameters<typeof serve>[0],
  extra: { timeoutMs?: number; maxRetries?: number } = {},
) => {
  server = await serve(handlers);
  return createClient({ baseUrl: server.url, token: "secret-token-123", maxRetries: 0, ...extra });
};

describe("onlyoffice error answers", () => {
  it("turns the envelope's error.message into the issues", async () => {
    const client = await clientFor(
      json(404, { status: 1, statusCode: 404, error: { message: "User not found", type: "ItemNotFoundException" } }),
    );
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([{ path: "", message: "User not found" }]);
    expect(error.message).toContain("User not found");
  });

  it("maps a 400 envelope on the PUT to ValidationError with the vendor's message", async () => {
    const client = await clientFor([
      ok,
      json(400, { status: 1, statusCode: 400, error: { message: "Incorrect user name", type: "System.Exception" } }),
    ]);
    const error = await updateUser(client, ID, { firstname: "<>" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "", message: "Incorrect user name" }]);
    expect(error.request).toEqual({
      method: "PUT",
      path: "/api/2.0/people/{userid}",
      bodyKeys: ["isVisitor", "lead", "department", "contacts", "firstname"],
    });
  });

  it.each([
    [502, ServerError],
    [404, NotFoundError],
  ] as const)("survives an HTML error page with HTTP %i (a proxy's), as a typed error", async (status, Class) => {
    const page = `<html><body><h1>${status}</h1>${"<p>padding</p>".repeat(1000)}</body></html>`;
    const client = await clientFor(html(status, page));
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(status);
    expect(error.issues).toEqual([{ path: "", message: "non-JSON answer (text/html)" }]);
    // A 14 KB page is kept as core's 8 KB excerpt.
    expect(new TextEncoder().encode(String(error.body)).byteLength).toBeLessThanOrEqual(8 * 1024);
  });

  it("survives an HTML error page on the PUT after a good read", async () => {
    const client = await clientFor([ok, html(503)]);
    const error = await updateUser(client, ID, { title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.operation).toBe("updateUser");
  });

  it("reports an HTML page with HTTP 200 as ConnectionError (not the JSON promised)", async () => {
    const client = await clientFor(html(200, "<html>login</html>"));
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("not the JSON promised");
  });

  it("reports a 2xx failure envelope (status: 1) as an ApiError with the vendor's message", async () => {
    const client = await clientFor(json(200, { status: 1, statusCode: 500, error: { message: "boom" } }));
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.issues).toEqual([{ path: "", message: "boom" }]);
  });

  it("retries a 429 with Retry-After on the read, then succeeds", async () => {
    const client = await clientFor(
      [json(429, { status: 1, statusCode: 429, error: { message: "slow down" } }, { "retry-after": "0" }), ok],
      { maxRetries: 1 },
    );
    await expect(getUser(client, ID)).resolves.toMatchObject({ id: ID });
    expect(server?.received).toHaveLength(2);
  });

  it("gives up with RateLimitError and retryAfterMs when retries run out", async () => {
    const client = await clientFor(
      json(429, { status: 1, statusCode: 429, error: { message: "slow down" } }, { "retry-after": "7" }),
    );
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(7000);
  });

  it("times out on a portal that never answers", async () => {
    const client = await clientFor(hang, { timeoutMs: 150 });
    const error = await getUser(client, ID).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(inspect(error)).not.toContain("secret-token-123");
  });
});
