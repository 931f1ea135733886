import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `pnpm test:scale` (issue 23): beyond one process, against real Redis and PostgreSQL servers that
// test/support/services-setup.ts starts on loopback (CI installs them from Debian packages first).
// Same source aliases as the main suite; child processes import the built packages (hence the build).
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ["packages/*/test/**/*.scale.test.ts"],
    globalSetup: ["test/support/services-setup.ts"],
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-scale.json" }]],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
