/**
 * SailPoint NERM's ways:
 * - answers wrap the user as `{user: {...}}`, and the update body must too, repeating the path id
 *   in `user.id`;
 * - a user's groups are ONE comma-separated string, `group_strings`;
 * - a 400 is `{error}` alone ("Invalid JSON syntax…") or `{error, errors}` where `errors` maps each
 *   attribute to a message or a list of messages.
 */
import {
  ConnectionError,
  type ErrorMapping,
  type Issue,
  IssueList,
  type OperationContext,
} from "@userbridge/core/internal";
import type { components } from "./generated/schema.js";

/** A NERM user as the API returns it, plus `groups`: `group_strings` split on commas ([] when none). */
export type User = components["schemas"]["User"] & { groups: string[] };

const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

export const errors: ErrorMapping = {
  vendor: "sailpoint-nerm",
  issues(body) {
    if (!body || typeof body !== "object") return [];
    const b = body as Record<string, unknown>;
    const issues: Issue[] =
      b.errors && typeof b.errors === "object"
        ? Object.entries(b.errors).flatMap(([path, value]) =>
            (Array.isArray(value) ? value : [value]).map((m) => ({ path, message: text(m) })),
          )
        : [];
    if (issues.length === 0) {
      const message = b.error ?? b.message;
      if (typeof message === "string") issues.push({ path: "", message });
    }
    return issues;
  },
};

/** Joins group names into `group_strings`; a name must be non-empty, unpadded and without a comma. */
export function joinGroups(groups: unknown): { value?: string; issues: Issue[] } {
  if (!Array.isArray(groups)) return { issues: [{ path: "groups", message: "must be an array of group names" }] };
  // Bounded: a million bad names make one short list, not a million issues.
  const issues = new IssueList();
  groups.forEach((name, i) => {
    const path = `groups.${i}`;
    if (typeof name !== "string") issues.add(path, "must be string");
    else if (name.includes(",")) {
      issues.add(path, "must not contain a comma (NERM keeps groups as one comma-separated string)");
    } else if (name === "" || name.trim() !== name) {
      issues.add(path, "must be a non-empty name without leading or trailing spaces");
    }
  });
  return issues.count > 0 ? { issues: issues.done() } : { value: groups.join(","), issues: [] };
}

/** `group_strings` as names: split on commas, trimmed, empty parts dropped. */
export function splitGroups(value: unknown): string[] {
  return typeof value === "string" ? value.split(",").flatMap((name) => name.trim() || []) : [];
}

/** The user inside a `{user}` answer, with `groups` split from `group_strings`. */
export function unwrap(data: unknown, ctx: OperationContext): User {
  const user = (data as { user?: unknown } | null)?.user as components["schemas"]["User"] | undefined;
  if (!user || typeof user !== "object" || Array.isArray(user)) {
    throw new ConnectionError(`${errors.vendor} ${ctx.operation}: the answer has no {user}`, {
      vendor: errors.vendor,
      operation: ctx.operation,
    });
  }
  return { ...user, groups: splitGroups(user.group_strings) };
}
