import { describe, expect, it } from "vitest";
import { call, tinyPerTest } from "./tiny-vendor.js";

const start = tinyPerTest();

describe("simulator kit: fault injection and latency", () => {
  it("answers the first `times` requests with the injected fault, then normally", async () => {
    const sim = await start({ fail: { status: 503, times: 2, retryAfter: 3, body: { error: "maintenance" } } });
    const first = await call(sim, "/api/users/1");
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("3");
    expect(await first.json()).toEqual({ error: "maintenance" });
    expect((await call(sim, "/api/users/1")).status).toBe(503);
    expect((await call(sim, "/api/users/1")).status).toBe(200);
    expect(sim.exchanges.map((e) => [e.status, e.injected])).toEqual([
      [503, true],
      [503, true],
      [200, undefined],
    ]);
  });

  it("injects once by default, before auth and without Retry-After unless given", async () => {
    const sim = await start({ fail: { status: 500 } });
    const first = await call(sim, "/api/users/1", { token: "nope" });
    expect(first.status).toBe(500);
    expect(first.headers.get("retry-after")).toBeNull();
    expect((await call(sim, "/api/users/1", { token: "nope" })).status).toBe(401);
  });

  it("delays every answer by latencyMs", async () => {
    const sim = await start({ latencyMs: 80 });
    const t0 = performance.now();
    expect((await call(sim, "/api/users/1")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
  });
});
