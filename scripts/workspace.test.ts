/**
 * The workspace's own promises, checked: exact tool pins (docs/architecture.md "Toolchain": `latest` and `^`
 * ranges float onto versions that need Node 22), the pnpm settings a fresh machine needs, the
 * turbo pipeline and its inputs, independent changesets, and the shape every package shares.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "..");
const json = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));
const rootPkg = json("package.json");

/** How each package's description names what it is ("Typed Zluri client: …"). */
const DISPLAY_NAMES: Record<string, string> = {
  core: "client runtime",
  "snipe-it": "Snipe-IT client",
  zluri: "Zluri client",
  onlyoffice: "ONLYOFFICE client",
  nexudus: "Nexudus client",
  "sailpoint-nerm": "SailPoint NERM client",
  unified: "unified client",
  bulk: "bulk client",
  scim: "SCIM gateway",
  cli: "command line",
};

const PINS: Record<string, string> = {
  typescript: "5.9.3",
  "openapi-typescript": "7.13.0",
  "openapi-fetch": "0.17.0",
  vitest: "4.1.12",
  "@changesets/cli": "2.31.1",
  "@stoplight/prism-cli": "5.14.2",
  "@stoplight/spectral-cli": "6.16.3",
  tsup: "8.5.1",
  turbo: "2.11.11",
  "@biomejs/biome": "2.6.8",
  publint: "0.3.25",
  "@arethetypeswrong/cli": "0.18.5",
  "size-limit": "12.1.0",
  "@size-limit/preset-small-lib": "12.1.0",
  "fast-check": "4.10.2",
  tsx: "4.23.15",
  typedoc: "0.28.20",
  verdaccio: "6.8.0",
};

describe("toolchain", () => {
  it("pins every tool docs/architecture.md pins, exactly", () => {
    for (const [name, version] of Object.entries(PINS))
      expect(`${name}@${rootPkg.devDependencies[name]}`).toBe(`${name}@${version}`);
    expect(rootPkg.packageManager).toBe("pnpm@12.21.0");
  });

  it("uses no version ranges anywhere (workspace packages aside)", () => {
    const manifests = [
      rootPkg,
      json("test/runtimes/node/package.json"),
      ...readdirSync(join(root, "packages")).map((d) => json(`packages/${d}/package.json`)),
    ];
    for (const m of manifests) {
      const deps = { ...m.dependencies, ...m.devDependencies, ...m.optionalDependencies };
      for (const [name, range] of Object.entries(deps) as [string, string][]) {
        if (range.startsWith("workspace:")) continue;
        expect(`${m.name} → ${name}@${range}`).toMatch(/@\d+\.\d+\.\d+$/);
      }
    }
  });

  it("pins Prism's inner packages to the versions that do not hang", () => {
    const ws = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8"));
    expect(ws.overrides).toEqual({
      "@stoplight/prism-core": "5.8.0",
      "@stoplight/prism-http": "5.12.0",
      "@stoplight/prism-http-server": "5.12.2",
      // Verdaccio 6.8.0 (the release test's registry) asks for node-fetch@"cjs", a tag gone from npm.
      "node-fetch": "2.7.0",
    });
    expect(ws.pmOnFail).toBe("ignore");
    expect(ws.allowBuilds).toMatchObject({ esbuild: true, "@scarf/scarf": false, msw: false });
    // The pinned Node binaries of the runtime matrix: a package of their own (their bin is `node`).
    expect(ws.packages).toEqual(["packages/*", "test/runtimes/node"]);
  });
});

describe("pipeline", () => {
  const turbo = json("turbo.json");
  it("runs generate → build → typecheck and the tests, with the specs as inputs", () => {
    expect(turbo.tasks.build.dependsOn).toEqual(expect.arrayContaining(["^build", "generate"]));
    expect(turbo.tasks.typecheck.dependsOn).toEqual(expect.arrayContaining(["^build", "generate"]));
    expect(turbo.tasks.generate.inputs).toEqual(expect.arrayContaining(["$TURBO_ROOT$/specs/*.yaml"]));
    expect(turbo.tasks["//#test:all"].dependsOn).toEqual(expect.arrayContaining(["^build", "^typecheck"]));
    expect(turbo.tasks["//#test:all"].inputs).toEqual(expect.arrayContaining(["specs/**", "packages/*/src/**"]));
    expect(rootPkg.scripts.test).toContain("turbo run test:all");
    expect(rootPkg.scripts["test:all"]).toMatch(/lint.*generate\.ts --check.*vitest run.*size-limit/);
  });

  it("keeps registry credentials (.npmrc) out of git", () => {
    expect(readFileSync(join(root, ".gitignore"), "utf8").split("\n")).toContain(".npmrc");
  });

  it("releases only after building and testing, to pnpm's registry", () => {
    expect(rootPkg.scripts.release).toMatch(/^pnpm build && pnpm test && node scripts\/publish\.mjs$/);
    expect(rootPkg.scripts["test:release"]).toContain("vitest.release.config.ts");
  });

  it("versions every package independently from main", () => {
    const config = json(".changeset/config.json");
    expect(config.baseBranch).toBe("main");
    expect(config.fixed).toEqual([]);
    expect(config.linked).toEqual([]);
  });
});

describe.each(readdirSync(join(root, "packages")))("packages/%s", (dir) => {
  const pkg = json(`packages/${dir}/package.json`);
  it("refuses to pack without its build (the shared prepack guard)", () => {
    expect(pkg.scripts.prepack).toBe("node ../../scripts/require-dist.mjs");
  });

  it("is an ESM+CJS package without side effects, typed for both", () => {
    expect(pkg.name).toBe(`@userbridge/${dir}`);
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports["."]).toEqual({
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
    });
  });

  if (dir === "bulk") {
    it("depends at run time on @userbridge/core, @userbridge/unified and (for shared pacing) ioredis only", () => {
      expect(Object.keys(pkg.dependencies).sort()).toEqual(["@userbridge/core", "@userbridge/unified", "ioredis"]);
    });
  }

  it("ships the MIT LICENSE and its CHANGELOG, with homepage, bugs, keywords and a 'Typed …: …' description", () => {
    expect(pkg.license).toBe("MIT");
    expect(readFileSync(join(root, "packages", dir, "LICENSE"), "utf8")).toBe(
      readFileSync(join(root, "LICENSE"), "utf8"),
    );
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "LICENSE", "CHANGELOG.md"]));
    expect(pkg.homepage).toBe(`https://github.com/userbridge/userbridge/tree/main/packages/${dir}#readme`);
    expect(pkg.bugs).toEqual({ url: "https://github.com/userbridge/userbridge/issues" });
    expect(pkg.keywords).toContain("userbridge");
    expect(pkg.description.startsWith(`Typed ${DISPLAY_NAMES[dir]}: `)).toBe(true);
  });

  if (dir === "cli") {
    it("depends at run time on the workspace packages and the CLI's pinned libraries", () => {
      expect(
        Object.keys(pkg.dependencies)
          .filter((d) => !d.startsWith("@userbridge/"))
          .sort(),
      ).toEqual(["cli-progress", "commander", "csv-parse"]);
      expect(pkg.bin).toEqual({ userbridge: "./dist/bin.js" });
    });
  }

  if (dir !== "core" && dir !== "unified" && dir !== "bulk" && dir !== "scim" && dir !== "cli") {
    it("marks its generated folder DO NOT EDIT, in a README and in every file's header", () => {
      const gen = join(root, "packages", dir, "src", "generated");
      expect(readFileSync(join(gen, "README.md"), "utf8")).toMatch(/^# DO NOT EDIT\n/);
      for (const file of readdirSync(gen).filter((f) => /\.(ts|js)$/.test(f)))
        expect(readFileSync(join(gen, file), "utf8").split("\n")[0]).toMatch(/^\/\/ Generated by .*DO NOT EDIT\.$/);
    });

    it("depends at run time on openapi-fetch and @userbridge/core only", () => {
      expect(Object.keys(pkg.dependencies).sort()).toEqual(["@userbridge/core", "openapi-fetch"]);
    });
    it("ships its spec and a mock launcher, and has the same files as every vendor package", () => {
      expect(pkg.exports["./openapi.yaml"]).toBe("./openapi.yaml");
      expect(Object.keys(pkg.exports["./mock"])).toEqual(["import", "require"]);
      const files = readdirSync(join(root, "packages", dir, "src")).sort();
      expect(files).toEqual(
        expect.arrayContaining(["client.ts", "generated", "index.ts", "mock.ts", "quirks.ts", "users.ts"]),
      );
      expect(readdirSync(join(root, "specs"))).toContain(`${dir}.yaml`);
    });
  }
});
