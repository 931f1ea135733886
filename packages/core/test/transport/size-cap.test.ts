import { describe, expect, it } from "vitest";
import { html, json, serverPerTest, streamed, type TestServer } from "../../../../test/support/server.js";
import {
  ConnectionError,
  DEFAULT_MAX_RESPONSE_BYTES,
  ERROR_BODY_EXCERPT_BYTES,
  NotFoundError,
  RateLimitError,
  ResponseTooLargeError,
  ServerError,
  ValidationError,
} from "../../src/internal.js";
import { getThing, TOKEN, testClient } from "../helpers.js";

const serve = serverPerTest();
let server: TestServer | undefined;

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** Runs `call` and returns what it settled to, with the peak RSS growth (MB) seen meanwhile. */
async function measured<T>(call: () => Promise<T>): Promise<{ outcome: unknown; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const outcome = await call().catch((e: unknown) => e);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { outcome, growthMb: (peak - before) / MB };
}

describe("response-size cap", () => {
  it("stops a 1 GB streamed answer at the 10 MB default with ResponseTooLargeError, memory bounded", async () => {
    const sent = { bytes: 0 };
    server = await serve([json(200, { id: "a" }), streamed(GB, sent)]);
    const client = testClient(server.url);
    await getThing(client, "a"); // warm up: fetch's own first-use allocations are not the answer's
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const error = await getThing(client, "a").catch((e) => e);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - before) / MB;
    console.log(
      `1 GB answer: stopped after ${(sent.bytes / MB).toFixed(1)} MB sent, peak RSS growth ${growthMb.toFixed(1)} MB`,
    );

    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.limitBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(error.status).toBe(200);
    expect(error.message).toContain("larger than 10485760 bytes");
    expect(growthMb).toBeLessThan(100);
    expect(sent.bytes).toBeLessThan(200 * MB); // the connection was dropped, not drained
    expect(server.received).toHaveLength(2); // the warm-up, then one attempt: never retried
  });

  it("refuses an answer whose Content-Length passes the cap without reading it", async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(GB) });
      res.write("{");
    });
    const error = await getThing(testClient(server.url, { maxResponseBytes: 1000, timeoutMs: 5000 }), "a").catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.limitBytes).toBe(1000);
  });

  it("takes an answer of exactly maxResponseBytes and refuses one byte more", async () => {
    const thing = (size: number) => ({ id: "a", pad: "x".repeat(size - 19) }); // `size` bytes of JSON
    expect(JSON.stringify(thing(1000))).toHaveLength(1000);
    server = await serve([json(200, thing(1000)), json(200, thing(1001))]);
    const client = testClient(server.url, { maxResponseBytes: 1000 });
    await expect(getThing(client, "a")).resolves.toMatchObject({ data: { id: "a" } });
    await expect(getThing(client, "a")).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});

describe("error bodies", () => {
  const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

  it("keeps an HTML error page over 8 KB as an excerpt of at most 8 KB", async () => {
    const page = `<html><body>${"é Bad Gateway ".repeat(2000)}</body></html>`;
    server = await serve(html(502, page));
    const error = await getThing(testClient(server.url, { maxRetries: 0 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(typeof error.body).toBe("string");
    expect(bytes(error.body)).toBeLessThanOrEqual(ERROR_BODY_EXCERPT_BYTES);
    expect(bytes(error.body)).toBeGreaterThan(ERROR_BODY_EXCERPT_BYTES - 8);
    expect(page.startsWith(error.body.replace(/…\[cut\]$/, ""))).toBe(true);
  });

  it("keeps a JSON error body over 8 KB as a redacted excerpt, and a small one whole", async () => {
    const big = { message: "bad", token: TOKEN, errors: Array.from({ length: 500 }, (_, i) => `field_${i} is wrong`) };
    server = await serve([json(422, big), json(422, { message: "bad", token: TOKEN })]);
    const client = testClient(server.url, { maxRetries: 0 });
    const error = await getThing(client, "a").catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("bad");
    expect(bytes(error.body)).toBeLessThanOrEqual(ERROR_BODY_EXCERPT_BYTES);
    expect(error.body).toMatch(/^\{"message":"bad","token":"\[redacted\]","errors":\["field_0/);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    const small = await getThing(client, "a").catch((e) => e);
    expect(small.body).toEqual({ message: "bad", token: "[redacted]" });
  });
});

describe("error answers are read only up to their excerpt (the 10 MB cap is for success bodies)", () => {
  const bytes = (text: string) => new TextEncoder().encode(text).byteLength;
  const head = '{"message":"boom","trace":"';

  it.each([
    ["a 20 MB", 20 * MB],
    ["an endless", Number.POSITIVE_INFINITY],
  ])("%s HTTP 500 body is a ServerError with its ≤ 8 KB excerpt, memory bounded", async (what, total) => {
    const sent = { bytes: 0 };
    server = await serve([json(200, { id: "a" }), streamed(total, sent, { status: 500, head })]);
    const client = testClient(server.url, { maxRetries: 0 });
    await getThing(client, "a"); // warm up
    const { outcome, growthMb } = await measured(() => getThing(client, "a"));
    const error = outcome as ServerError;
    console.log(
      `${what} 500 body: stopped after ${(sent.bytes / MB).toFixed(2)} MB sent, peak RSS growth ${growthMb.toFixed(1)} MB`,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(500);
    expect(typeof error.body).toBe("string");
    expect((error.body as string).startsWith(head)).toBe(true);
    expect(bytes(error.body as string)).toBeLessThanOrEqual(ERROR_BODY_EXCERPT_BYTES);
    expect(error.body).toMatch(/…\[cut\]$/);
    expect(growthMb).toBeLessThan(30);
    expect(sent.bytes).toBeLessThan(5 * MB); // the rest was cancelled, not drained
    expect(server.received).toHaveLength(2);
  });

  it("a huge HTML 404 page is a NotFoundError, not a ResponseTooLargeError", async () => {
    const sent = { bytes: 0 };
    server = await serve(streamed(20 * MB, sent, { status: 404, head: "<html><body>", type: "text/html" }));
    const error = await getThing(testClient(server.url), "a").catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([{ path: "", message: "non-JSON answer (text/html)" }]);
    expect(error.body.startsWith("<html><body>")).toBe(true);
    expect(sent.bytes).toBeLessThan(5 * MB);
  });

  it("retries a 5xx with a huge body like any other, reading only its excerpt each time", async () => {
    const sent = { bytes: 0 };
    server = await serve([streamed(20 * MB, sent, { status: 503, head }), json(200, { id: "a" })]);
    const client = testClient(server.url);
    await expect(getThing(client, "a")).resolves.toMatchObject({ data: { id: "a" } });
    expect(server.received).toHaveLength(2);
  });

  it("reads enough of an error to keep every vendor message of a 40 KB JSON error", async () => {
    const message = `bad ${"x".repeat(40 * 1024)}`;
    server = await serve((_req, res) => {
      res.writeHead(429, {
        "content-type": "application/json",
        "content-length": String(bytes(JSON.stringify({ message }))),
      });
      res.end(JSON.stringify({ message }));
    });
    const error = await getThing(testClient(server.url, { maxRetries: 0 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.issues[0].message).toBe(message);
    expect(bytes(error.body)).toBeLessThanOrEqual(ERROR_BODY_EXCERPT_BYTES);
  });

  it("a declared Content-Length far over the cap on an error is read up to the excerpt, not refused", async () => {
    server = await serve((_req, res) => {
      res.writeHead(502, { "content-type": "text/plain", "content-length": String(GB) });
      res.write("Bad Gateway");
      res.write(" ".repeat(100 * 1024));
    });
    const error = await getThing(testClient(server.url, { maxRetries: 0, timeoutMs: 5000 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body.startsWith("Bad Gateway")).toBe(true);
  });

  it("keeps the 10 MB cap for a success status, even when it carries a vendor's in-body error", async () => {
    const sent = { bytes: 0 };
    server = await serve(streamed(20 * MB, sent, { status: 200, head: '{"status":"error","messages":"' }));
    const error = await getThing(testClient(server.url), "a").catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.status).toBe(200);
  });
});
