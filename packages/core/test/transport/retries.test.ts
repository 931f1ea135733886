import { describe, expect, it } from "vitest";
import { json, reset, serverPerTest, type TestServer } from "../../../../test/support/server.js";
import { backoffDelay, ConnectionError, parseRetryAfter, RateLimitError, ServerError } from "../../src/internal.js";
import { getThing, patchThing, testClient } from "../helpers.js";

const serve = serverPerTest();
let server: TestServer | undefined;

describe("retries", () => {
  it("retries a 429 after the Retry-After delay, then succeeds", async () => {
    server = await serve([json(429, { message: "slow down" }, { "retry-after": "1" }), json(200, { id: "a" })]);
    const started = Date.now();
    const { data } = await getThing(testClient(server.url), "a");
    expect(data).toEqual({ id: "a" });
    expect(server.received).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("honours an HTTP-date Retry-After", async () => {
    const soon = new Date(Date.now() + 1500).toUTCString();
    server = await serve([json(503, {}, { "retry-after": soon }), json(200, { id: "a" })]);
    const started = Date.now();
    await getThing(testClient(server.url), "a");
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(server.received).toHaveLength(2);
  });

  it("gives up with ServerError after maxRetries on 503 three times", async () => {
    server = await serve(json(503, { message: "down for maintenance" }));
    const error = await getThing(testClient(server.url, { maxRetries: 2 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(503);
    expect(error.issues).toEqual([{ path: "", message: "down for maintenance" }]);
    expect(server.received).toHaveLength(3);
  });

  it("does not retry when Retry-After is beyond 60 s, and reports it", async () => {
    server = await serve(json(429, { message: "quota" }, { "retry-after": "3600" }));
    const error = await getThing(testClient(server.url), "a").catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(server.received).toHaveLength(1);
  });

  it.each([408, 500, 502, 504])("retries HTTP %i", async (status) => {
    server = await serve([json(status, {}), json(200, { id: "a" })]);
    await getThing(testClient(server.url), "a");
    expect(server.received).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422])("does not retry HTTP %i", async (status) => {
    server = await serve(json(status, {}));
    await getThing(testClient(server.url), "a").catch(() => {});
    expect(server.received).toHaveLength(1);
  });

  it("re-sends the same body on a retried PATCH", async () => {
    server = await serve([json(502, {}), json(200, { id: "a" })]);
    await patchThing(testClient(server.url), "a", { name: "Ada" });
    expect(server.received.map((r) => r.body)).toEqual(['{"name":"Ada"}', '{"name":"Ada"}']);
  });

  it("retries a reset connection and then reports ConnectionError", async () => {
    server = await serve(reset);
    const error = await getThing(testClient(server.url, { maxRetries: 1 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.received).toHaveLength(2);
  });
});

describe("backoff", () => {
  it("stays within full-jitter bounds: [0, min(8 s, 0.5 s·2^n))", () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(8000, 500 * 2 ** attempt));
      }
    }
  });

  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
