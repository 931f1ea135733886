import { defineConfig } from "tsup";

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
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    target: "node20",
    silent: true,
    banner: { js: "#!/usr/bin/env node" },
    external: [/^@userbridge\//],
  },
]);
