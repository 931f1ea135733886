/** Helpers for the CLI tests: the five simulators (stopped after each test) and an in-process run. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { type Io, run } from "../src/index.js";
import { type SimulatorsOptions, type StartedSimulator, startSimulators } from "../src/simulators.js";
import { type VendorName, vendorNames } from "../src/vendors.js";

const open: StartedSimulator[][] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).flatMap((sims) => sims.map((s) => s.sim.stop())));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Simulators (limits off unless asked), their env for the CLI, and a fresh working directory. */
export async function setup(options: SimulatorsOptions & { vendors?: VendorName[] } = {}) {
  const sims = await startSimulators(options.vendors ?? vendorNames, { rateLimit: false, ...options });
  open.push(sims);
  const cwd = mkdtempSync(join(tmpdir(), "userbridge-cli-"));
  dirs.push(cwd);
  const env: Record<string, string> = Object.assign({}, ...sims.map((s) => s.env));
  const sim = (v: VendorName) => (sims.find((s) => s.vendor === v) as StartedSimulator).sim;
  return { sims, sim, env, cwd };
}

/** Pacing off for tests against simulators without limits. */
export const FAST = vendorNames.flatMap((v) => ["--rate", `${v}=600000`]);

/** Runs the CLI in-process, capturing stdout and stderr. */
export async function cli(argv: string[], env: Record<string, string>, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => ({
    write: (s: string) => {
      into.push(s);
      return true;
    },
    isTTY: false,
  });
  const io: Io = {
    stdout: sink(out) as unknown as Io["stdout"],
    stderr: sink(err) as unknown as Io["stderr"],
    env,
    cwd,
  };
  const code = await run(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** A request that changes something (Zluri reads with `POST /users` and a `filter_by` body). */
export const isWrite = (r: { method: string; body?: unknown }) =>
  r.method !== "GET" && !(typeof r.body === "object" && r.body !== null && "filter_by" in r.body);

export const writes = (s: StartedSimulator["sim"]) => s.requests.filter(isWrite);
