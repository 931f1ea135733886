/**
 * Packaging tests: each publishable package is packed with `pnpm pack` (which rewrites
 * `workspace:` ranges), checked with publint --strict and attw on the tarball, installed with npm
 * in a temporary project, imported from ESM and CJS, and type-checked from a consumer file.
 * Then consumer projects (CommonJS, ESM NodeNext, ESM bundler resolution) compile an application
 * with tsc and run it: every vendor's createClient + updateUser and the facade's update, called
 * through require() and import against a local server answering as the specs' examples do.
 * Needs the packages built (`pnpm test` builds them first).
 */
import { execFile, execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExampleServer } from "../test/support/spec-examples.js";

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
/** Runs a command; a failure's message carries what it printed (tsc prints its errors on stdout). */
const run = (cmd: string, args: string[], cwd: string) => {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CI: "true" },
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${stdout}${stderr}`, { cause: error });
  }
};

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
    // The CLI adds its command-line libraries (packages/cli/README.md says why each).
    const allowed = new Set([
      "openapi-fetch",
      ...(name === "@userbridge/cli" ? ["commander", "csv-parse", "cli-progress"] : []),
      // Shared pacing (its ./redis subpath): packages/bulk/README.md says why.
      ...(name === "@userbridge/bulk" ? ["ioredis"] : []),
      // The SCIM gateway's filter parser, PATCH library, file store and PostgreSQL driver (packages/scim/README.md says why each).
      ...(name === "@userbridge/scim" ? ["scim-patch", "scim2-parse-filter", "sql.js", "pg"] : []),
    ]);
    for (const dep of Object.keys(deps)) expect(allowed.has(dep) || dep.startsWith("@userbridge/")).toBe(true);
  });

  it("ships its README and the MIT LICENSE", () => {
    const files = run("tar", ["tzf", tarballs.get(name) as string], root).split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/README.md", "package/LICENSE", "package/package.json"]));
    expect(run("tar", ["-xOzf", tarballs.get(name) as string, "package/LICENSE"], root)).toMatch(/^MIT License/);
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

/**
 * Consumer projects beside the installed packages (they resolve them from the parent's
 * node_modules, as any nested project does): one npm install serves all three.
 */
const PROJECTS = {
  "cjs-nodenext": { type: "commonjs", module: "nodenext", moduleResolution: "nodenext" },
  "esm-nodenext": { type: "module", module: "nodenext", moduleResolution: "nodenext" },
  "esm-bundler": { type: "module", module: "esnext", moduleResolution: "bundler" },
} as const;
const VENDORS = ["snipe-it", "zluri", "onlyoffice", "nexudus", "sailpoint-nerm"] as const;
/** The ids of the users in the specs' examples, which each update returns. */
const IDS: Record<(typeof VENDORS)[number], string> = {
  "snipe-it": "13",
  zluri: "64b7f0c2a1d3e4f5a6b7c8d9",
  onlyoffice: "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21",
  nexudus: "87654321",
  "sailpoint-nerm": "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e",
};

describe.each(Object.entries(PROJECTS))("a %s consumer project", (name, project) => {
  const dir = () => join(work, "app", name);

  it("type-checks and compiles an application with tsc", () => {
    mkdirSync(dir(), { recursive: true });
    writeFileSync(
      join(dir(), "package.json"),
      JSON.stringify({ name: `consumer-${name}`, private: true, type: project.type }),
    );
    const compilerOptions = {
      module: project.module,
      moduleResolution: project.moduleResolution,
      target: "es2022",
      strict: true,
      skipLibCheck: false,
      types: ["node"],
      outDir: "out",
    };
    writeFileSync(join(dir(), "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
    copyFileSync(join(root, "scripts", "fixtures", "consumer.ts"), join(dir(), "consumer.ts"));
    expect(run(join(work, "app", "node_modules", ".bin", "tsc"), ["-p", "."], dir())).toBe("");
    const out = readFileSync(join(dir(), "out", "consumer.js"), "utf8");
    // The module system under test is the one that runs.
    if (project.type === "commonjs") expect(out).toMatch(/require\("@userbridge\/snipe-it"\)/);
    else expect(out).toMatch(/^import .* from "@userbridge\/snipe-it";$/m);
  }, 180_000); // tsc with lib checking: ~15 s alone, up to a minute on a loaded 2-core machine

  it(`calls createClient + updateUser of every vendor and the facade's update (${project.type === "commonjs" ? "require()" : "import"})`, async () => {
    const server = await startExampleServer(VENDORS);
    try {
      const { stdout } = await promisify(execFile)("node", [join(dir(), "out", "consumer.js"), server.url], {
        cwd: dir(),
        encoding: "utf8",
      });
      const results = JSON.parse(stdout) as Record<string, string>;
      const expected = {
        "core errors": "InvalidInputError",
        ...Object.fromEntries(
          VENDORS.flatMap((v) => [
            [v, IDS[v]],
            [`${v} facade`, IDS[v]],
          ]),
        ),
      };
      expect(results).toEqual(expected);
      for (const vendor of VENDORS) {
        const received = server.by(vendor);
        // Each update wrote, and said who it is (package/version, then the runtime).
        expect(received.some((r) => r.method === "PATCH" || r.method === "PUT")).toBe(true);
        const version = JSON.parse(readFileSync(join(root, "packages", vendor, "package.json"), "utf8")).version;
        for (const r of received)
          expect(r.headers["user-agent"]).toBe(`userbridge-${vendor}/${version} node/${process.versions.node}`);
      }
    } finally {
      await server.close();
    }
  });
});
