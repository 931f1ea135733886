/** The per-vendor gate: even spacing at 97 % of the limit, pause + halve on a throttle, gradual recovery. */
import { describe, expect, it } from "vitest";
import { serverPerTest } from "../../../test/support/server.js";
import { Gate, isThrottle } from "../src/index.js";

const serve = serverPerTest();

describe("Gate", () => {
  it("paces requests at 97 % of the limit: in any span T at most T/interval + 2 leave (no burst)", async () => {
    const gate = new Gate("zluri", { perMinute: 6000 }); // 100/s → one every ~10.3 ms
    const interval = 60_000 / (6000 * 0.97);
    const at: number[] = [];
    for (let i = 0; i < 40; i++) {
      await gate.take();
      at.push(performance.now());
    }
    for (let i = 0; i < at.length; i++)
      for (let j = i + 1; j < at.length; j++)
        expect(j - i + 1, `requests ${i}…${j}`).toBeLessThanOrEqual(
          ((at[j] as number) - (at[i] as number)) / interval + 2 + 0.05,
        );
    // Never two within half an interval (Nexudus' simulator throttles two requests within 100 ms).
    for (let i = 1; i < at.length; i++)
      expect((at[i] as number) - (at[i - 1] as number)).toBeGreaterThan(interval / 2 - 1);
  });

  it("makes up late wakes: a busy event loop does not lower the rate", async () => {
    const gate = new Gate("onlyoffice", { perMinute: 3000 }); // 50/s → one every ~20.6 ms
    const interval = 60_000 / (3000 * 0.97);
    // Another task on the same event loop blocks it 6 ms out of every 9: every timer wakes late.
    let busy = true;
    const hog = (async () => {
      while (busy) {
        const until = performance.now() + 6;
        while (performance.now() < until) {}
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    const n = 60;
    const t = performance.now();
    for (let i = 0; i < n; i++) await gate.take();
    const elapsed = performance.now() - t;
    busy = false;
    await hog;
    // n requests take n - 1 intervals at the gate's rate; lateness not made up would add ~3 ms each.
    expect(((n - 1) * interval) / elapsed).toBeGreaterThan(0.97);
  });

  it("sends the first request alone and starts the schedule when it is answered (a cold start bunches nothing)", async () => {
    // The first answer takes 150 ms (a cold connection); later ones are instant.
    const arrived: number[] = [];
    let firstAnswered = 0;
    const server = await serve(async (_req, res, index) => {
      arrived.push(performance.now());
      if (index === 0) {
        await new Promise((r) => setTimeout(r, 150));
        firstAnswered = performance.now();
      }
      res.end("{}");
    });
    const gate = new Gate("onlyoffice", { perMinute: 60_000 }); // one every ~1 ms
    await Promise.all(Array.from({ length: 4 }, () => gate.fetch(server.url).then((r) => r.text())));
    expect(arrived).toHaveLength(4);
    // Without the warm start, all four would have left within ~3 ms, three of them during the slow answer.
    for (const t of arrived.slice(1)) expect(t).toBeGreaterThanOrEqual(firstAnswered);
  });

  it("a throttle pauses until Retry-After and halves the rate; answers restore it by 1/50 of the target", async () => {
    const events: string[] = [];
    const gate = new Gate("nexudus", {
      perMinute: 60_000,
      onEvent: (e) => events.push(`${e.type} ${Math.round(e.perMinute)}`),
    });
    gate.throttled(150, 409);
    expect(gate.perMinute).toBeCloseTo((60_000 * 0.97) / 2);
    const t = performance.now();
    await gate.take();
    expect(performance.now() - t).toBeGreaterThanOrEqual(145);
    for (let i = 0; i < 25; i++) gate.answered();
    expect(gate.perMinute).toBeCloseTo(60_000 * 0.97);
    expect(events[0]).toBe("throttle 29100");
    expect(events.at(-1)).toBe("rate 58200");
  });

  it("knows the vendors' throttle answers", () => {
    const r = (status: number, retryAfter?: string) =>
      new Response(null, { status, headers: retryAfter ? { "retry-after": retryAfter } : {} });
    expect([r(429), r(409, "1"), r(503, "2"), r(409), r(503), r(500, "1")].map(isThrottle)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
