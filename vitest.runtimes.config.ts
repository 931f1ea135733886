import { defineConfig } from "vitest/config";

// `pnpm test:runtimes`: the runtime matrix and the client-path rule, against the BUILT packages
// (no source aliases: every runtime, Node included, imports dist/ through node_modules).
export default defineConfig({
  test: {
    include: ["test/runtimes/**/*.test.ts"],
    globalSetup: ["test/support/prism-setup.ts"],
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-runtimes.json" }]],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
