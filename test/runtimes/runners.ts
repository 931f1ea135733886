/**
 * How each runtime runs the scenario: the pinned Nodes (20, 22, 24), Bun and Deno as child
 * processes resolving the built packages from node_modules themselves; workerd through Miniflare,
 * on a Worker bundled with esbuild.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import type { ScenarioConfig, ScenarioResult } from "./scenario.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));

export interface Runtime {
  name: string;
  version(): Promise<string>;
  run(config: ScenarioConfig): Promise<ScenarioResult>;
}

async function child(command: string, args: string[]): Promise<ScenarioResult> {
  const { stdout } = await run(command, args, { cwd: root, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as ScenarioResult;
}

/** The version a runtime binary reports (`bun --version`: "1.4.4"; `deno --version`: "deno 2.9.6 (…)"). */
const versionOf = async (command: string) =>
  /\d+\.\d+\.\d+/.exec((await run(command, ["--version"], { cwd: root })).stdout)?.[0] ?? "?";

/**
 * A pinned Node (test/runtimes/node/package.json: the platform binary package of that version from
 * the npm registry, in a package of its own so its `node` bin never shadows the machine's Node).
 * It runs the scenario as a child process on the built packages, like Bun and Deno. Node 22 and 24
 * strip the scenario's types themselves; Node 20 cannot, so it loads it through tsx.
 */
export function nodeBinary(major: 20 | 22 | 24): string {
  const pkg = `node${major}-${process.platform}-${process.arch}`;
  const from = createRequire(fileURLToPath(new URL("./node/package.json", import.meta.url)));
  try {
    return join(dirname(from.resolve(`${pkg}/package.json`)), "bin", "node");
  } catch {
    throw new Error(`${pkg} is not installed: test/runtimes/node/package.json pins Node ${major} for linux-x64 only`);
  }
}

function pinnedNode(major: 20 | 22 | 24): Runtime {
  const binary = () => nodeBinary(major);
  const loader = major < 22 ? ["--import", "tsx"] : ["--disable-warning=ExperimentalWarning"];
  return {
    name: `node${major}`,
    version: () => versionOf(binary()),
    run: (config) => child(binary(), [...loader, cli, JSON.stringify(config)]),
  };
}

export const node20 = pinnedNode(20);
export const node22 = pinnedNode(22);
export const node24 = pinnedNode(24);

export const bun: Runtime = {
  name: "bun",
  version: () => versionOf(bin("bun")),
  run: (config) => child(bin("bun"), [cli, JSON.stringify(config)]),
};

/**
 * Deno resolves the packages from the existing node_modules (`manual`: it neither installs nor
 * downloads anything), may reach loopback only, and writes no lock file.
 */
export const deno: Runtime = {
  name: "deno",
  version: () => versionOf(bin("deno")),
  run: (config) =>
    child(bin("deno"), [
      "run",
      "--node-modules-dir=manual",
      "--no-remote",
      "--no-lock",
      "--allow-net=127.0.0.1",
      `--allow-read=${root}`,
      cli,
      JSON.stringify(config),
    ]),
};

/** The Worker as a user would ship it: one ESM bundle for a neutral platform, no Node polyfills. */
export async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./worker.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

export const workerd: Runtime = {
  name: "workerd",
  version: async () => {
    const { createRequire } = await import("node:module");
    const require = createRequire(import.meta.url);
    const mf = require("miniflare/package.json") as { version: string };
    const wd = require(require.resolve("workerd/package.json", { paths: [require.resolve("miniflare")] })) as {
      version: string;
    };
    return `${wd.version} (Miniflare ${mf.version})`;
  },
  run: async (config) => {
    const script = await bundleWorker();
    const mf = new Miniflare({
      modules: [{ type: "ESModule", path: "worker.js", contents: script }],
      compatibilityDate: "2026-07-01",
    });
    try {
      const response = await mf.dispatchFetch("http://worker/", { method: "POST", body: JSON.stringify(config) });
      const text = await response.text();
      if (!response.ok) throw new Error(`worker answered ${response.status}: ${text.slice(0, 2000)}`);
      return JSON.parse(text) as ScenarioResult;
    } finally {
      await mf.dispose();
    }
  },
};
