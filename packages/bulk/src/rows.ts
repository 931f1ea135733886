import { FORMATS, type Issue } from "@userbridge/core/internal";
import { FIELD_NAMES, type VendorName, vendorNames } from "@userbridge/unified";

/** What a row does: `update` (the default) the user's fields, `create` the user, or `delete` it. */
export type RowAction = "update" | "create" | "delete";
const ACTIONS: readonly string[] = ["update", "create", "delete"];

/** One line of a bulk job: who (an id in one vendor, or an email) and the normalized changes. */
export interface ChangeRow {
  /** The one vendor this row is for; absent = every configured vendor (then identify by email). */
  vendor?: VendorName;
  id?: string;
  /** Who (update, delete); for a create, the new user's email, which also finds it if it exists already. */
  email?: string;
  /** Default `update`. A `create` needs `email` and no `id`; a `delete` has no changes. */
  action?: RowAction;
  /**
   * Normalized field names (as `users.update` takes them), plus `vendor` for vendor-native fields.
   * For a create: the new user's other fields (as `users.create` takes them). Empty or absent for a delete.
   */
  changes: Record<string, unknown>;
}

const KNOWN = new Set<string>(FIELD_NAMES);
const BOOLEAN = new Set(["active", "admin"]);

/** Problems that make a row unusable anywhere, found before any request (the facade re-checks values). */
export function rowIssues(row: unknown): Issue[] {
  if (typeof row !== "object" || row === null || Array.isArray(row))
    return [{ path: "", message: "must be an object" }];
  const { vendor, id, email, changes, action = "update" } = row as Record<string, unknown>;
  const issues: Issue[] = [];
  if (!ACTIONS.includes(action as string))
    issues.push({ path: "action", message: `must be one of ${ACTIONS.join(", ")}` });
  if (vendor !== undefined && !vendorNames.includes(vendor as VendorName)) {
    issues.push({ path: "vendor", message: `must be one of ${vendorNames.join(", ")}` });
  }
  if (id !== undefined && (typeof id !== "string" || id === ""))
    issues.push({ path: "id", message: "must be a string" });
  if (id !== undefined && vendor === undefined) {
    issues.push({ path: "id", message: "names a user in one vendor: give `vendor` with it, or use `email`" });
  }
  if (email !== undefined && (typeof email !== "string" || email.length > 254 || !FORMATS.email?.test(email))) {
    issues.push({ path: "email", message: "must be an email address" });
  }
  if (action === "create") {
    if (id !== undefined) issues.push({ path: "id", message: "a create has no id yet: give the new user's `email`" });
    else if (email === undefined) issues.push({ path: "email", message: "a create needs the new user's email" });
  } else if (id === undefined && email === undefined) issues.push({ path: "", message: "needs an id or an email" });
  if (changes === undefined && action !== "update") return issues;
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    issues.push({ path: "changes", message: "must be an object" });
    return issues;
  }
  const count = Object.keys(changes).length;
  if (count === 0 && action === "update") issues.push({ path: "changes", message: "is empty" });
  if (count > 0 && action === "delete")
    issues.push({ path: "changes", message: "a delete changes nothing: leave it empty" });
  if (action === "create" && "email" in changes) {
    issues.push({ path: "changes.email", message: "a create takes the new user's email from `email`" });
  }
  for (const [key, value] of Object.entries(changes)) {
    if (key === "vendor") continue;
    if (!KNOWN.has(key)) issues.push({ path: `changes.${key}`, message: "is not a normalized field" });
    else if (typeof value !== (BOOLEAN.has(key) ? "boolean" : "string")) {
      issues.push({ path: `changes.${key}`, message: `must be a ${BOOLEAN.has(key) ? "boolean" : "string"}` });
    }
  }
  return issues;
}

/** Normalized fields in `changes` that this vendor cannot set. */
export function unsupported(changes: Record<string, unknown>, capabilities: readonly string[]): string[] {
  return Object.keys(changes).filter((k) => k !== "vendor" && !capabilities.includes(k));
}

/**
 * True when the user already holds every change: nothing to write. Write-only fields (password)
 * and vendor-native changes cannot be compared from the normalized view, so they always write.
 */
export function alreadyHolds(user: Record<string, unknown>, changes: Record<string, unknown>): boolean {
  return Object.entries(changes).every(([k, v]) => k !== "vendor" && k !== "password" && user[k] === v);
}
