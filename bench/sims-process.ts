/**
 * The five simulators (or `vendors`) in a process of their own, for the throughput benches (so the
 * client under measurement does not share its event loop with the servers). argv[2]: JSON
 * `{ count, timeScale, vendors? }`.
 * Prints one line `{"env": {...}}` when listening; answers each `stats` line on stdin with one JSON
 * line per call (per vendor: requests, throttled, throttled more than 1 s after its first request,
 * first and last request on the epoch clock); exits when stdin ends.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { type SimulatorsOptions, startSimulators } from "../packages/cli/src/simulators.js";
import type { VendorName } from "../packages/cli/src/vendors.js";

const options = JSON.parse(process.argv[2] ?? "{}") as SimulatorsOptions & { vendors?: VendorName[] };
const sims = await startSimulators(options.vendors, options);
/** The simulators' throttle answers (429; Nexudus 409, ONLYOFFICE 503): nothing else answers these in a bench run. */
const THROTTLE = new Set([429, 409, 503]);
/** Arrival gaps counted below each bound (wall ms). */
const GAP_BOUNDS = [5, 10, 20, 40];
const now = () => performance.timeOrigin + performance.now();
const stats = Object.fromEntries(
  sims.map((s) => {
    const f = {
      requests: 0,
      throttled: 0,
      throttledLate: 0,
      first: 0,
      last: 0,
      throttledAt: [] as number[],
      throttledGapMs: [] as number[],
      minGapMs: Number.POSITIVE_INFINITY,
      gapsUnder: [0, 0, 0, 0] as number[],
    };
    let arrived = Number.NEGATIVE_INFINITY;
    let gap = Number.POSITIVE_INFINITY;
    // Every arrival (the simulator records it right before its limiter counts it): the gap to the one before.
    s.sim.requests.push = () => {
      const t = now();
      gap = t - arrived;
      arrived = t;
      f.minGapMs = Math.min(f.minGapMs, gap);
      GAP_BOUNDS.forEach((b, i) => {
        if (gap < b) (f.gapsUnder[i] as number)++;
      });
      return 0;
    };
    // Every answer, when the simulator records it; the records themselves are dropped (a bench run
    // makes tens of thousands, and collecting them would pause this process and bunch answers).
    s.sim.exchanges.push = (...items) => {
      for (const e of items) {
        const t = now();
        if (f.requests++ === 0) f.first = t;
        f.last = t;
        if (THROTTLE.has(e.status)) {
          f.throttled++;
          f.throttledAt.push(Math.round(t - f.first));
          f.throttledGapMs.push(Math.round(gap * 10) / 10);
          if (t - f.first > 1000) f.throttledLate++;
        }
      }
      return 0;
    };
    return [s.vendor, f];
  }),
);
process.stdout.write(`${JSON.stringify({ env: Object.assign({}, ...sims.map((s) => s.env)) })}\n`);
// How late this process's event loop runs (a request that waits for it is counted late, bunched with the next).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() !== "stats") return;
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const loop = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
  process.stdout.write(`${JSON.stringify({ stats, loop })}\n`);
});
lines.on("close", async () => {
  await Promise.all(sims.map((s) => s.sim.stop()));
  process.exit(0);
});
