import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// Tests run against the workspace packages' sources (no build needed); the packaging tests cover
// the built dist/ separately.
const packages = readdirSync(new URL("./packages", import.meta.url));
const src = (pkg: string, file: string) => fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url));
const alias = [
  // The facade's adapters, as its own subpaths (connectVendor imports them by package name).
  {
    find: /^@userbridge\/unified\/(?!mock$|simulator$)(.+)$/,
    replacement: fileURLToPath(new URL("./packages/unified/src/adapters/$1.ts", import.meta.url)),
  },
  ...packages.flatMap((pkg) => [
    { find: new RegExp(`^@userbridge/${pkg}$`), replacement: src(pkg, "index.ts") },
    { find: new RegExp(`^@userbridge/${pkg}/mock$`), replacement: src(pkg, "mock.ts") },
    { find: new RegExp(`^@userbridge/${pkg}/internal$`), replacement: src(pkg, "internal.ts") },
    { find: new RegExp(`^@userbridge/${pkg}/simulator$`), replacement: src(pkg, "simulator.ts") },
  ]),
  // Node-only subpaths (the CLI imports them by package name).
  { find: /^@userbridge\/bulk\/redis$/, replacement: src("bulk", "redis.ts") },
  { find: /^@userbridge\/scim\/(node|postgres)$/, replacement: src("scim", "$1.ts") },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["packages/*/test/**/*.test.ts", "scripts/**/*.test.ts"],
    // Beyond one process, against real Redis/PostgreSQL servers: `pnpm test:scale` (vitest.scale.config.ts).
    exclude: [...configDefaults.exclude, "**/*.scale.test.ts"],
    globalSetup: ["test/support/prism-setup.ts"],
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-report.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ["packages/*/test/**/*.test-d.ts"],
      tsconfig: "tsconfig.test.json",
    },
  },
});
