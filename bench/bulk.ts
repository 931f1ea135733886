/**
 * `pnpm bench:bulk` (issue 14 item 4): 10,000 rows across the five vendors against their simulators,
 * each enforcing its documented limit with a sped-up clock, and the same job done two naive ways
 * (a sequential loop; an unthrottled Promise.all) on a slice of the rows. Then memory: applyChanges
 * over 10k, 100k (and with BULK_MILLION=1, 1M) rows against an instant in-process vendor, each in its
 * own process, for peak RSS and CPU per row.
 *
 * Env: BULK_ROWS (10000), BULK_COMPARE_ROWS (500), BULK_WALL_RATE (requests/s per vendor on the wall
 * clock, 40: sets each simulator's time scale), BULK_MILLION.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  type ApplyOptions,
  applyChanges,
  type BulkConnection,
  type ChangeRow,
  documentedLimits,
} from "@userbridge/bulk";
import type { VendorName } from "@userbridge/unified";
import { email, fleetVendors, startFleet } from "../test/support/fleet.js";

const ROWS = Number(process.env.BULK_ROWS ?? 10_000);
const COMPARE_ROWS = Number(process.env.BULK_COMPARE_ROWS ?? 500);
const WALL_RATE = Number(process.env.BULK_WALL_RATE ?? 40);
const vendors = [...fleetVendors] as VendorName[];
const field = (v: VendorName) => (v === "nexudus" ? "displayName" : "title");
/** Each vendor's clock runs so that its documented limit is WALL_RATE requests per wall second. */
const timeScale = Object.fromEntries(vendors.map((v) => [v, (WALL_RATE * 60) / documentedLimits[v].perMinute]));
const isThrottle = (status: number) => status === 429 || status === 409 || status === 503;

function rowsFor(n: number): ChangeRow[] {
  const per = Math.ceil(n / vendors.length);
  const out: ChangeRow[] = [];
  for (let i = 0; i < per; i++) {
    for (const vendor of vendors) {
      if (out.length < n) out.push({ vendor, email: email(i + 1), changes: { [field(vendor)]: `Title ${i}` } });
    }
  }
  return out;
}

interface VendorFigures {
  requests: number;
  throttled: number;
  throttledLate: number;
  first: number;
  last: number;
  updates: number;
  failed: number;
}

type Strategy = (
  rows: ChangeRow[],
  connections: Partial<Record<VendorName, BulkConnection>>,
  done: (vendor: VendorName, ok: boolean) => void,
) => Promise<void>;

async function measure(name: string, rows: ChangeRow[], strategy: Strategy, gate: boolean) {
  const figures = Object.fromEntries(
    vendors.map((v) => [v, { requests: 0, throttled: 0, throttledLate: 0, first: 0, last: 0, updates: 0, failed: 0 }]),
  ) as Record<VendorName, VendorFigures>;
  let start = 0;
  const fleet = await startFleet({
    size: Math.ceil(rows.length / vendors.length),
    timeScale,
    ...(gate ? {} : { gate: false as const }),
    record: (vendor, status) => {
      const f = figures[vendor];
      const now = performance.now();
      if (f.requests++ === 0) f.first = now;
      f.last = now;
      if (isThrottle(status)) {
        f.throttled++;
        if (now - start > 1000) f.throttledLate++;
      }
    },
  });
  const cpu = process.cpuUsage();
  start = performance.now();
  await strategy(rows, fleet.connections, (vendor, ok) => {
    if (ok) figures[vendor].updates++;
    else figures[vendor].failed++;
  });
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  await fleet.stop();
  return { name, rows: rows.length, wall, cpuMs: (used.user + used.system) / 1000, figures };
}

async function oneRow(row: ChangeRow, connection: BulkConnection): Promise<boolean> {
  try {
    const user = await connection.find({ email: row.email as string });
    await connection.update(user.id, row.changes as never);
    return true;
  } catch {
    return false;
  }
}

function table(result: Awaited<ReturnType<typeof measure>>) {
  const lines = [];
  for (const v of vendors) {
    const f = result.figures[v];
    const limit = documentedLimits[v].perMinute;
    const minutes = (Math.max(f.last - f.first, 1) / 60_000) * (timeScale[v] as number);
    const perMinute = f.requests / minutes;
    lines.push({
      strategy: result.name,
      vendor: v,
      "limit/min": limit,
      "achieved/min": Math.round(perMinute),
      "% of limit": `${((100 * perMinute) / limit).toFixed(1)}%`,
      throttled: f.throttled,
      "throttled >1s": f.throttledLate,
      "req/update": f.updates ? (f.requests / f.updates).toFixed(2) : "-",
      applied: f.updates,
      failed: f.failed,
    });
  }
  return lines;
}

async function main() {
  if (process.argv[2] === "--memory") return memoryRun(Number(process.argv[3]));
  console.log(
    `bulk bench: ${ROWS} rows over ${vendors.length} vendors; simulators at their documented limits, clocks ×${vendors
      .map((v) => `${v} ${(timeScale[v] as number).toFixed(2)}`)
      .join(", ")} (${WALL_RATE} requests/s per vendor on the wall clock); Node ${process.version}\n`,
  );
  const results = [];
  const rows = rowsFor(ROWS);
  const bulk = await measure(
    "applyChanges",
    rows,
    async (rs, connections, done) => {
      const rates = Object.fromEntries(
        vendors.map((v) => [v, documentedLimits[v].perMinute * (timeScale[v] as number)]),
      );
      const options: ApplyOptions = { rates, concurrency: 4 };
      for await (const r of applyChanges(rs, connections, options)) {
        if (r.status !== "applied") console.log(`row ${r.row} ${r.vendor}: ${r.status} ${r.error?.message ?? ""}`);
        done(r.vendor, r.status === "applied");
      }
    },
    true,
  );
  results.push(bulk);
  const slice = rowsFor(COMPARE_ROWS);
  results.push(
    await measure(
      "sequential loop",
      slice,
      async (rs, connections, done) => {
        for (const row of rs) {
          done(row.vendor as VendorName, await oneRow(row, connections[row.vendor as VendorName] as BulkConnection));
        }
      },
      false,
    ),
  );
  results.push(
    await measure(
      "Promise.all",
      slice,
      async (rs, connections, done) => {
        await Promise.all(
          rs.map(async (row) =>
            done(row.vendor as VendorName, await oneRow(row, connections[row.vendor as VendorName] as BulkConnection)),
          ),
        );
      },
      false,
    ),
  );
  console.table(results.flatMap(table));
  console.table(
    results.map((r) => ({
      strategy: r.name,
      rows: r.rows,
      "wall s": (r.wall / 1000).toFixed(1),
      "CPU ms/row (client + simulators)": (r.cpuMs / r.rows).toFixed(2),
    })),
  );
  const sizes = [10_000, 100_000, ...(process.env.BULK_MILLION ? [1_000_000] : [])];
  const memory = sizes.map((n) => {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), "--memory", String(n)],
      {
        encoding: "utf8",
      },
    );
    return JSON.parse(out.trim().split("\n").at(-1) as string);
  });
  console.log("\napplyChanges alone (an instant in-process vendor, 2 vendors per row), one process per size:");
  console.table(memory);
}

/** An instant vendor: what is measured is applyChanges (streaming, gates, results), not HTTP. */
function instant(vendor: string): BulkConnection {
  return {
    vendor,
    capabilities: ["title"],
    get: async (id) => ({ id }),
    find: async ({ email }) => ({ id: email }),
    update: async () => ({}),
    plan: async () => ({ vendor, reads: [], writes: [], notes: [] }),
  };
}

async function memoryRun(n: number) {
  function* rows(): Generator<ChangeRow> {
    for (let i = 0; i < n; i++) yield { email: `user${i}@example.com`, changes: { title: `T${i}` } };
  }
  const connections = { zluri: instant("zluri"), "sailpoint-nerm": instant("sailpoint-nerm") };
  const cpu = process.cpuUsage();
  const t = performance.now();
  let results = 0;
  let peakRss = 0;
  for await (const _ of applyChanges(rows(), connections, { rates: { zluri: 1e12, "sailpoint-nerm": 1e12 } })) {
    if (++results % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      rows: n,
      results,
      "peak RSS MB": Math.round(Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20),
      "max RSS MB (process)": Math.round(process.resourceUsage().maxRSS / 1024),
      "CPU µs/row": Math.round(((used.user + used.system) / n) * 10) / 10,
      "wall s": Math.round(performance.now() - t) / 1000,
    }),
  );
}

await main();
