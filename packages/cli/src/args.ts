import { FIELD_NAMES } from "@userbridge/unified";
import { isVendorName, UsageError, type VendorName, vendorNames } from "./vendors.js";

/** `--vendors a,b` (or repeated) → known vendor names. */
export function parseVendorList(values: readonly string[]): VendorName[] {
  const names = values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isVendorName(n));
  if (unknown.length)
    throw new UsageError(`unknown vendor(s): ${unknown.join(", ")}; known: ${vendorNames.join(", ")}`);
  return [...new Set(names)] as VendorName[];
}

/** `--rate vendor=N/min` (repeatable) → requests per minute per vendor. */
export function parseRates(values: readonly string[]): Partial<Record<VendorName, number>> {
  const out: Partial<Record<VendorName, number>> = {};
  const problems: string[] = [];
  for (const value of values) {
    const m = /^([a-z-]+)=(\d+(?:\.\d+)?)(?:\/min)?$/.exec(value.trim());
    if (!m || !isVendorName(m[1]) || Number(m[2]) <= 0) {
      problems.push(`--rate ${value}: expected <vendor>=<requests>/min with a known vendor and a positive number`);
    } else out[m[1]] = Number(m[2]);
  }
  if (problems.length) throw new UsageError(problems);
  return out;
}

const BOOLEANS = new Set(["active", "admin"]);

/** `--set field=value` (repeatable) → normalized changes; `active`/`admin` take true|false. */
export function parseSets(values: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const value of values) {
    const eq = value.indexOf("=");
    const field = eq > 0 ? value.slice(0, eq) : "";
    const raw = value.slice(eq + 1);
    if (!(FIELD_NAMES as readonly string[]).includes(field)) {
      problems.push(`--set ${eq > 0 ? field : value}: not a normalized field (${FIELD_NAMES.join(", ")})`);
    } else if (BOOLEANS.has(field)) {
      if (raw === "true" || raw === "false") out[field] = raw === "true";
      else problems.push(`--set ${field}: must be true or false`);
    } else out[field] = raw;
  }
  if (problems.length) throw new UsageError(problems);
  if (Object.keys(out).length === 0) throw new UsageError("update: give at least one --set field=value");
  return out;
}
