/**
 * The project's own tooling on the newest pinned Node (24), beside the machine's Node 20 that runs
 * it everywhere else: `pnpm generate --check` (openapi-typescript over every spec) and the built
 * CLI, each as a child process of that Node binary.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { node24, nodeBinary } from "./runners.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const pinned = JSON.parse(readFileSync(new URL("./node/package.json", import.meta.url), "utf8")) as {
  optionalDependencies: Record<string, string>;
};

describe("tooling on Node 24", () => {
  it("is the pinned Node 24", async () => {
    const want = pinned.optionalDependencies[`node24-${process.platform}-${process.arch}`]?.split("@").at(-1);
    expect(await node24.version()).toBe(want);
  });

  it("pnpm generate --check: the generated clients are fresh", async () => {
    const { stdout } = await run(nodeBinary(24), ["--import", "tsx", "scripts/generate.ts", "--check"], {
      cwd: root,
      timeout: 120_000,
    });
    expect(stdout).toMatch(/^generate: checked .*snipe-it/m);
  }, 150_000);

  it("the userbridge CLI (built) runs and answers --help", async () => {
    const { stdout } = await run(nodeBinary(24), ["packages/cli/dist/bin.js", "--help"], {
      cwd: root,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/userbridge/);
    expect(stdout).toMatch(/apply/);
  });
});
