import { defineConfig } from "vitest/config";

// `pnpm test:release`: the release, end to end, from a fresh clone to a local registry
// (test/release/). Run on its own (CI's second step): it takes minutes, and needs no Prism.
export default defineConfig({
  test: {
    include: ["test/release/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".tmp/release-report.json" }]],
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
