/**
 * The documented release, end to end (`pnpm test:release`): from a fresh clone of this repository's
 * HEAD, the release a maintainer runs publishes every package, built, to the registry pnpm is given
 * (here a local Verdaccio: test/release/registry.ts), and what it published installs with npm and
 * runs the README's example against a local server.
 *
 * A release from a fresh clone: `pnpm install --frozen-lockfile`, `pnpm version-packages` (its result
 * is committed: the "version packages" commit), then `pnpm release` (build, test, publish) with the
 * registry given only as `pnpm_config_registry` and the token in the clone's .npmrc. The `test` step
 * is stubbed in the clone: CI runs `pnpm test` on the same commit, and it would double this test's time.
 */
import { execFile, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleModules, extractExamples } from "../../scripts/readme-examples.js";
import { json, startServer } from "../support/server.js";
import { type LocalRegistry, startRegistry } from "./registry.js";

const execFileAsync = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "userbridge-release-"));
const clone = join(work, "repo");
const app = join(work, "app");
let registry: LocalRegistry;

/** The environment of a maintainer's shell: no registry setting inherited from ours. */
const baseEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "true", TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" };
  for (const name of Object.keys(env)) if (/^(npm|pnpm)_config_.*registry/i.test(name)) delete env[name];
  return env;
};

const timings: string[] = [];
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = baseEnv()) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  timings.push(`${((Date.now() - started) / 1000).toFixed(1)} s  ${cmd} ${args.join(" ")}`);
  return result;
}
const output = (r: SpawnSyncReturns<string>) => `${r.stdout}\n${r.stderr}`;
function mustRun(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
  const result = run(cmd, args, cwd, env);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${result.status}):\n${output(result)}`);
  return result;
}

const publishable = () =>
  readdirSync(join(clone, "packages"))
    .map((dir) => JSON.parse(readFileSync(join(clone, "packages", dir, "package.json"), "utf8")))
    .filter((pkg) => !pkg.private) as { name: string; version: string; exports: Record<string, unknown> }[];

/** GET on the local registry (Verdaccio may close a kept-alive connection under it: retried). */
async function get(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** What the registry holds for a package (undefined: never published). */
async function packument(name: string) {
  const answer = await get(`${registry.url}${name.replace("/", "%2f")}`);
  if (answer.status === 404) return undefined;
  return (await answer.json()) as { versions: Record<string, { dist: { tarball: string } }> };
}

let unbuiltPublish: SpawnSyncReturns<string>;
let unbuiltOnRegistry: unknown[];
let unbuiltPack: SpawnSyncReturns<string>;
let release: SpawnSyncReturns<string>;

beforeAll(async () => {
  const started = Date.now();
  registry = await startRegistry(join(work, "registry"));
  mustRun("git", ["clone", "--quiet", root, clone], work);
  mustRun("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], clone);

  // The token for the local registry, as a maintainer's .npmrc would hold it (never committed).
  writeFileSync(join(clone, ".npmrc"), `${registry.authPrefix}:_authToken=${registry.token}\n`);
  const toLocal = { ...baseEnv(), pnpm_config_registry: registry.url };

  // The release: publishing straight after a clone, with nothing built.
  unbuiltPublish = run("node", ["scripts/publish.mjs"], clone, toLocal);
  unbuiltOnRegistry = await Promise.all(publishable().map((p) => packument(p.name)));
  unbuiltPack = run("pnpm", ["pack", "--pack-destination", work], join(clone, "packages/core"));

  // With changesets pending this bumps the versions; right after a release (none pending) it changes
  // nothing, and the commit is empty.
  mustRun("pnpm", ["version-packages"], clone);
  mustRun("git", ["add", "--all"], clone);
  const who = ["-c", "user.name=release test", "-c", "user.email=release-test@127.0.0.1"];
  mustRun("git", [...who, "commit", "--quiet", "--allow-empty", "--message", "chore: version packages"], clone);
  mustRun("pnpm", ["pkg", "set", "scripts.test=echo pnpm test: run by CI on this commit"], clone);

  release = run("pnpm", ["release"], clone, toLocal);
  console.log(`release test setup: ${((Date.now() - started) / 1000).toFixed(0)} s\n${timings.join("\n")}`);
}, 900_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("a release without a build", () => {
  it("fails in the prepack guard and publishes nothing", () => {
    expect(unbuiltPublish.status).not.toBe(0);
    for (const { name } of publishable())
      expect(output(unbuiltPublish)).toContain(
        `/packages/${name.slice("@userbridge/".length)} prepack: \`node ../../scripts/require-dist.mjs\` exited with exit status: 1`,
      );
    expect(unbuiltOnRegistry).toEqual(publishable().map(() => undefined));
  });

  it("says why: pnpm pack names the missing build", () => {
    expect(unbuiltPack.status).not.toBe(0);
    expect(output(unbuiltPack)).toContain(
      "@userbridge/core: refusing to pack without its build. Missing: ./dist/index.cjs",
    );
  });
});

describe("pnpm release from a fresh clone", () => {
  it("succeeds, publishing to the registry pnpm was given", () => {
    expect(release.status, output(release)).toBe(0);
    expect(release.stdout).toContain(`publishing to ${registry.url}`);
  });

  it("published every package at its new version, each tarball with its dist/", async () => {
    const listing: string[] = [];
    for (const pkg of publishable()) {
      const published = await packument(pkg.name);
      const tarballUrl = published?.versions[pkg.version]?.dist.tarball;
      expect(tarballUrl, `${pkg.name}@${pkg.version} on the local registry`).toBeDefined();
      const file = join(work, `${pkg.name.replace("/", "-").replace("@", "")}-${pkg.version}.tgz`);
      writeFileSync(file, Buffer.from(await (await get(tarballUrl as string)).arrayBuffer()));
      const files = mustRun("tar", ["-tzf", file], work).stdout.trim().split("\n");
      const targets = JSON.stringify(pkg.exports).match(/"\.\/dist\/[^"]+"/g) ?? [];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect(files, pkg.name).toContain(`package/${JSON.parse(target).slice(2)}`);
      listing.push(
        `${pkg.name}@${pkg.version}: ${files.length} files, ${files.filter((f) => f.startsWith("package/dist/")).length} in dist/`,
      );
    }
    console.log(`published:\n${listing.join("\n")}`);
    expect(listing.length).toBe(10); // core, the five vendors, unified, bulk, scim, cli
  });

  it("asks the same registry whether a version is already out (nothing left to publish)", () => {
    // The registry now in .npmrc instead of the environment: pnpm and changesets must both read it.
    writeFileSync(
      join(clone, ".npmrc"),
      `registry=${registry.url}\n${registry.authPrefix}:_authToken=${registry.token}\n`,
    );
    const again = run("node", ["scripts/publish.mjs"], clone);
    expect(again.status, output(again)).toBe(0);
    expect(output(again)).toContain("No unpublished projects to publish");
  });

  it("refuses npm_config_registry, which pnpm 12 ignores, before sending anything", () => {
    writeFileSync(join(clone, ".npmrc"), `${registry.authPrefix}:_authToken=${registry.token}\n`);
    const stray = run("node", ["scripts/publish.mjs"], clone, { ...baseEnv(), npm_config_registry: registry.url });
    expect(stray.status).toBe(1);
    expect(stray.stderr).toContain(`pnpm_config_registry=${registry.url}`);
    expect(stray.stdout).not.toContain("publishing to");
  });
});

describe("what was published, installed with npm", () => {
  // The root README's facade example, with its declared names given values.
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const example = exampleModules(extractExamples("README.md", readme)).find((m) =>
    m.text.includes('from "@userbridge/unified/snipe-it"'),
  );

  beforeAll(() => {
    const versions = Object.fromEntries(publishable().map((p) => [p.name, p.version]));
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // Our scope from the local registry; openapi-fetch from the usual one (npm's cache first).
    writeFileSync(join(app, ".npmrc"), `@userbridge:registry=${registry.url}\n`);
    const wanted = ["@userbridge/unified", "@userbridge/snipe-it", "@userbridge/cli"].map((n) => `${n}@${versions[n]}`);
    mustRun("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...wanted], app);
  }, 180_000);

  it("installs @userbridge/unified and a vendor package from the registry", () => {
    for (const name of ["unified", "snipe-it", "core"])
      expect(existsSync(join(app, "node_modules/@userbridge", name, "dist/index.js")), name).toBe(true);
  });

  it("type-checks the README example against the published types", () => {
    expect(example?.text).toContain("declare const baseUrl: string; declare const token: string;");
    writeFileSync(join(app, "readme-example.ts"), example?.text ?? "");
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true, // the example against the published types; attw and publint check those
          types: ["node"],
          typeRoots: [join(root, "node_modules/@types")],
        },
        files: ["readme-example.ts"],
      }),
    );
    const tsc = run("node", [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], app);
    expect(output(tsc).trim()).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("runs the README example against a local server answering like Snipe-IT", async () => {
    const server = await startServer(
      json(200, {
        status: "success",
        messages: "User was successfully updated.",
        payload: { id: 13, name: "Ada Lovelace", jobtitle: "CTO", activated: true },
      }),
    );
    try {
      // ESM: the package's import path (the CJS entry is not what the README shows).
      const values = `const baseUrl = ${JSON.stringify(server.url)}; const token = "release-test-token";\n`;
      const code = (example?.text ?? "").replace(/^declare const .*$/m, "");
      const js = ts.transpileModule(code, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      });
      writeFileSync(join(app, "readme-example.mjs"), values + js.outputText);
      // Asynchronously: the server answers from this process.
      const ran = await execFileAsync("node", ["readme-example.mjs"], { cwd: app, env: baseEnv() }).then(
        (r) => ({ status: 0, ...r }),
        (e: { code?: number; stdout?: string; stderr?: string }) => ({
          status: e.code ?? 1,
          stdout: `${e.stdout}`,
          stderr: `${e.stderr}`,
        }),
      );
      expect(ran.status, `${ran.stdout}\n${ran.stderr}`).toBe(0);
      expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([
        ["PATCH", "/api/v1/users/13", JSON.stringify({ jobtitle: "CTO" })],
      ]);
      expect(server.received[0]?.headers.authorization).toContain("release-test-token");
    } finally {
      await server.close();
    }
  });

  it("installs the `userbridge` binary: --help, and bad usage exits 2 before anything is sent", () => {
    const bin = join(app, "node_modules/.bin/userbridge");
    const help = run(bin, ["--help"], app);
    expect(help.status, output(help)).toBe(0);
    expect(help.stdout).toMatch(/apply.*\n[\s\S]*get[\s\S]*update[\s\S]*simulate[\s\S]*mock/);
    const missing = run(bin, ["apply", join(app, "no-such-file.csv")], app, { ...baseEnv() });
    expect(missing.status, output(missing)).toBe(2);
  });
});

describe("one vendor package alone, installed from the registry", () => {
  const solo = join(work, "solo");

  beforeAll(() => {
    const version = publishable().find((p) => p.name === "@userbridge/snipe-it")?.version;
    mkdirSync(solo);
    writeFileSync(join(solo, "package.json"), JSON.stringify({ name: "solo", private: true, type: "module" }));
    // Our scope from the local registry; its dependencies (core, openapi-fetch) resolve from the registries.
    writeFileSync(join(solo, ".npmrc"), `@userbridge:registry=${registry.url}\n`);
    mustRun(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `@userbridge/snipe-it@${version}`],
      solo,
    );
  }, 180_000);

  it("brings only @userbridge/snipe-it and what it depends on", () => {
    expect(readdirSync(join(solo, "node_modules/@userbridge")).sort()).toEqual(["core", "snipe-it"]);
    const manifest = JSON.parse(readFileSync(join(solo, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).toEqual(["@userbridge/snipe-it"]);
  });

  it("updates a user, and its own error classes catch a failure (ESM and CJS)", async () => {
    const server = await startServer([
      json(200, { status: "success", messages: "ok", payload: { id: 13, jobtitle: "CTO" } }),
      json(200, { status: "error", messages: "User does not exist or you do not have permission view them." }),
    ]);
    const program = (load: string) => `${load}
const client = createClient({ baseUrl: process.argv[2], token: "solo-token", maxRetries: 0 });
updateUser(client, 13, { jobtitle: "CTO" }, { timeoutMs: 5000 })
  .then((user) => getUser(client, 14).then(
    () => { throw new Error("no NotFoundError"); },
    (error) => {
      if (!(error instanceof NotFoundError)) throw error;
      console.log(JSON.stringify({ title: user.jobtitle, caught: error.name, vendor: error.vendor }));
    },
  ))
  .catch((error) => { console.error(error); process.exit(1); });
`;
    writeFileSync(
      join(solo, "esm.mjs"),
      program('import { createClient, getUser, NotFoundError, updateUser } from "@userbridge/snipe-it";'),
    );
    writeFileSync(
      join(solo, "cjs.cjs"),
      program('const { createClient, getUser, NotFoundError, updateUser } = require("@userbridge/snipe-it");'),
    );
    try {
      for (const file of ["esm.mjs", "cjs.cjs"]) {
        server.received.length = 0;
        const ran = await execFileAsync("node", [file, server.url], { cwd: solo, env: baseEnv() }).catch(
          (e: { stdout?: string; stderr?: string }) => ({ stdout: `${e.stdout}`, stderr: `failed: ${e.stderr}` }),
        );
        expect(JSON.parse(ran.stdout.trim() || "null"), `${file}: ${ran.stderr}`).toEqual({
          title: "CTO",
          caught: "NotFoundError",
          vendor: "snipe-it",
        });
      }
    } finally {
      await server.close();
    }
  });
});
