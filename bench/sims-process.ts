/**
 * The five simulators in a process of their own, for the throughput benches (so the client under
 * measurement does not share its event loop with the servers). argv[2]: JSON `{ count, timeScale }`.
 * Prints one line `{"env": {...}}` when listening; answers each `stats` line on stdin with one JSON
 * line per call (per vendor: requests, throttled, throttled more than 1 s after its first request,
 * first and last request on the epoch clock); exits when stdin ends.
 */
import { createInterface } from "node:readline";
import { type SimulatorsOptions, startSimulators } from "../packages/cli/src/simulators.js";

const options = JSON.parse(process.argv[2] ?? "{}") as SimulatorsOptions;
const sims = await startSimulators(undefined, options);
/** The simulators' throttle answers (429; Nexudus 409, ONLYOFFICE 503): nothing else answers these in a bench run. */
const THROTTLE = new Set([429, 409, 503]);
const now = () => performance.timeOrigin + performance.now();
const stats = Object.fromEntries(
  sims.map((s) => {
    const f = { requests: 0, throttled: 0, throttledLate: 0, first: 0, last: 0, throttledAt: [] as number[] };
    // Every answer, when the simulator records it; the records themselves are dropped (a bench run
    // makes tens of thousands, and collecting them would pause this process and bunch answers).
    s.sim.requests.push = () => 0;
    s.sim.exchanges.push = (...items) => {
      for (const e of items) {
        const t = now();
        if (f.requests++ === 0) f.first = t;
        f.last = t;
        if (THROTTLE.has(e.status)) {
          f.throttled++;
          f.throttledAt.push(Math.round(t - f.first));
          if (t - f.first > 1000) f.throttledLate++;
        }
      }
      return 0;
    };
    return [s.vendor, f];
  }),
);
process.stdout.write(`${JSON.stringify({ env: Object.assign({}, ...sims.map((s) => s.env)) })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() === "stats") process.stdout.write(`${JSON.stringify({ stats })}\n`);
});
lines.on("close", async () => {
  await Promise.all(sims.map((s) => s.sim.stop()));
  process.exit(0);
});
