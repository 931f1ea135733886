/** The per-vendor gate: even spacing at 97 % of the limit, pause + halve on a throttle, gradual recovery. */
import { describe, expect, it } from "vitest";
import { Gate, isThrottle } from "../src/index.js";

describe("Gate", () => {
  it("spaces requests evenly at 97 % of the limit (no burst)", async () => {
    const gate = new Gate("zluri", { perMinute: 6000 }); // 100/s → one every ~10.3 ms
    const t = performance.now();
    for (let i = 0; i < 20; i++) await gate.take();
    const elapsed = performance.now() - t;
    expect(elapsed).toBeGreaterThanOrEqual(19 * (60_000 / (6000 * 0.97)) - 2);
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
