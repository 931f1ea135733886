/**
 * `pnpm bench:bulk` (issue 14 item 4): 10,000 rows across the five vendors with `applyChanges`,
 * against the five simulators in a process of their own (bench/sims-process.ts), each enforcing its
 * documented limit on a sped-up clock, and the same job done two naive ways (a sequential loop; an
 * unthrottled Promise.all) on a slice of the rows, each against fresh simulators. Then memory:
 * applyChanges over 10k, 100k (and with BULK_MILLION=1, 1M) rows against an instant in-process
 * vendor, each in its own process, for peak RSS and CPU per row.
 *
 * Then `list` (issue 20): every vendor's users (BULK_LIST_USERS, 10,000, + Ada) listed through the
 * facade's `list` on a paced lifecycle connection (`connectForBulk(…, { lifecycle: true })`), all
 * vendors at once against simulators at their limits: pages of 50 (so that every vendor sends ~200
 * requests and its share of the limit means something), then each vendor's default (largest) page;
 * the client's RSS sampled every 1,000 users.
 *
 * Env: BULK_ROWS (10000), BULK_COMPARE_ROWS (500), BULK_WALL_RATE (requests/s per vendor on the wall
 * clock at its limit, 25; Nexudus at most 10, see bench/sims.ts), BULK_MILLION, BULK_LIST_USERS,
 * BULK_LIST_WALL_RATE (the list part's requests per wall second at each limit, 5), BULK_ONLY=list
 * (the list part only).
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { applyChanges, type BulkConnection, type ChangeRow, connectForBulk, documentedLimits } from "@userbridge/bulk";
import { connectVendor, type VendorName } from "@userbridge/unified";
import { ENV_PREFIX } from "../packages/cli/src/vendors.js";
import { benchPlan, type SimFigures, shareOfLimit, startSimsProcess, vendorNames } from "./sims.js";

const ROWS = Number(process.env.BULK_ROWS ?? 10_000);
const COMPARE_ROWS = Number(process.env.BULK_COMPARE_ROWS ?? 500);
const WALL_RATE = Number(process.env.BULK_WALL_RATE ?? 25);
const vendors = [...vendorNames];
const plan = benchPlan(ROWS, WALL_RATE);
/**
 * The list part's clocks: a listing is one request at a time (the next page is asked when the last
 * is read), so at 25 requests per wall second (40 ms apart) a page's own time in the simulator (a
 * page of a 10,000-user store: 40–110 ms on a busy 2-core box) would bound the rate, not the gate.
 * At 5 per wall second (200 ms apart, i.e. ~1 s of vendor time for NERM) the gate does.
 */
const listPlan = benchPlan(0, Number(process.env.BULK_LIST_WALL_RATE ?? 5));
const field = (v: VendorName) => (v === "nexudus" ? "displayName" : "title");

/** Row i of the plan: its vendor's next user, found by email, given a new title. */
function rowsFor(n: number): ChangeRow[] {
  const next = new Map<string, number>();
  return plan.rowVendors.slice(0, n).map((vendor) => {
    const i = (next.get(vendor) ?? 0) + 1;
    next.set(vendor, i);
    return { vendor, email: `user${i}@example.com`, changes: { [field(vendor)]: `Title ${i}` } };
  });
}

type Strategy = (
  rows: ChangeRow[],
  connections: Partial<Record<VendorName, BulkConnection>>,
  done: (vendor: VendorName, ok: boolean) => void,
) => Promise<void>;

/** Runs one strategy against fresh simulators; `gate`: connections through the bulk API's gate. */
async function measure(name: string, rows: ChangeRow[], strategy: Strategy, gate: boolean) {
  const sims = await startSimsProcess({ count: Math.max(...Object.values(plan.rows)), timeScale: plan.timeScale });
  const connections: Partial<Record<VendorName, BulkConnection>> = {};
  for (const v of vendors) {
    const url = sims.env[`USERBRIDGE_${ENV_PREFIX[v]}_URL`] as string;
    const token = sims.env[`USERBRIDGE_${ENV_PREFIX[v]}_TOKEN`] as string;
    const options = (v === "zluri" ? { baseUrl: url, apiKey: token } : { baseUrl: url, token }) as never;
    connections[v] = (await (gate ? connectForBulk(v, options) : connectVendor(v, options))) as BulkConnection;
  }
  const updates = Object.fromEntries(vendors.map((v) => [v, { applied: 0, failed: 0 }]));
  const cpu = process.cpuUsage();
  const start = performance.now();
  await strategy(rows, connections, (vendor, ok) => {
    const u = updates[vendor] as { applied: number; failed: number };
    if (ok) u.applied++;
    else u.failed++;
  });
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const figures = await sims.stats();
  await sims.stop();
  return { name, rows: rows.length, wall, cpuMs: (used.user + used.system) / 1000, figures, updates };
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
  return vendors.map((v) => {
    const f = result.figures[v] as SimFigures;
    const u = result.updates[v] as { applied: number; failed: number };
    return {
      strategy: result.name,
      vendor: v,
      ...shareOfLimit(v, f, plan.timeScale[v]),
      "req/update": u.applied ? (f.requests / u.applied).toFixed(2) : "-",
      applied: u.applied,
      failed: u.failed,
    };
  });
}

/** Lists every vendor's users at once (paced at each limit), `pageSize` per request (undefined: the vendor's largest). */
async function listBench(users: number, pageSize: number | undefined) {
  const sims = await startSimsProcess({ count: users, timeScale: listPlan.timeScale });
  const rows: Record<string, unknown>[] = [];
  const rss: number[] = [];
  const start = performance.now();
  await Promise.all(
    vendors.map(async (v) => {
      const url = sims.env[`USERBRIDGE_${ENV_PREFIX[v]}_URL`] as string;
      const token = sims.env[`USERBRIDGE_${ENV_PREFIX[v]}_TOKEN`] as string;
      const options = (v === "zluri" ? { baseUrl: url, apiKey: token } : { baseUrl: url, token }) as never;
      const perMinute = documentedLimits[v].perMinute * listPlan.timeScale[v];
      const connection = (await connectForBulk(v, options, { lifecycle: true, perMinute })) as {
        list?: (q: { pageSize?: number }) => AsyncIterable<{ id: string }>;
      };
      if (!connection.list) {
        rows.push({ vendor: v, listed: "no list in its facade adapter yet" });
        return;
      }
      const ids = new Set<string>();
      const t = performance.now();
      for await (const user of connection.list(pageSize ? { pageSize } : {})) {
        ids.add(user.id); // ids only (to check each is listed once): the users themselves are not kept
        if (ids.size % 1000 === 0) rss.push(process.memoryUsage().rss);
      }
      rows.push({ vendor: v, listed: ids.size, "wall s": ((performance.now() - t) / 1000).toFixed(1) });
    }),
  );
  const wall = performance.now() - start;
  const figures = await sims.stats();
  await sims.stop();
  console.log(
    `
list: ${users + 1} users per vendor, ${pageSize ? `pages of ${pageSize}` : "each vendor's largest page"}, all vendors at once, ${listPlan.wallRate.nexudus} requests per wall second at each limit (${(wall / 1000).toFixed(1)} s):`,
  );
  console.table(
    rows.map((r) => {
      const v = r.vendor as VendorName;
      const f = figures[v] as SimFigures;
      return typeof r.listed === "number" ? { ...r, ...shareOfLimit(v, f, listPlan.timeScale[v]) } : r;
    }),
  );
  const mb = (b: number) => Math.round(b / 2 ** 20);
  console.log(
    `client RSS every 1,000 users listed (MB): first ${mb(rss[0] ?? 0)}, last ${mb(rss.at(-1) ?? 0)}, min ${mb(Math.min(...rss))}, max ${mb(Math.max(...rss))}`,
  );
}

async function main() {
  if (process.argv[2] === "--memory") return memoryRun(Number(process.argv[3]));
  const listUsers = Number(process.env.BULK_LIST_USERS ?? 10_000);
  if (process.env.BULK_ONLY === "list") {
    await listBench(listUsers, 50);
    await listBench(listUsers, undefined);
    return;
  }
  console.log(
    `bulk bench: ${ROWS} rows (${vendors.map((v) => `${v} ${plan.rows[v]}`).join(", ")}); simulators in their own process at their documented limits, clocks ×${vendors
      .map((v) => `${v} ${plan.timeScale[v].toFixed(2)}`)
      .join(
        ", ",
      )} (requests/s at the limit on the wall clock: ${vendors.map((v) => `${v} ${plan.wallRate[v]}`).join(", ")}); Node ${process.version}\n`,
  );
  const results = [];
  const rows = rowsFor(ROWS);
  const bulk = await measure(
    "applyChanges",
    rows,
    async (rs, connections, done) => {
      const rates = Object.fromEntries(vendors.map((v) => [v, documentedLimits[v].perMinute * plan.timeScale[v]]));
      for await (const r of applyChanges(rs, connections, { rates })) {
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
  for (const r of results)
    for (const v of vendors) {
      const at = (r.figures[v] as SimFigures).throttledAt;
      if (at.length && at.length <= 10)
        console.log(`${r.name} ${v}: throttled ${at.join(", ")} ms after its first request`);
    }
  console.table(
    results.map((r) => ({
      strategy: r.name,
      rows: r.rows,
      "wall s": (r.wall / 1000).toFixed(1),
      "client CPU ms/row": (r.cpuMs / r.rows).toFixed(2),
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
  await listBench(listUsers, 50);
  await listBench(listUsers, undefined);
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
