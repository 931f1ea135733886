/**
 * Zluri's ways:
 * - error bodies are `{errors: [{msg}], code}` (validation, rate limit) or `{message}` (auth,
 *   server errors); an item may name its field (`path`/`param`, express-validator style: inferred);
 * - there is no "get one user": a user is read with the list (`POST /users` filtered on
 *   `user_id`), a pure query that may be repeated, unlike other POSTs;
 * - the list may hold other rows than the one asked for (e.g. if the filter were ignored): only the
 *   row carrying the id counts;
 * - the update's success body is undocumented: an empty one (204, or 200 without a body) is fine.
 */
import type { ErrorMapping, Issue } from "@userbridge/core/internal";
import type { components } from "./generated/schema.js";

type User = components["schemas"]["User"];

export const errors: ErrorMapping = {
  vendor: "zluri",
  issues(body) {
    const b = (body && typeof body === "object" ? body : {}) as { errors?: unknown; message?: unknown; code?: unknown };
    const issues: Issue[] = typeof b.message === "string" ? [{ path: "", message: b.message }] : [];
    for (const e of Array.isArray(b.errors) ? b.errors : []) {
      const item = (e && typeof e === "object" ? e : { msg: e }) as { msg?: unknown; path?: unknown; param?: unknown };
      const path = typeof item.path === "string" ? item.path : item.param;
      if (typeof item.msg === "string") issues.push({ path: typeof path === "string" ? path : "", message: item.msg });
    }
    return issues.length || typeof b.code !== "string" ? issues : [{ path: "", message: b.code }];
  },
};

/** The transport may repeat every request but POSTs, and the list-users POST (a read). */
export const idempotent = (method: string, url: URL): boolean => method !== "POST" || url.pathname.endsWith("/users");

/** The row of `rows` that is user `id` (ObjectIds compare case-insensitively). */
export function findUser(rows: unknown, id: string): User | undefined {
  return (Array.isArray(rows) ? rows : []).find(
    (u: User | null) => String(u?.user_id ?? u?._id).toLowerCase() === id.toLowerCase(),
  );
}

/** An empty success body (204, or 200 with nothing in it) as `{}`, so that it is not taken for a broken answer. */
export function allowEmpty<R extends { data?: unknown; error?: unknown; response: Response }>(result: R): R {
  return result.response.ok && result.data === undefined ? { ...result, data: {} } : result;
}
