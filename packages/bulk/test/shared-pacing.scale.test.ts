/**
 * One vendor budget across processes (issue 23): gates in separate processes pacing one Snipe-IT
 * tenant through Redis together stay under its limit, while the same processes pacing themselves
 * alone get throttled. Against a real Redis server (test/support/services-setup.ts) and the
 * Snipe-IT simulator with its limit on (120/min, clock sped up).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SIMULATOR_TOKEN, snipeItRecord, startSimulator } from "@userbridge/snipe-it/simulator";
import { afterEach, describe, expect, inject, it } from "vitest";
import { startRedisServer } from "../../../test/support/redis-server.js";
// Its ProvidedContext declaration types inject("redisUrl") for this package's typecheck.
import type {} from "../../../test/support/services-setup.js";
import { Gate } from "../src/gate.js";
import { connectSharedPacing, type SharedPacing, SharedPacingUnavailableError } from "../src/redis.js";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./support/paced-worker.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const redisUrl = inject("redisUrl");
const closing: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await (c.close ?? c.stop)?.();
});

const TIME_SCALE = 10; // Snipe-IT's 120/min window lasts 6 s: a limit of 20 requests/s on the wall clock
const LIMIT_PER_SECOND = (120 * TIME_SCALE) / 60;

async function simulator() {
  const sim = await startSimulator({
    users: { "1": snipeItRecord({ id: 1, username: "ada" }) },
    timeScale: TIME_SCALE,
  });
  closing.push(sim);
  return sim;
}

/** Three processes, 60 GETs each, each gate at the full limit; shared through Redis or not. */
async function threeProcesses(url: string, redis: string) {
  const outs = await Promise.all(
    [0, 1, 2].map(() =>
      run(tsx, [worker, `${url}/api/v1/users/1`, SIMULATOR_TOKEN, redis, String(120 * TIME_SCALE), "60"], {
        timeout: 60_000,
      }),
    ),
  );
  const sent = outs.flatMap((o) => JSON.parse(o.stdout) as [number, number][]).sort((a, b) => a[0] - b[0]);
  const seconds = ((sent.at(-1)?.[0] ?? 0) - (sent[0]?.[0] ?? 0)) / 1000;
  return { sent, throttled: sent.filter(([, s]) => s === 429).length, perSecond: sent.length / seconds };
}

describe("shared pacing through Redis", () => {
  it("three processes together stay under one tenant's limit: no throttle, ≥ 90 % of it; alone they are throttled", async () => {
    const shared = await threeProcesses((await simulator()).url, redisUrl);
    expect(shared.sent).toHaveLength(180);
    expect(shared.throttled).toBe(0);
    expect(shared.perSecond / LIMIT_PER_SECOND).toBeGreaterThanOrEqual(0.9);
    expect(shared.perSecond / LIMIT_PER_SECOND).toBeLessThanOrEqual(1);
    console.log(
      `shared: ${shared.sent.length} requests at ${((100 * shared.perSecond) / LIMIT_PER_SECOND).toFixed(1)} % of the limit, ${shared.throttled} throttled`,
    );
    // The control: the same three processes, each pacing itself alone, overrun the limit threefold.
    const alone = await threeProcesses((await simulator()).url, "none");
    console.log(`alone: ${alone.throttled} of ${alone.sent.length} throttled`);
    expect(alone.throttled).toBeGreaterThan(0);
  });

  it("a throttle answer seen by one process pauses and slows the others", async () => {
    const pacing = await connectSharedPacing(redisUrl, { keyPrefix: `test:${Date.now()}:` });
    closing.push(pacing);
    const a = new Gate("zluri", { perMinute: 6000, pacer: pacing.pacer("zluri", "https://t") });
    const b = new Gate("zluri", { perMinute: 6000, pacer: pacing.pacer("zluri", "https://t") });
    await a.take();
    a.throttled(300, 429);
    await new Promise((r) => setTimeout(r, 20)); // the throttle reaches Redis
    const t = performance.now();
    await b.take(); // b saw no throttle itself
    expect(performance.now() - t).toBeGreaterThanOrEqual(250);
    expect(b.perMinute).toBeCloseTo((6000 * 0.97) / 2);
  });

  it("two gates sharing a budget never burst: in any span T at most T/interval + 2 requests leave", async () => {
    const pacing: SharedPacing = await connectSharedPacing(redisUrl, { keyPrefix: `test:${Date.now()}:` });
    closing.push(pacing);
    const gates = [0, 1].map(() => new Gate("zluri", { perMinute: 6000, pacer: pacing.pacer("zluri", "https://t") }));
    const interval = 60_000 / (6000 * 0.97);
    const at: number[] = [];
    await Promise.all(
      gates.map(async (g) => {
        for (let i = 0; i < 30; i++) {
          await g.take();
          at.push(performance.now());
        }
      }),
    );
    at.sort((x, y) => x - y);
    for (let i = 0; i < at.length; i++)
      for (let j = i + 1; j < at.length; j++)
        expect(j - i + 1, `requests ${i}…${j}`).toBeLessThanOrEqual(
          ((at[j] as number) - (at[i] as number)) / interval + 2 + 0.05,
        );
  });

  it("Redis lost during a run: the gate waits and asks again with backoff, never paces alone, and goes on once it is back", async () => {
    const server = await startRedisServer();
    closing.push(server);
    const pacing = await connectSharedPacing(server.url);
    closing.push(pacing);
    const failures: number[] = [];
    const gate = new Gate("zluri", {
      perMinute: 6000,
      pacer: pacing.pacer("zluri", "https://t"),
      onPacerError: (_error, retryInMs) => failures.push(retryInMs),
    });
    await gate.take();
    await server.stop();
    let taken = false;
    const waiting = gate.take().then(() => (taken = true));
    await new Promise((r) => setTimeout(r, 1000));
    expect(taken).toBe(false); // no slot without the shared schedule
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures.slice(0, 3)).toEqual([100, 200, 400]); // backoff
    const again = await startRedisServer(server.port);
    closing.push(again);
    await waiting; // reconnected: the slot is taken from the shared schedule again
    expect(taken).toBe(true);
  });

  it("fails closed at start when Redis is unreachable, naming where without the password", async () => {
    const error = await connectSharedPacing("redis://user:hunter2@127.0.0.1:1", { connectTimeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SharedPacingUnavailableError);
    expect((error as Error).message).toContain("redis://127.0.0.1:1");
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).not.toContain("hunter2");
  });
});
