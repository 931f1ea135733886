// Bundle budgets (docs/architecture.md "Budgets"), min+gzip. Run by `pnpm test` (and `pnpm size`).
const { existsSync, readFileSync, readdirSync } = require("node:fs");

// Vendor packages are the ones that ship a spec; each adapter is exported as the camelCase of its
// vendor name (`sailpoint-nerm` → `sailpointNerm`), as `pnpm new-vendor` scaffolds it.
const vendors = readdirSync("packages").filter((d) => existsSync(`packages/${d}/openapi.yaml`));
const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
// The lifecycle verbs a vendor package exports (src/lifecycle.ts), and the adapters with a `<camel>Lifecycle`.
const lifecycleVerbs = (v) => {
  const file = `packages/${v}/src/lifecycle.ts`;
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  return ["createUser", "listUsers", "deleteUser"].filter(
    (f) => text.includes(`export async function ${f}(`) || text.includes(`export function ${f}(`),
  );
};
const lifecycleAdapter = (v) => {
  const file = `packages/unified/src/adapters/${v}.ts`;
  return existsSync(file) && readFileSync(file, "utf8").includes(`export function ${camel(v)}Lifecycle(`);
};

module.exports = [
  ...vendors.map((v) => ({
    name: `@userbridge/${v}: own code (without openapi-fetch and core)`,
    path: `packages/${v}/dist/index.js`,
    import: "{ createClient, getUser, updateUser, planUpdate }",
    ignore: ["openapi-fetch", "@userbridge/core"],
    gzip: true,
    // Own code with per-call options on every function (issue 24); ONLYOFFICE also sends department back
    // and maps what the binder reads (issue 19). Measured at the merge: see the README budgets.
    limit: v === "onlyoffice" ? "3.4 kB" : "3.2 kB",
  })),
  // Everything a vendor package offers: the update-only entry above must not grow with these.
  ...vendors
    .filter((v) => lifecycleVerbs(v).length > 0)
    .map((v) => ({
      name: `@userbridge/${v}: own code with the lifecycle (${lifecycleVerbs(v).join(", ")})`,
      path: `packages/${v}/dist/index.js`,
      import: `{ createClient, getUser, updateUser, planUpdate, ${lifecycleVerbs(v).join(", ")} }`,
      ignore: ["openapi-fetch", "@userbridge/core"],
      gzip: true,
      // ONLYOFFICE 4.39 kB (create with its binder-safe body, the filter listing, delete with
      // deactivateFirst, per-call options); the others 2.75–3.83 kB.
      limit: v === "onlyoffice" ? "4.5 kB" : "4 kB",
    })),
  // Update-only apps (below: `{ <vendor> }`) pay nothing for create/list/delete; these carry them.
  ...(existsSync("packages/unified/package.json")
    ? vendors.filter(lifecycleAdapter).map((v) => ({
        name: `app: @userbridge/unified connect + ${v} lifecycle adapter (create, list, and delete where offered), everything included`,
        import: {
          "packages/unified/dist/index.js": "{ connect }",
          [`packages/unified/dist/${v}.js`]: `{ ${camel(v)}Lifecycle }`,
        },
        gzip: true,
        // Nexudus 19.95 kB, Snipe-IT 19.64, NERM 18.80, Zluri 18.44, ONLYOFFICE 20.52 (issues 19-24 merged:
        // find by username and the adapters' declared profile, issue 21, cost ~0.1 kB).
        limit: v === "onlyoffice" ? "20.6 kB" : "20 kB",
      }))
    : []),
  ...(existsSync("packages/unified/package.json")
    ? vendors.map((v) => ({
        name: `app: @userbridge/unified connect + ${v} adapter (update only), everything included`,
        import: {
          "packages/unified/dist/index.js": "{ connect }",
          [`packages/unified/dist/${v}.js`]: `{ ${camel(v)} }`,
        },
        gzip: true,
        // DESIGN: 15 kB. Zluri 16.34, NERM 16.72, Snipe-IT 16.93, Nexudus 17.89, ONLYOFFICE 18.00 kB
        // with everything merged: request validation alone is 2.5 kB, issue 24's per-call options,
        // hooks, option checks and named connection errors +1.4 kB, the lifecycle hook in connect
        // ~0.1 kB, find by username and the adapters' declared profile (issue 21) ~0.07 kB (the
        // README's "Benchmarks and budgets" has what each behaviour costs).
        limit: v === "onlyoffice" ? "18.1 kB" : "18 kB",
      }))
    : []),
  {
    name: "@userbridge/bulk: own code (without core and unified)",
    path: "packages/bulk/dist/index.js",
    import: "{ applyChanges, gated, connectForBulk }",
    ignore: ["@userbridge/core", "@userbridge/unified", "node:async_hooks", "async_hooks", "node:events", "events"],
    gzip: true,
    limit: "5.5 kB", // 5.39 kB: stopped vendors, per-user order, abort (24), the pluggable pacer (23), plain-data rows (22), create/delete rows (20)
  },
].filter((e) => (e.path ? existsSync(e.path) : true));
