/**
 * What the throughput benches share: the simulators in a process of their own (bench/sims-process.ts)
 * and the plan that runs every vendor at its documented limit on a sped-up clock.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { documentedLimits } from "@userbridge/bulk";
import { vendorNames } from "../packages/cli/src/vendors.js";

export { vendorNames };

type Vendor = (typeof vendorNames)[number];

/** What the simulators' process counted for one vendor (times on the epoch clock, ms). */
export interface SimFigures {
  requests: number;
  throttled: number;
  /** Throttle answers more than 1 s after the vendor's first request. */
  throttledLate: number;
  first: number;
  last: number;
  /** When each throttle answer was sent, ms after the vendor's first request. */
  throttledAt: number[];
  /** For each throttle answer, the wall ms between its request's arrival and the one before. */
  throttledGapMs: number[];
  /** The shortest wall-clock gap between two arrivals. */
  minGapMs: number;
  /** Arrival gaps (wall ms) under 5, 10, 20 and 40 ms. */
  gapsUnder: number[];
}

/** How many rows go to each vendor and how fast each vendor's clock runs. */
export interface BenchPlan {
  /** Requests per wall second at each vendor's limit. */
  wallRate: Record<Vendor, number>;
  /** Each simulator's clock speed: its documented limit is `wallRate` requests per wall second. */
  timeScale: Record<Vendor, number>;
  /** The vendor of each row. */
  rowVendors: Vendor[];
  /** Rows per vendor. */
  rows: Record<Vendor, number>;
}

/** Requests per row (find by email, then the update's reads and write), as measured. */
export const REQUESTS_PER_ROW: Record<Vendor, number> = {
  "snipe-it": 2,
  zluri: 3,
  onlyoffice: 3,
  nexudus: 5,
  "sailpoint-nerm": 2,
};

/**
 * Per vendor, how much later than the gate's schedule a request may be counted by the vendor (on the
 * vendor's clock, ms) before its tightest window is crossed: the gate sends at 97 % of the limit with
 * at most half an interval of catch-up, so in any span T at most T/interval + 1.5 requests leave. For
 * a window of L requests per W ms that leaves W·(0.03·L − 1.5)/(0.97·L) ms; for Nexudus' "1 per
 * 100 ms" it is the gate's shortest gap (half of its 515 ms interval) minus 100 ms. A sped-up clock
 * divides these by its factor, while the scheduling delay between two busy processes on a loaded
 * machine does not shrink with it.
 */
export const SLACK_MS: Record<Vendor, number> = {
  "snipe-it": (60_000 * (0.03 * 120 - 1.5)) / (0.97 * 120), // 120 per 60 s: 1,082 ms
  zluri: (60_000 * (0.03 * 100 - 1.5)) / (0.97 * 100), // 100 per 60 s: 928 ms
  onlyoffice: (10_000 * (0.03 * 500 - 1.5)) / (0.97 * 500), // 500 per 10 s: 278 ms
  nexudus: 0.5 * (60_000 / (120 * 0.97)) - 100, // 1 per 100 ms: 158 ms
  "sailpoint-nerm": (10_000 * (0.03 * 100 - 1.5)) / (0.97 * 100), // 100 per 10 s: 155 ms
};

/**
 * Every vendor at `wallRate` requests per wall second at its limit, with a slower clock where that
 * would leave less than `jitterMs` of wall-clock slack ({@link SLACK_MS} / time scale): the
 * measurement then shows the pacing, not the machine's scheduling delay. Without `jitterMs`, Nexudus
 * alone is capped: it also throttles two requests within 100 ms (a fifth of its 120/min interval), so
 * its clock runs at most ×5 (a 20 ms window, 10 requests per wall second). Rows go to the vendors in
 * proportion to wall rate / requests per row, so that all five finish together.
 */
export function benchPlan(rowCount: number, wallRate: number, jitterMs?: number): BenchPlan {
  const rate = Object.fromEntries(
    vendorNames.map((v) => {
      if (jitterMs === undefined) return [v, v === "nexudus" ? Math.min(wallRate, 10) : wallRate];
      const fastest = (documentedLimits[v].perMinute / 60) * (SLACK_MS[v] / jitterMs);
      return [v, Math.min(wallRate, Math.round(fastest * 10) / 10)];
    }),
  ) as Record<Vendor, number>;
  const timeScale = Object.fromEntries(
    vendorNames.map((v) => [v, (rate[v] * 60) / documentedLimits[v].perMinute]),
  ) as Record<Vendor, number>;
  const weight = Object.fromEntries(vendorNames.map((v) => [v, rate[v] / REQUESTS_PER_ROW[v]])) as Record<
    Vendor,
    number
  >;
  const total = vendorNames.reduce((a, v) => a + weight[v], 0);
  // Smooth weighted round-robin: the rows of each vendor spread evenly through the file.
  const credit = Object.fromEntries(vendorNames.map((v) => [v, 0])) as Record<Vendor, number>;
  const rows = Object.fromEntries(vendorNames.map((v) => [v, 0])) as Record<Vendor, number>;
  const rowVendors = Array.from({ length: rowCount }, () => {
    for (const v of vendorNames) credit[v] += weight[v];
    const pick = vendorNames.reduce((a, b) => (credit[b] > credit[a] ? b : a));
    credit[pick] -= total;
    rows[pick]++;
    return pick;
  });
  return { wallRate: rate, timeScale, rowVendors, rows };
}

/** Loop delay of a simulators' process (wall ms: median, 99th percentile, max). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** The five simulators (or `vendors`) in a child process, seeded with `count` users each. */
export async function startSimsProcess(options: {
  count: number;
  timeScale: Record<string, number>;
  vendors?: readonly Vendor[];
}) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./sims-process.ts", import.meta.url)), JSON.stringify(options)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const waiting: ((value: Record<string, unknown>) => void)[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
  const { env } = (await next()) as { env: Record<string, string> };
  return {
    /** USERBRIDGE_<VENDOR>_URL / _TOKEN for each simulator. */
    env,
    async stats(): Promise<Record<Vendor, SimFigures>> {
      return (await this.figures()).stats;
    },
    /** The vendors' figures, and the simulators' event-loop delay (wall ms: median, 99th percentile, max). */
    async figures() {
      child.stdin.write("stats\n");
      return (await next()) as { stats: Record<Vendor, SimFigures>; loop: LoopDelay };
    },
    stop(): Promise<void> {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.end();
      return exited;
    },
  };
}

/**
 * Each vendor's simulator in a process of its own, as each vendor is a server of its own: a busy
 * simulator (NERM listing a thousand users) then never holds up another one's requests, which its
 * limiter would count as arriving together. Same interface as {@link startSimsProcess}; `loop` is
 * per vendor.
 */
export async function startSimsProcesses(options: { count: number; timeScale: Record<string, number> }) {
  const each = await Promise.all(vendorNames.map((v) => startSimsProcess({ ...options, vendors: [v] })));
  return {
    env: Object.assign({}, ...each.map((p) => p.env)) as Record<string, string>,
    async figures() {
      const all = await Promise.all(each.map((p) => p.figures()));
      return {
        stats: Object.assign({}, ...all.map((f) => f.stats)) as Record<Vendor, SimFigures>,
        loop: Object.fromEntries(vendorNames.map((v, i) => [v, all[i]?.loop])) as Record<Vendor, LoopDelay>,
      };
    },
    async stop(): Promise<void> {
      await Promise.all(each.map((p) => p.stop()));
    },
  };
}

/** Per vendor: the achieved rate over its active span (first to last request) as a share of its limit. */
export function shareOfLimit(v: Vendor, f: SimFigures, timeScale: number) {
  const minutes = ((f.last - f.first) / 60_000) * timeScale;
  const perMinute = f.requests > 1 ? (f.requests - 1) / minutes : 0;
  return {
    "limit/min": documentedLimits[v].perMinute,
    "achieved/min": Math.round(perMinute),
    "% of limit": `${((100 * perMinute) / documentedLimits[v].perMinute).toFixed(1)}%`,
    requests: f.requests,
    throttled: f.throttled,
    "throttled >1s": f.throttledLate,
  };
}
