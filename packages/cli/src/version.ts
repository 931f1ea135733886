/**
 * The CLI's version (`userbridge --version`): the build defines it from package.json (tsup
 * `define`); run from source (tests, tsx), package.json is read instead.
 */
import { readFileSync } from "node:fs";

declare const __USERBRIDGE_CLI_VERSION__: string | undefined;

function fromPackageJson(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export const VERSION: string =
  typeof __USERBRIDGE_CLI_VERSION__ === "string" ? __USERBRIDGE_CLI_VERSION__ : fromPackageJson();
