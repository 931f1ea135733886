/**
 * Per-call options (`{ signal, timeoutMs, maxRetries }`, core's withCallOptions), the
 * onRequest/onResponse hooks and the wording of connection errors, against a local HTTP server.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { hang, json, serverPerTest } from "../../../../test/support/server.js";
import type { RequestEvent, ResponseEvent } from "../../src/index.js";
import {
  AbortedError,
  ConnectionError,
  InvalidInputError,
  ServerError,
  TimeoutError,
  withCallOptions,
} from "../../src/internal.js";
import { getThing, TOKEN, testClient } from "../helpers.js";

const serve = serverPerTest();
const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("per-call options", () => {
  it("a per-call timeoutMs fires, whatever the client's own", async () => {
    const server = await serve(hang);
    const client = testClient(server.url, { timeoutMs: 30_000, maxRetries: 0 });
    const started = Date.now();
    const error = await caught(getThing(withCallOptions(client, { timeoutMs: 150 }, "getThing"), "a"));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/within 150 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a per-call maxRetries: 0 does not retry (the client's default would, twice)", async () => {
    const server = await serve([
      json(503, { message: "busy" }),
      json(503, { message: "busy" }),
      json(200, { id: "a" }),
    ]);
    const client = testClient(server.url);
    const error = await caught(getThing(withCallOptions(client, { maxRetries: 0 }, "getThing"), "a"));
    expect(error).toBeInstanceOf(ServerError);
    expect(server.received).toHaveLength(1);
    // Without the option, the same client retries the 503 and gets the 200.
    const { data } = await getThing(client, "a");
    expect(data).toEqual({ id: "a" });
    expect(server.received).toHaveLength(3);
  });

  it("an already aborted signal sends nothing", async () => {
    const server = await serve(json(200, { id: "a" }));
    const client = testClient(server.url);
    const error = await caught(getThing(withCallOptions(client, { signal: AbortSignal.abort() }, "getThing"), "a"));
    expect(error).toBeInstanceOf(AbortedError);
    expect(server.received).toHaveLength(0);
  });

  it("an abort stops a request in flight at once, and is never retried", async () => {
    const server = await serve(hang);
    const client = testClient(server.url, { timeoutMs: 30_000, maxRetries: 2 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await caught(getThing(withCallOptions(client, { signal: controller.signal }, "getThing"), "a"));
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).message).toMatch(/aborted by the caller's signal/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.received).toHaveLength(1);
  });

  it("an abort cuts a wait between retries short (Retry-After: 30 s)", async () => {
    const controller = new AbortController();
    const busy = json(503, { message: "busy" }, { "retry-after": "30" });
    // Aborted once the 503 is on its way: the call is then waiting out the Retry-After.
    const server = await serve(async (req, res, i) => {
      await busy(req, res, i);
      setTimeout(() => controller.abort(), 100);
    });
    const client = testClient(server.url, { maxRetries: 2 });
    const started = Date.now();
    const error = await caught(getThing(withCallOptions(client, { signal: controller.signal }, "getThing"), "a"));
    expect(error).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.received).toHaveLength(1);
  });

  it("bad per-call options are an InvalidInputError naming each, before any request", async () => {
    const server = await serve(json(200, { id: "a" }));
    const client = testClient(server.url);
    const bad = { timeoutMs: -1, maxRetries: 1.5, signal: "stop", retries: 3 };
    const error = await caught(Promise.resolve().then(() => withCallOptions(client, bad as never, "getThing")));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual([
      "options.timeoutMs",
      "options.maxRetries",
      "options.signal",
      "options.retries",
    ]);
    expect(server.received).toHaveLength(0);
  });

  it("no options: the client itself, nothing allocated", () => {
    const client = testClient("http://127.0.0.1:9");
    expect(withCallOptions(client, undefined, "getThing")).toBe(client);
  });
});

describe("onRequest / onResponse hooks", () => {
  it("see every attempt (method, URL, attempt, status, duration, request id) and never a secret", async () => {
    const server = await serve([
      json(503, { message: "busy" }, { "x-request-id": "req-1" }),
      json(502, { message: "bad gateway" }, { "x-request-id": "req-2" }),
      json(200, { id: TOKEN }, { "x-request-id": "req-3" }),
    ]);
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const client = testClient(server.url, {
      onRequest: (e) => requests.push(e),
      onResponse: (e) => responses.push(e),
    });
    // The token as the id: it is in the path the hooks see, and must be scrubbed there.
    await getThing(client, TOKEN);
    expect(requests.map((e) => [e.method, e.attempt])).toEqual([
      ["GET", 0],
      ["GET", 1],
      ["GET", 2],
    ]);
    expect(requests[0]?.url).toBe(`${server.url}/things/[redacted]`);
    expect(responses.map((e) => [e.status, e.attempt, e.requestId])).toEqual([
      [503, 0, "req-1"],
      [502, 1, "req-2"],
      [200, 2, "req-3"],
    ]);
    for (const e of responses) expect(e.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify([requests, responses])).not.toContain(TOKEN);
  });

  it("see an attempt that got no answer, with its error", async () => {
    const port = await closedPort();
    const responses: ResponseEvent[] = [];
    const client = testClient(`http://127.0.0.1:${port}`, { maxRetries: 1, onResponse: (e) => responses.push(e) });
    await caught(getThing(client, "a"));
    expect(responses.map((e) => [e.attempt, e.status])).toEqual([
      [0, undefined],
      [1, undefined],
    ]);
    expect(responses[0]?.error).toBeInstanceOf(Error);
  });

  it("a per-call view keeps the client's hooks", async () => {
    const server = await serve(json(200, { id: "a" }));
    const seen: number[] = [];
    const client = testClient(server.url, { onResponse: (e) => seen.push(e.status ?? 0) });
    await getThing(withCallOptions(client, { timeoutMs: 5_000 }, "getThing"), "a");
    expect(seen).toEqual([200]);
  });
});

describe("connection errors", () => {
  it("name the host and the system error code, not just `fetch failed`", async () => {
    const port = await closedPort();
    const error = await caught(getThing(testClient(`http://127.0.0.1:${port}`, { maxRetries: 0 }), "a"));
    expect(error).toBeInstanceOf(ConnectionError);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).toMatch(/^test: GET 127\.0\.0\.1:\d+\/things\/a failed: fetch failed: connect ECONNREFUSED/);
  });
});
