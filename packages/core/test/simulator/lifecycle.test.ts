import { describe, expect, it } from "vitest";
import { startSimServer } from "../../src/simulator.js";
import { call, TINY_TOKEN, tinyPerTest, tinyVendor } from "./tiny-vendor.js";

const start = tinyPerTest();

describe("simulator kit: lifecycle", () => {
  it("starts in milliseconds on a free loopback port", async () => {
    const t0 = performance.now();
    const sim = await start();
    const startMs = performance.now() - t0;
    console.log(`simulator start: ${startMs.toFixed(1)} ms`);
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(startMs).toBeLessThan(200);
    expect((await call(sim, "/api/users/1")).status).toBe(200);
  });

  it("stop() closes the server and its open keep-alive connections", async () => {
    const sim = await start();
    expect((await call(sim, "/api/users/1")).status).toBe(200); // leaves a keep-alive socket open
    await sim.stop();
    await expect(call(sim, "/api/users/1")).rejects.toThrow();
    await sim.stop(); // idempotent
  });

  it("answers a handler's exception with a 500 that keeps no secret", async () => {
    const def = tinyVendor(TINY_TOKEN);
    def.routes = [
      {
        operationId: "boom",
        method: "GET",
        path: "/boom",
        handle: () => {
          throw new Error(`broken with ${TINY_TOKEN}`);
        },
      },
    ];
    const sim = await startSimServer(def, { token: TINY_TOKEN });
    try {
      const res = await call(sim, "/boom");
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "simulator: broken with [redacted]" });
    } finally {
      await sim.stop();
    }
  });

  it("serves a trivial route at a useful rate", async () => {
    const sim = await start({ rateLimit: false });
    const n = 500;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await (await call(sim, "/api/users/1")).arrayBuffer();
    const perSecond = n / ((performance.now() - t0) / 1000);
    console.log(`simulator: ${Math.round(perSecond)} sequential requests/s`);
    expect(sim.exchanges).toHaveLength(n);
  });
});
