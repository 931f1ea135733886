/** Helpers for the CLI tests: the five simulators (stopped after each test) and an in-process run. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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

const bin = resolve(import.meta.dirname, "../src/bin.ts");
const tsx = createRequire(import.meta.url).resolve("tsx");
/** `@userbridge/*` from the workspace's sources (as vitest resolves them), not from a stale dist/. */
const sources = resolve(import.meta.dirname, "fixtures/sources.mjs");

/**
 * The real `userbridge` binary (src/bin.ts through tsx, every `@userbridge/*` package from its
 * sources) as a child process: its exit code and output.
 */
export function spawnCli(args: string[], env: Record<string, string>, cwd: string, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, ["--import", tsx, "--import", sources, ...nodeArgs, bin, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

/** Runs the real binary to its end. */
export async function runCli(args: string[], env: Record<string, string>, cwd: string, nodeArgs: string[] = []) {
  const p = spawnCli(args, env, cwd, nodeArgs);
  const code = await p.exit;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** The JSON lines of a file (a torn last line left out). */
export const jsonLines = (file: string): Record<string, unknown>[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        })
    : [];
