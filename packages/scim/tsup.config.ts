import { defineConfig } from "tsup";

// `index` is the runtime-neutral handler; `node` (the file store and the node:http server) and
// `postgres` (the store for several instances) are Node-only.
export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node.ts", postgres: "src/postgres.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  silent: true,
  external: [/^@userbridge\//, "scim-patch", "scim2-parse-filter", "sql.js", "pg"],
});
