/**
 * `pnpm bench:cli` (issue 14, "done when"): the `userbridge` binary applies a 10,000-row CSV
 * (offboarding: `active: false`, users found by email) against the five simulators, each enforcing
 * its documented limit on a sped-up clock, with the CLI's `--rate` set to the same sped-up limit.
 * Three processes, as in real use: the simulators (bench/sims-process.ts), the CLI (`node
 * packages/cli/dist/bin.js apply …`, journal and report on) and this one, which only watches.
 *
 * Prints per vendor: requests, throttled answers (and those after the first second), the achieved
 * rate as a share of the documented limit over the vendor's active span, requests per row; then the
 * CLI's exit code, wall time, peak RSS and CPU per row, and checks the report holds every row once.
 *
 * Env: CLI_ROWS (10000), CLI_WALL_RATE (requests per wall second per vendor at its limit: sets each
 * simulator's time scale; default 25; Nexudus at most 10, see bench/sims.ts), CLI_NODE_ARGS (extra
 * node flags for the CLI process, e.g. `--cpu-prof`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { documentedLimits } from "@userbridge/bulk";
import { benchPlan, shareOfLimit, startSimsProcess, vendorNames } from "./sims.js";

const ROWS = Number(process.env.CLI_ROWS ?? 10_000);
const WALL_RATE = Number(process.env.CLI_WALL_RATE ?? 25);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const plan = benchPlan(ROWS, WALL_RATE);
const sims = await startSimsProcess({ count: Math.max(...Object.values(plan.rows)), timeScale: plan.timeScale });
const dir = mkdtempSync(join(tmpdir(), "userbridge-bench-cli-"));
try {
  // Each row: its vendor's next user, found by email, deactivated.
  const next = new Map<string, number>();
  const lines = plan.rowVendors.map((v) => {
    const i = (next.get(v) ?? 0) + 1;
    next.set(v, i);
    return `${v},user${i}@example.com,false`;
  });
  writeFileSync(join(dir, "rows.csv"), ["vendor,email,active", ...lines].join("\n"));
  const rates = vendorNames.flatMap((v) => ["--rate", `${v}=${documentedLimits[v].perMinute * plan.timeScale[v]}`]);
  console.log(
    `userbridge apply, ${ROWS} rows (${vendorNames.map((v) => `${v} ${plan.rows[v]}`).join(", ")}); at each limit, requests per wall second: ${vendorNames.map((v) => `${v} ${plan.wallRate[v]}`).join(", ")}; Node ${process.version}`,
  );

  // The CLI, as users run it.
  const usageFile = join(dir, "usage.json");
  const started = performance.now();
  const cli = spawn(
    process.execPath,
    [
      ...(process.env.CLI_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      here("../packages/cli/dist/bin.js"),
      "apply",
      "rows.csv",
      "--json",
      "--report",
      "report.jsonl",
      "--journal",
      "journal.jsonl",
      ...rates,
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        ...sims.env,
        NODE_OPTIONS: `--require ${here("./usage-on-exit.cjs")}`,
        USERBRIDGE_USAGE_FILE: usageFile,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let results = 0;
  createInterface({ input: cli.stdout }).on("line", (line) => {
    if (line.startsWith("{")) results++;
  });
  const code = await new Promise<number>((resolve) => cli.on("exit", (c) => resolve(c ?? 1)));
  const wall = (performance.now() - started) / 1000;
  const usage = JSON.parse(readFileSync(usageFile, "utf8")) as {
    maxRSS: number;
    userCPUTime: number;
    systemCPUTime: number;
  };
  const stats = await sims.stats();
  const report = readFileSync(join(dir, "report.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { row: number; vendor: string; status: string });
  const keys = new Set(report.map((r) => `${r.row}/${r.vendor}`));

  console.log(
    `exit ${code}, ${results} results in ${wall.toFixed(1)} s; report: ${report.length} lines, ${keys.size} distinct (row, vendor)`,
  );
  console.log(
    `CLI process: peak RSS ${Math.round(usage.maxRSS / 1024)} MB, CPU ${((usage.userCPUTime + usage.systemCPUTime) / ROWS).toFixed(0)} µs per row`,
  );
  console.table(
    vendorNames.map((v) => {
      const rows = report.filter((r) => r.vendor === v);
      return {
        vendor: v,
        ...shareOfLimit(v, stats[v], plan.timeScale[v]),
        "req/row": (stats[v].requests / rows.length).toFixed(2),
        applied: rows.filter((r) => r.status === "applied").length,
        "not applied": rows.filter((r) => r.status !== "applied").length,
      };
    }),
  );
  for (const v of vendorNames)
    if (stats[v].throttledAt.length)
      console.log(`${v}: throttled ${stats[v].throttledAt.join(", ")} ms after its first request`);
  if (code !== 0 || keys.size !== ROWS || report.length !== ROWS) process.exitCode = 1;
} finally {
  await sims.stop();
  rmSync(dir, { recursive: true, force: true });
}
