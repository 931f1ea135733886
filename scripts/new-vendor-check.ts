/**
 * `pnpm test:new-vendor`: the scaffold's full check, too slow for `pnpm test` on a 2-core machine
 * (scripts/new-vendor.test.ts runs its structural checks there). In a temporary copy of this
 * working tree (tracked and untracked, not ignored, files): install, `pnpm new-vendor acme-hr`, then
 * Spectral on the new spec, `generate --check`, a type-check of every package's sources (the new
 * adapter and connectVendor included), the new package's own type-check (src + tests), Biome on
 * the new files, TypeDoc's "every export documented" validation, and the new package's tests
 * (contract tests against Prism, simulator tests). Prints the time of each step.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "userbridge-new-vendor-"));
const NAME = "acme-hr";
const keep = process.argv.includes("--keep");

const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\0")
  .filter(Boolean);
for (const file of files) {
  mkdirSync(dirname(join(work, file)), { recursive: true });
  cpSync(join(root, file), join(work, file), { errorOnExist: false });
}

const started = Date.now();
const step = (title: string, cmd: string, args: string[], env: Record<string, string> = {}) => {
  const t = Date.now();
  process.stdout.write(`--- ${title}\n`);
  execFileSync(cmd, args, { cwd: work, stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`--- ${title}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
};
const tsx = join(work, "node_modules/tsx/dist/cli.mjs");
const bin = (name: string) => join(work, "node_modules/.bin", name);

try {
  console.log(`new-vendor check in ${work}`);
  // Not --frozen-lockfile: the scaffold adds a workspace package, so the lockfile changes.
  step("pnpm install --offline", "pnpm", ["install", "--offline", "--silent"]);
  step(`pnpm new-vendor ${NAME}`, process.execPath, [tsx, "scripts/new-vendor.ts", NAME, "--title", "Acme HR"]);
  step("spectral", bin("spectral"), [
    "lint",
    "--fail-severity=warn",
    `specs/${NAME}.yaml`,
    "--ruleset",
    "specs/.spectral.yaml",
  ]);
  step("generate --check", process.execPath, [tsx, "scripts/generate.ts", "--check"]);
  step("typecheck every package's sources", bin("tsc"), ["-p", "tsconfig.docs.json"]);
  step("build @userbridge/core", "pnpm", ["--filter", "@userbridge/core", "build"]);
  step(`typecheck @userbridge/${NAME} (src + test)`, "pnpm", ["--filter", `@userbridge/${NAME}`, "typecheck"]);
  step("biome", bin("biome"), ["check", `packages/${NAME}`, "packages/unified", "package.json"]);
  step("typedoc validation", bin("typedoc"), ["--emit", "none"]);
  step(`vitest packages/${NAME}`, bin("vitest"), ["run", `packages/${NAME}`], { PRISM_SPECS: NAME });
  console.log(`new-vendor check passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
