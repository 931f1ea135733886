// Bundle budgets (DESIGN.md "Budgets"), min+gzip. Run by `pnpm test` (and `pnpm size`).
const { existsSync } = require("node:fs");

const vendors = ["snipe-it", "zluri", "onlyoffice", "nexudus", "sailpoint-nerm"];
const adapters = {
  "snipe-it": "snipeIt",
  zluri: "zluri",
  onlyoffice: "onlyoffice",
  nexudus: "nexudus",
  "sailpoint-nerm": "sailpointNerm",
};

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
          [`packages/unified/dist/${v}.js`]: `{ ${adapters[v]} }`,
        },
        gzip: true,
        limit: "15 kB",
      }))
    : []),
].filter((e) => (e.path ? existsSync(e.path) : true));
