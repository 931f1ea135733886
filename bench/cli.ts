/**
 * `pnpm bench:cli` (issue 14 item 3, "done when"): `userbridge apply` on a 10,000-row CSV against
 * the five simulators, each enforcing its documented limit on a sped-up clock, and the CLI's
 * `--rate` set to the same sped-up limit. Prints, per vendor, the requests sent, the throttles and
 * the achieved rate as a share of the limit, and checks that the report holds every row once.
 *
 * Env: CLI_ROWS (10000), CLI_WALL_RATE (requests per wall second per vendor at its limit: sets the
 * time scale; default 10).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { documentedLimits } from "@userbridge/bulk";
import { type Io, run } from "../packages/cli/src/index.js";
import { startSimulators } from "../packages/cli/src/simulators.js";
import { type VendorName, vendorNames } from "../packages/cli/src/vendors.js";

const ROWS = Number(process.env.CLI_ROWS ?? 10_000);
const WALL_RATE = Number(process.env.CLI_WALL_RATE ?? 10);
const per = Math.ceil(ROWS / vendorNames.length);
const timeScale = Object.fromEntries(vendorNames.map((v) => [v, (WALL_RATE * 60) / documentedLimits[v].perMinute]));
const sims = await startSimulators(vendorNames, { count: per, timeScale });
const dir = mkdtempSync(join(tmpdir(), "userbridge-bench-cli-"));
try {
  // Row i: vendor i % 5, its user 1 + ⌊i / 5⌋, found by email, deactivated.
  const lines = Array.from(
    { length: ROWS },
    (_, i) => `${vendorNames[i % 5]},user${1 + Math.floor(i / 5)}@example.com,false`,
  );
  writeFileSync(join(dir, "rows.csv"), ["vendor,email,active", ...lines].join("\n"));
  const env: Record<string, string> = Object.assign({}, ...sims.map((s) => s.env));
  const rates = vendorNames.flatMap((v) => [
    "--rate",
    `${v}=${documentedLimits[v].perMinute * (timeScale[v] as number)}`,
  ]);
  const last = new Map<VendorName, number>();
  const started = performance.now();
  const io: Io = {
    stdout: {
      write(s: string) {
        for (const line of s.split("\n").filter(Boolean)) last.set(JSON.parse(line).vendor, performance.now());
        return true;
      },
    } as unknown as Io["stdout"],
    stderr: process.stderr,
    env,
    cwd: dir,
  };
  console.error(`${ROWS} rows, ${WALL_RATE} requests per wall second per vendor at its limit`);
  const code = await run(
    ["apply", "rows.csv", "--json", "--report", "report.jsonl", "--journal", "journal.jsonl", ...rates],
    io,
  );
  const report = readFileSync(join(dir, "report.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const keys = new Set(report.map((r) => `${r.row}/${r.vendor}`));
  console.log(`\nexit ${code}; report: ${report.length} lines, ${keys.size} distinct (row, vendor)`);
  console.log("vendor          limit/min  requests  throttled  wall s  % of limit  applied");
  for (const s of sims) {
    const v = s.vendor;
    const wall = ((last.get(v) ?? started) - started) / 1000;
    const requests = s.sim.requests.length;
    const throttled = s.sim.exchanges.filter((e) => e.status === 429 || e.status === 409 || e.status === 503).length;
    const pct = (100 * requests) / (wall * WALL_RATE);
    const applied = report.filter((r) => r.vendor === v && r.status === "applied").length;
    console.log(
      `${v.padEnd(15)} ${String(documentedLimits[v].perMinute).padStart(9)}  ${String(requests).padStart(8)}  ${String(throttled).padStart(9)}  ${wall.toFixed(1).padStart(6)}  ${pct.toFixed(1).padStart(9)}%  ${String(applied).padStart(7)}`,
    );
  }
} finally {
  await Promise.all(sims.map((s) => s.sim.stop()));
  rmSync(dir, { recursive: true, force: true });
}
