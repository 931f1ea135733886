/**
 * Packaging tests: each publishable package is packed with `pnpm pack` (which rewrites
 * `workspace:` ranges), checked with publint --strict and attw on the tarball, installed with npm
 * in a temporary project, imported from ESM and CJS, and type-checked from a consumer file.
 * Needs the packages built (`pnpm test` builds them first).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const packages = readdirSync(join(root, "packages"))
  .filter((d) => existsSync(join(root, "packages", d, "package.json")))
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
    return {
      dir,
      name: pkg.name as string,
      exports: Object.keys(pkg.exports ?? {}) as string[],
      private: !!pkg.private,
    };
  })
  .filter((p) => !p.private && existsSync(join(root, "packages", p.dir, "dist")));

const work = mkdtempSync(join(tmpdir(), "userbridge-pack-"));
const tarballs = new Map<string, string>();
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true" },
  });

beforeAll(() => {
  for (const p of packages) {
    const out = run("pnpm", ["pack", "--pack-destination", work], join(root, "packages", p.dir));
    const file = out.trim().split("\n").pop()?.trim() ?? "";
    tarballs.set(p.name, file.startsWith("/") ? file : join(work, file));
  }
  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs.values()], app);
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      "typescript@5.9.3",
      "@types/node@20.19.9",
    ],
    app,
  );
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(packages)("$name", ({ name, dir, exports }) => {
  const entries = exports
    .filter((e) => e !== "./package.json" && !e.endsWith(".yaml"))
    .map((e) => (e === "." ? name : `${name}/${e.slice(2)}`));

  it("passes publint --strict", () => {
    const out = run(bin("publint"), ["--strict", join(root, "packages", dir)], root);
    expect(out).not.toMatch(/error|warning|suggestion/i);
  });

  it("passes attw on the packed tarball", () => {
    // attw exits non-zero on any problem; the output names it.
    run(
      bin("attw"),
      [tarballs.get(name) as string, "--profile", "node16", "--exclude-entrypoints", "./openapi.yaml"],
      root,
    );
  });

  it("has no workspace: ranges and only allowed runtime dependencies in the tarball", () => {
    const manifest = JSON.parse(run("tar", ["-xOzf", tarballs.get(name) as string, "package/package.json"], root)) as {
      dependencies?: Record<string, string>;
    };
    const deps = manifest.dependencies ?? {};
    expect(JSON.stringify(deps)).not.toContain("workspace:");
    // The CLI alone adds its command-line libraries (packages/cli/README.md says why each).
    const allowed = new Set([
      "openapi-fetch",
      ...(name === "@userbridge/cli" ? ["commander", "csv-parse", "cli-progress"] : []),
    ]);
    for (const dep of Object.keys(deps)) expect(allowed.has(dep) || dep.startsWith("@userbridge/")).toBe(true);
  });

  it.each(entries)("imports %s from ESM and CJS", (entry) => {
    const app = join(work, "app");
    const esm = run(
      "node",
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(entry)}); console.log(Object.keys(m).sort().join(","))`,
      ],
      app,
    );
    const cjs = run(
      "node",
      ["-e", `console.log(Object.keys(require(${JSON.stringify(entry)})).sort().join(","))`],
      app,
    );
    expect(esm.trim().length).toBeGreaterThan(0);
    expect(cjs.trim()).toBe(esm.trim());
  });

  if (exports.includes("./openapi.yaml")) {
    it("ships its spec as ./openapi.yaml", () => {
      const out = run(
        "node",
        ["-e", `console.log(require.resolve(${JSON.stringify(`${name}/openapi.yaml`)}))`],
        join(work, "app"),
      );
      expect(readFileSync(out.trim(), "utf8")).toMatch(/^openapi: 3\.1/m);
    });
  }
});

describe("@userbridge/unified installed from its tarball", () => {
  it.each(packages.filter((p) => p.exports.includes("./openapi.yaml")).map((p) => p.dir))(
    "connectVendor(%j) loads the adapter through the package's own subpath, from ESM and CJS",
    (vendor) => {
      const app = join(work, "app");
      const options = JSON.stringify({ baseUrl: "https://users.example.com", token: "t", apiKey: "k" });
      const code = (load: string) =>
        `${load}.then(async ({ connectVendor }) => { const u = await connectVendor(${JSON.stringify(vendor)}, ${options}); console.log(u.vendor, u.capabilities.length); })`;
      const esm = run("node", ["--input-type=module", "-e", code(`import("@userbridge/unified")`)], app);
      const cjs = run("node", ["-e", code(`Promise.resolve(require("@userbridge/unified"))`)], app);
      expect(esm.trim()).toMatch(new RegExp(`^${vendor} \\d+$`));
      expect(cjs.trim()).toBe(esm.trim());
    },
  );
});

describe("a TypeScript consumer", () => {
  it("type-checks against the installed packages (ESM and CJS resolution)", () => {
    const app = join(work, "app");
    const vendors = packages.filter((p) => p.exports.includes("./openapi.yaml"));
    const lines = vendors.flatMap((p, i) => [
      `import * as v${i} from ${JSON.stringify(p.name)};`,
      `export const c${i}: typeof v${i}.createClient = v${i}.createClient;`,
      `export const u${i}: typeof v${i}.updateUser = v${i}.updateUser;`,
      `export type U${i} = v${i}.UserUpdate;`,
    ]);
    lines.push(`import { UserbridgeError, InvalidInputError } from "@userbridge/core";`);
    lines.push(
      `export const isInput = (e: unknown): e is InvalidInputError => e instanceof InvalidInputError && e instanceof UserbridgeError;`,
    );
    writeFileSync(join(app, "consumer.ts"), `${lines.join("\n")}\n`);
    writeFileSync(
      join(app, "consumer.cts"),
      `${lines
        .join("\n")
        .replace(/import \* as (\w+) from ("[^"]+");/g, "import $1 = require($2);")
        .replace(/import \{([^}]+)\} from ("[^"]+");/, "import {$1} from $2;")}\n`,
    );
    for (const module of ["nodenext", "node16"]) {
      const out = run(
        join(app, "node_modules", ".bin", "tsc"),
        [
          "--noEmit",
          "--strict",
          "--skipLibCheck",
          "false",
          "--module",
          module,
          "--moduleResolution",
          module,
          "--types",
          "node",
          "consumer.ts",
          "consumer.cts",
        ],
        app,
      );
      expect(out).toBe("");
    }
  });
});
