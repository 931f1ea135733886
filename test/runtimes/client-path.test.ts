/**
 * The client path runs on any runtime with standard fetch: core's main entry, each vendor's main
 * entry and the facade (with its adapter subpaths) import no `node:` module, no Node built-in and
 * no package but openapi-fetch and our own. Each built entry is bundled with esbuild for a neutral
 * platform; every import it reaches is checked. The `./mock` subpaths are Node-only, and the rule
 * must see that (so it is known to fail when it should).
 */
import { readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";

const packagesDir = fileURLToPath(new URL("../../packages/", import.meta.url));
/**
 * The vendors: one per facade adapter (packages/unified/src/adapters). `@userbridge/bulk` is not on
 * the client path: it is Node-only like `./mock`, `./simulator` and the CLI (it counts each row's
 * requests with AsyncLocalStorage from `node:async_hooks`).
 */
const adapters = readdirSync(new URL("unified/src/adapters/", `file://${packagesDir}`))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.replace(/\.ts$/, ""));
const BUILTINS = new Set(builtinModules);
/**
 * The only packages the client path may load (DESIGN.md: openapi-fetch and @userbridge/*), and the
 * SCIM gateway's pinned pure-JavaScript libraries (filter parsing and PATCH; scim-patch needs fast-deep-equal).
 */
const ALLOWED = /^(@userbridge\/[^/]+(\/.*)?|openapi-fetch|scim-patch|scim2-parse-filter|fast-deep-equal)$/;

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Every import the entry reaches that the client path must not have, as "importer → specifier". */
async function forbiddenImports(entry: string): Promise<string[]> {
  const found: string[] = [];
  const watch: Plugin = {
    name: "client-path",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point" || args.path.startsWith(".") || args.path.startsWith("/")) return undefined;
        const bare = args.path.replace(/^node:/, "");
        const where = `${args.importer.replace(packagesDir, "packages/")} → ${args.path}`;
        if (args.path.startsWith("node:") || BUILTINS.has(bare) || BUILTINS.has(packageName(bare))) {
          found.push(where);
          return { path: args.path, external: true };
        }
        if (!ALLOWED.test(packageName(args.path)) && !ALLOWED.test(args.path)) found.push(where);
        return undefined;
      });
    },
  };
  await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    logLevel: "silent",
    plugins: [watch],
  });
  return found;
}

const dist = (pkg: string, file: string) => `${packagesDir}${pkg}/dist/${file}`;
const clientPath = [
  dist("core", "index.js"),
  ...adapters.map((p) => dist(p, "index.js")),
  dist("unified", "index.js"),
  ...adapters.map((p) => dist("unified", `${p}.js`)),
  // The SCIM gateway's handler (its ./node subpath, the file store and node:http server, is Node-only).
  dist("scim", "index.js"),
];

describe("the client path imports nothing Node-only", () => {
  it.each(clientPath.map((file) => [file.replace(packagesDir, "packages/"), file]))("%s", async (_name, file) => {
    expect(await forbiddenImports(file)).toEqual([]);
  });

  it("sees the SCIM gateway's Node-only ./node subpath for what it is", async () => {
    expect(await forbiddenImports(dist("scim", "node.js"))).toEqual(
      expect.arrayContaining(["packages/scim/dist/node.js → sql.js", "packages/scim/dist/node.js → http"]),
    );
  });

  it("sees the Node-only ./mock subpaths for what they are", async () => {
    // tsup writes `node:child_process` as `child_process`: a built-in either way.
    expect(await forbiddenImports(dist("core", "mock.js"))).toContain("packages/core/dist/mock.js → child_process");
  });
});
