#!/usr/bin/env node
// The last step of `pnpm release` (after build and test): `changeset publish` to the registry pnpm is
// configured with (`pnpm_config_registry`, else `registry=` in .npmrc, else the public registry).
// pnpm 12 ignores `npm_config_registry`, yet changesets reads only that variable to decide which
// registry it asks "is this version already published?": so it is set here from pnpm's own answer,
// and a stray `npm_config_registry` pointing elsewhere stops the release before anything is sent.
import { execFileSync, spawnSync } from "node:child_process";

const trim = (url) => url.trim().replace(/\/+$/, "");
const registry = trim(execFileSync("pnpm", ["config", "get", "registry"], { encoding: "utf8" }));

for (const [name, value] of Object.entries(process.env)) {
  if (name.toLowerCase() === "npm_config_registry" && value && trim(value) !== registry) {
    console.error(
      `${name}=${value} is ignored by pnpm 12, which would publish to ${registry}.\n` +
        `Give the registry as pnpm_config_registry=${value} (or registry=${value} in .npmrc) instead.`,
    );
    process.exit(1);
  }
}

console.log(`publishing to ${registry}/`);
const env = { ...process.env, npm_config_registry: `${registry}/` };
for (const name of Object.keys(env))
  if (name !== "npm_config_registry" && /^npm_config_registry$/i.test(name)) delete env[name];
const { status } = spawnSync("pnpm", ["exec", "changeset", "publish"], { stdio: "inherit", env });
process.exit(status ?? 1);
