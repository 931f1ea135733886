import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

// `userbridge --version`, from package.json at build time (src/version.ts).
const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
const define = { __USERBRIDGE_CLI_VERSION__: JSON.stringify(version) };

// The library entry (run(argv) and the helpers) for ESM and CJS; the bin as ESM with its shebang.
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: false,
    target: "node20",
    silent: true,
    external: [/^@userbridge\//],
    define,
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    target: "node20",
    silent: true,
    banner: { js: "#!/usr/bin/env node" },
    external: [/^@userbridge\//],
    define,
  },
]);
