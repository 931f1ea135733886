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
    limit: "3.2 kB", // ONLYOFFICE 3.09 kB, Nexudus 3.08 kB with per-call options on every function (issue 24)
  })),
  ...(existsSync("packages/unified/package.json")
    ? vendors.map((v) => ({
        name: `app: @userbridge/unified connect + ${v} adapter, everything included`,
        import: {
          "packages/unified/dist/index.js": "{ connect }",
          [`packages/unified/dist/${v}.js`]: `{ ${camel(v)} }`,
        },
        gzip: true,
        // DESIGN: 15 kB; largest app 16.30 kB (Nexudus) after trimming core, then 17.72 kB with issue 24's
        // per-call options, request/response hooks, every client option checked (InvalidInputError) and
        // connection errors naming the system error: +1.4 kB in every app. 0.18 kB headroom.
        limit: "17.9 kB",
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
