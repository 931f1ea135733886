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
 * Every vendor at `wallRate` requests per wall second at its limit, except Nexudus: it also throttles
 * two requests within 100 ms (a fifth of its 120/min interval), and a faster clock shrinks that window
 * below the scheduling jitter between two busy processes on loopback (8 ms at ×12.5, which no client
 * can keep to), so its clock runs at most ×5 (a 20 ms window, 10 requests per wall second). Rows go
 * to the vendors in proportion to wall rate / requests per row, so that all five finish together.
 */
export function benchPlan(rowCount: number, wallRate: number): BenchPlan {
  const rate = Object.fromEntries(
    vendorNames.map((v) => [v, v === "nexudus" ? Math.min(wallRate, 10) : wallRate]),
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

/** The five simulators in a child process, seeded with `count` users each. */
export async function startSimsProcess(options: { count: number; timeScale: Record<string, number> }) {
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
      child.stdin.write("stats\n");
      return ((await next()) as { stats: Record<Vendor, SimFigures> }).stats;
    },
    stop(): Promise<void> {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.end();
      return exited;
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
