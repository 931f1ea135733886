/**
 * Where each vendor lives and which credential to use: `userbridge.config.json` (base URLs and the
 * NAMES of the environment variables holding the credentials; a literal secret in the file is
 * refused) or the variables `USERBRIDGE_<VENDOR>_URL` / `USERBRIDGE_<VENDOR>_TOKEN`.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ENV_PREFIX, isVendorName, UsageError, type VendorName, vendorNames } from "./vendors.js";

/** One vendor's connection: its base URL and credential, and where they came from (for messages). */
export interface Connection {
  vendor: VendorName;
  url: string;
  /** The credential (Zluri: its API key). Never printed. */
  token: string;
  /** Where it came from, for messages: "userbridge.config.json (env ZLURI_KEY)" or "env". */
  source: string;
}

/** The connections found, per vendor (config file first, then `USERBRIDGE_<VENDOR>_*` variables). */
export type Connections = Partial<Record<VendorName, Connection>>;

/** The connections file read from the working directory unless `--config` names another. */
export const CONFIG_FILE = "userbridge.config.json";
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_KEY = /token|key|secret|password|passwd|credential|auth/i;

interface VendorEntry {
  url: string;
  tokenEnv: string;
}

/** Parses and checks the config file; every problem at once, never echoing a value that may be a secret. */
export function parseConfig(text: string, file: string): Partial<Record<VendorName, VendorEntry>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const problems: string[] = [];
  const out: Partial<Record<VendorName, VendorEntry>> = {};
  const vendors = (json as { vendors?: unknown } | null)?.vendors;
  if (typeof vendors !== "object" || vendors === null || Array.isArray(vendors)) {
    throw new UsageError(`${file}: expected {"vendors": {"<vendor>": {"url": "...", "tokenEnv": "ENV_NAME"}}}`);
  }
  for (const [name, entry] of Object.entries(vendors)) {
    if (!isVendorName(name)) {
      problems.push(`${file}: unknown vendor "${name}" (known: ${vendorNames.join(", ")})`);
      continue;
    }
    if (typeof entry !== "object" || entry === null) {
      problems.push(`${file}: vendors.${name} must be an object`);
      continue;
    }
    const e = entry as Record<string, unknown>;
    let literal = false;
    for (const key of Object.keys(e)) {
      if (key === "url" || key === "tokenEnv") continue;
      literal ||= SECRET_KEY.test(key);
      problems.push(
        SECRET_KEY.test(key)
          ? `${file}: vendors.${name}.${key} looks like a literal secret: refused. Put the secret in an environment variable and its NAME in "tokenEnv"`
          : `${file}: vendors.${name}.${key} is not a known setting (url, tokenEnv)`,
      );
    }
    if (typeof e.url !== "string" || !e.url) problems.push(`${file}: vendors.${name}.url is required`);
    if (literal && e.tokenEnv === undefined) {
      // Already said: the refusal above names "tokenEnv" as the place for the variable's name.
    } else if (typeof e.tokenEnv !== "string" || !ENV_NAME.test(e.tokenEnv) || e.tokenEnv.length > 100) {
      // The value is not echoed: a secret pasted here must not end up in a terminal or a CI log.
      problems.push(
        `${file}: vendors.${name}.tokenEnv must be the NAME of an environment variable (letters, digits, _), not a secret`,
      );
    } else if (typeof e.url === "string") out[name] = { url: e.url, tokenEnv: e.tokenEnv };
  }
  if (problems.length) throw new UsageError(problems);
  return out;
}

/**
 * The connections to use: the config file's vendors (credentials from the variables it names), and
 * for every other vendor the `USERBRIDGE_<VENDOR>_URL` / `_TOKEN` pair when both are set.
 */
export function resolveConnections(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string | undefined;
}): Connections {
  const file = resolve(options.cwd, options.configFile ?? CONFIG_FILE);
  const out: Connections = {};
  const problems: string[] = [];
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code})`);
    }
    for (const [vendor, entry] of Object.entries(parseConfig(text, file)) as [VendorName, VendorEntry][]) {
      const token = options.env[entry.tokenEnv];
      if (!token) problems.push(`${vendor}: the variable ${entry.tokenEnv} named in ${file} is not set`);
      else out[vendor] = { vendor, url: entry.url, token, source: `${file} (env ${entry.tokenEnv})` };
    }
  } else if (options.configFile !== undefined) {
    throw new UsageError(`${file}: no such file`);
  }
  for (const vendor of vendorNames) {
    if (out[vendor]) continue;
    const url = options.env[`USERBRIDGE_${ENV_PREFIX[vendor]}_URL`];
    const token = options.env[`USERBRIDGE_${ENV_PREFIX[vendor]}_TOKEN`];
    if (url && token) out[vendor] = { vendor, url, token, source: `env USERBRIDGE_${ENV_PREFIX[vendor]}_*` };
    else if (url || token)
      problems.push(
        `${vendor}: set both USERBRIDGE_${ENV_PREFIX[vendor]}_URL and USERBRIDGE_${ENV_PREFIX[vendor]}_TOKEN`,
      );
  }
  if (problems.length) throw new UsageError(problems);
  return out;
}

/** The client options each adapter takes, from a connection (Zluri's token is its API key). */
export function clientOptions(c: Connection) {
  const common = { baseUrl: c.url };
  return c.vendor === "zluri" ? { ...common, apiKey: c.token } : { ...common, token: c.token };
}
