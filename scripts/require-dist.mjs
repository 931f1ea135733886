#!/usr/bin/env node
// `prepack` guard shared by every published package (`"prepack": "node ../../scripts/require-dist.mjs"`):
// `pnpm pack`, `pnpm publish` and `changeset publish` run it in the package's directory, and it fails
// unless every file the manifest points at (`main`, `module`, `types`, every `exports` target) exists.
// A package published without its build would install and then fail on the first import.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

/** Every file path in an `exports` value (strings, condition objects, arrays). */
const targets = (value) =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(targets)
      : value && typeof value === "object"
        ? Object.values(value).flatMap(targets)
        : [];

const files = [...new Set([pkg.main, pkg.module, pkg.types, ...targets(pkg.exports)].filter(Boolean))];
const missing = files.filter((file) => !file.includes("*") && !existsSync(join(dir, file)));

if (!existsSync(join(dir, "dist")) || missing.length > 0) {
  console.error(
    `${pkg.name}: refusing to pack without its build. Missing: ${missing.join(", ") || "dist/"}\n` +
      "Run `pnpm build` first (`pnpm release` builds, tests and publishes).",
  );
  process.exit(1);
}
