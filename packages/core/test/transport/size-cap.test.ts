import { describe, expect, it } from "vitest";
import { html, json, serverPerTest, streamed, type TestServer } from "../../../../test/support/server.js";
import {
  ConnectionError,
  DEFAULT_MAX_RESPONSE_BYTES,
  ERROR_BODY_EXCERPT_BYTES,
  ResponseTooLargeError,
  ServerError,
  ValidationError,
} from "../../src/internal.js";
import { getThing, TOKEN, testClient } from "../helpers.js";

const serve = serverPerTest();
let server: TestServer | undefined;

const GB = 1024 ** 3;
const MB = 1024 ** 2;

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
