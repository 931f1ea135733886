import { describe, expect, it } from "vitest";
import { call, tinyPerTest } from "./tiny-vendor.js";

const start = tinyPerTest();

async function statuses(sim: { url: string }, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(sim, "/api/users/1")).status);
  return out;
}

describe("simulator kit: rate limit", () => {
  it("is on by default: the vendor's 6th request in its window gets its throttle answer with Retry-After", async () => {
    const sim = await start();
    expect(await statuses(sim, 5)).toEqual([200, 200, 200, 200, 200]);
    const throttled = await call(sim, "/api/users/1");
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toEqual({ error: "too many requests" });
    // Retry-After: wall-clock seconds until the oldest request leaves the 10 s window.
    expect([9, 10]).toContain(Number(throttled.headers.get("retry-after")));
    expect(sim.exchanges.at(-1)).toMatchObject({ operationId: "getUser", status: 429 });
  });

  it("is off with rateLimit: false", async () => {
    const sim = await start({ rateLimit: false });
    expect(new Set(await statuses(sim, 12))).toEqual(new Set([200]));
  });

  it("takes an override of limit and window", async () => {
    const sim = await start({ rateLimit: { limit: 2 } });
    expect(await statuses(sim, 3)).toEqual([200, 200, 429]);
  });

  it("timeScale makes the 10 s window pass in ~100 ms (and Retry-After says 1 s)", async () => {
    const sim = await start({ timeScale: 100 });
    // Concurrent, so that all of them land inside one 100 ms window even on a loaded machine.
    const answers = await Promise.all(Array.from({ length: 7 }, () => call(sim, "/api/users/1")));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429]);
    for (const a of answers.filter((a) => a.status === 429)) expect(a.headers.get("retry-after")).toBe("1");
    await new Promise((r) => setTimeout(r, 110));
    expect((await call(sim, "/api/users/1")).status).toBe(200);
  });

  it("counts unauthenticated requests (rate limit comes before auth)", async () => {
    const sim = await start({ rateLimit: { limit: 1 } });
    expect((await call(sim, "/api/users/1", { token: "nope" })).status).toBe(401);
    expect((await call(sim, "/api/users/1")).status).toBe(429);
  });
});

describe("simulator kit: several windows at once", () => {
  it("throttles when any applicable window is full, and counts a request only when all admit it", async () => {
    const { allWindows, slidingWindow } = await import("../../src/simulator/rate-limit.js");
    const isWrite = (req: { method: string }) => req.method !== "GET";
    const limiter = allWindows<{ method: string }>([
      { window: slidingWindow(3, 1000) },
      { window: slidingWindow(1, 1000), appliesTo: isWrite },
    ]);
    const at = (method: string, now: number) => limiter.take({ method }, now).ok;
    // One write fills the write window; a second write waits; reads still pass the general window.
    expect([at("PUT", 0), at("PUT", 1), at("GET", 2), at("GET", 3), at("GET", 4)]).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    // The refused PUT was not counted in the general window: after the first request leaves it
    // (t = 1000), one more slot is free.
    expect(at("GET", 1000.5)).toBe(true);
    expect(limiter.take({ method: "PUT" }, 1001)).toEqual({ ok: false, waitMs: 1 }); // general window full until GET@2 leaves
    expect(limiter.take({ method: "PUT" }, 1002.5)).toEqual({ ok: true });
  });
});
