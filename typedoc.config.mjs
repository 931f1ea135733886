// @ts-check
/**
 * API reference (`pnpm run docs` → docs/api/). The entry points are every public entry of every
 * package, read from its package.json `exports` (dist/<name>.js ← src/<name>.ts, or
 * src/adapters/<name>.ts for the facade's adapters), so a new package or subpath is documented
 * without touching this file. `validation.notDocumented` + `treatValidationWarningsAsErrors` make an
 * undocumented export fail `pnpm run docs` and `pnpm test` (scripts/docs.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

const packages = readdirSync("packages").filter((dir) => existsSync(`packages/${dir}/package.json`));
const manifests = packages.map((dir) => ({ dir, ...JSON.parse(readFileSync(`packages/${dir}/package.json`, "utf8")) }));

/** packages/<dir>/src/... for each export whose ESM build is dist/<name>.js */
const entryPoints = manifests.flatMap(({ dir, exports }) =>
  Object.values(exports ?? {}).flatMap((target) => {
    const built = typeof target === "object" ? target?.import?.default : undefined;
    const name = typeof built === "string" ? /^\.\/dist\/(.+)\.js$/.exec(built)?.[1] : undefined;
    if (!name) return [];
    return [`packages/${dir}/src/${name}.ts`, `packages/${dir}/src/adapters/${name}.ts`].filter((f) => existsSync(f));
  }),
);

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "userbridge",
  entryPoints,
  entryPointStrategy: "resolve",
  tsconfig: "tsconfig.docs.json",
  // Type errors are `pnpm typecheck`'s job; skipping TypeScript's diagnostics here saves a third of the run.
  skipErrorChecking: true,
  out: "docs/api",
  // The landing page: where a newcomer starts, then the modules.
  readme: "docs/api-index.md",
  plugin: ["./scripts/typedoc/plugin.mjs"],
  excludePrivate: true,
  excludeInternal: true,
  // The generated `paths`/`components` interfaces carry the spec's descriptions where it has them;
  // their members are the spec's, documented there, not ours to require.
  requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "Method", "Accessor", "TypeAlias"],
  packagesRequiringDocumentation: manifests.map((m) => m.name),
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatValidationWarningsAsErrors: true,
  // No git source links: they need a GitHub remote, which a clone in CI or a fork does not have (TypeDoc
  // warns "The provided git remote origin was not valid", and the test treats warnings as failures).
  disableGit: true,
  sourceLinkTemplate: "https://github.com/userbridge/userbridge/blob/main/{path}#L{line}",
};
