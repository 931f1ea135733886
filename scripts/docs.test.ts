/**
 * The API reference's promise: every public export of every package is documented. Runs TypeDoc's
 * validation (typedoc.config.mjs: `notDocumented`, warnings are errors), writing its JSON model to a
 * temporary file rather than docs/api;
 * a failure lists each undocumented export with the file that defines it, e.g.
 * `@userbridge/core.bearerAuth (CallSignature), defined in @userbridge/core/src/auth.ts, does not have any documentation`.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const typedocBin = join(root, "node_modules", "typedoc", "bin", "typedoc");

/** The parts of TypeDoc's JSON model these tests read. */
interface Reflection {
  name: string;
  readme?: unknown;
  children?: Reflection[];
  signatures?: { parameters?: { name: string; type?: TypeRef }[]; type?: TypeRef }[];
}
interface TypeRef {
  type: string;
  name?: string;
  typeArguments?: TypeRef[];
}

const model = join(mkdtempSync(join(tmpdir(), "userbridge-typedoc-")), "api.json");

describe("API reference (TypeDoc)", () => {
  it("has an entry point for every public subpath of every package", async () => {
    const { default: config } = (await import("../typedoc.config.mjs")) as { default: { entryPoints: string[] } };
    for (const dir of readdirSync(join(root, "packages"))) {
      const pkg = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
      const built = Object.values(pkg.exports as Record<string, { import?: { default?: string } } | string>)
        .map((t) => (typeof t === "object" ? t.import?.default : undefined))
        .filter((t): t is string => typeof t === "string");
      const documented = config.entryPoints.filter((e) => e.startsWith(`packages/${dir}/src/`));
      expect(documented, `packages/${dir}`).toHaveLength(built.length);
    }
  });

  it("documents every public export, lands on a guide and links named types (typedoc --json)", async () => {
    const { code, output } = await new Promise<{ code: number; output: string }>((done) => {
      execFile(
        process.execPath,
        [typedocBin, "--json", model],
        { cwd: root, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    const problems = stripVTControlCharacters(output)
      .split("\n")
      .filter((l) => /\[(warning|error)\]/.test(l));
    expect(problems, `TypeDoc (${relative(root, typedocBin)}) reported:\n${problems.join("\n")}`).toEqual([]);
    expect(code).toBe(0);

    // Issue 24: a newcomer lands on docs/api-index.md, not a bare list of modules, and a function's
    // page links its named types (`changes: UserUpdate`, `Promise<User>`) instead of inlining them.
    const project = JSON.parse(readFileSync(model, "utf8")) as Reflection;
    expect(JSON.stringify(project.readme)).toContain("Start here");
    const snipe = project.children?.find((c) => c.name === "@userbridge/snipe-it");
    const signature = snipe?.children?.find((c) => c.name === "updateUser")?.signatures?.[0];
    expect(signature?.parameters?.map((p) => [p.name, p.type?.type, p.type?.name])).toEqual([
      ["client", "reference", "SnipeItClient"],
      ["id", "intrinsic", "number"],
      ["changes", "reference", "UserUpdate"],
      ["options", "reference", "CallOptions"],
    ]);
    expect(signature?.type?.typeArguments?.[0]).toMatchObject({ type: "reference", name: "User" });
  }, 180_000);
});

describe("the docs link only to files in the repository", () => {
  it.each(["README.md", "docs/architecture.md", "docs/adding-a-vendor.md"])("%s", (doc) => {
    const text = readFileSync(join(root, doc), "utf8");
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    const local = links.filter((l) => !/^[a-z]+:/i.test(l) && !l.startsWith("#"));
    expect(local.length).toBeGreaterThan(0);
    for (const link of local) {
      expect(existsSync(join(root, dirname(doc), link.split("#")[0] as string)), `${doc} → ${link}`).toBe(true);
    }
    expect(text).not.toMatch(/DESIGN\.md|shared design folder/);
  });
});
