/**
 * A per-client cap on requests in flight (issue 12, item 6): 2,000 parallel calls do not open
 * 2,000 sockets. Measured at a local server: how many requests it holds at once.
 */
import { describe, expect, it } from "vitest";
import { serverPerTest } from "../../../../test/support/server.js";
import { DEFAULT_MAX_CONCURRENCY } from "../../src/internal.js";
import { getThing, testClient } from "../helpers.js";

const serve = serverPerTest();

async function peak(options: { maxConcurrency?: number }, calls: number) {
  let inFlight = 0;
  let max = 0;
  const server = await serve(async (_req, res) => {
    inFlight++;
    max = Math.max(max, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"id":"a"}');
  });
  const client = testClient(server.url, options);
  const results = await Promise.all(Array.from({ length: calls }, () => getThing(client, "a")));
  expect(results.every((r) => r.data.id === "a")).toBe(true);
  expect(server.received).toHaveLength(calls);
  return max;
}

describe("concurrency cap", () => {
  it("2,000 parallel calls hold at most the default number of requests open", async () => {
    expect(DEFAULT_MAX_CONCURRENCY).toBeGreaterThan(1);
    expect(DEFAULT_MAX_CONCURRENCY).toBeLessThanOrEqual(32);
    const max = await peak({}, 2_000);
    expect(max).toBeLessThanOrEqual(DEFAULT_MAX_CONCURRENCY);
    expect(max).toBeGreaterThan(1);
  });

  it("honours maxConcurrency", async () => {
    expect(await peak({ maxConcurrency: 3 }, 200)).toBeLessThanOrEqual(3);
    expect(await peak({ maxConcurrency: 1 }, 50)).toBe(1);
  });

  it("refuses a maxConcurrency that is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => testClient("http://127.0.0.1:9", { maxConcurrency: bad })).toThrow(
        /maxConcurrency: must be a whole number, 1 or more/,
      );
  });
});
