/**
 * The names every package entry exports (values and types), as a committed snapshot
 * (scripts/public-api.txt: each entry, then its names, types marked `type`): a new export, or one removed, is a deliberate change that updates it
 * (`pnpm vitest run scripts/public-api.test.ts -u`) and shows in review. The entries are read from
 * each package.json `exports` (dist/<name>.js ← src/<name>.ts, or src/adapters/<name>.ts), as
 * typedoc.config.mjs reads them. `@userbridge/core/internal` is listed too: it is not a public API,
 * but what it offers the other packages should not change unnoticed either.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

/** `@userbridge/<pkg>[/<subpath>]` → its source file. */
function entries(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    const manifest = join(root, "packages", dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name: string; exports?: Record<string, unknown> };
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      const built = (target as { import?: { default?: string } })?.import?.default;
      const name = typeof built === "string" ? /^\.\/dist\/(.+)\.js$/.exec(built)?.[1] : undefined;
      if (!name) continue;
      const file = [`src/${name}.ts`, `src/adapters/${name}.ts`]
        .map((f) => join(root, "packages", dir, f))
        .find((f) => existsSync(f));
      if (file) out.set(`${pkg.name}${subpath === "." ? "" : subpath.slice(1)}`, file);
    }
  }
  return out;
}

describe("public API", () => {
  it("every package entry exports exactly the names in scripts/public-api.txt", async () => {
    const list = entries();
    const config = ts.readConfigFile(join(root, "tsconfig.docs.json"), ts.sys.readFile).config;
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const program = ts.createProgram([...list.values()], { ...options, noEmit: true });
    const checker = program.getTypeChecker();
    const names: Record<string, string[]> = {};
    for (const [entry, file] of list) {
      const source = program.getSourceFile(file);
      const symbol = source && checker.getSymbolAtLocation(source);
      if (!symbol) throw new Error(`no module symbol for ${file}`);
      names[entry] = checker
        .getExportsOfModule(symbol)
        .map((s) => {
          const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
          const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
          return isValue ? s.name : `type ${s.name}`;
        })
        .sort((a, b) => a.replace(/^type /, "").localeCompare(b.replace(/^type /, "")));
    }
    const text = Object.entries(names).map(([entry, list]) => `${entry}\n${list.map((n) => `  ${n}\n`).join("")}`);
    await expect(text.join("\n")).toMatchFileSnapshot("./public-api.txt");
    // core's main entry is the public API only: none of the internals vendor packages build on.
    for (const internal of [
      "apiErrorFrom",
      "wireCopy",
      "send",
      "createVendorClient",
      "withCallOptions",
      "schemaValidator",
    ]) {
      expect(names["@userbridge/core"]).not.toContain(internal);
      expect(names["@userbridge/core/internal"]).toContain(internal);
    }
    // Each vendor package and the facade re-export the error classes their functions throw.
    for (const entry of ["snipe-it", "zluri", "onlyoffice", "nexudus", "sailpoint-nerm", "unified"]) {
      for (const cls of ["UserbridgeError", "InvalidInputError", "NotFoundError", "AbortedError", "ConnectionError"]) {
        expect(names[`@userbridge/${entry}`], `${entry} ${cls}`).toContain(cls);
      }
    }
  }, 120_000);
});
