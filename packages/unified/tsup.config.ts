import { readdirSync } from "node:fs";
import { defineConfig } from "tsup";

// Every file in src/adapters is an adapter (`pnpm new-vendor` adds one).
const adapters = readdirSync("src/adapters")
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.replace(/\.ts$/, ""));

// One entry per adapter so that each is its own subpath (and an app bundles only the one it imports).
export default defineConfig({
  entry: { index: "src/index.ts", ...Object.fromEntries(adapters.map((a) => [a, `src/adapters/${a}.ts`])) },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  silent: true,
  // connectVendor loads adapters through the package's own subpaths: keep those imports as they are.
  external: [/^@userbridge\//],
});
