import { type ErrorMapping, send, summarize } from "./call.js";
import { AmbiguousMatchError, ApiError, InvalidInputError, NotFoundError } from "./errors.js";
import { FORMATS } from "./schema.js";

/** How one vendor's find-by-email request is made and read. */
export interface FindByEmail<D> {
  errors: ErrorMapping;
  method: string;
  path: string;
  /** The request (through the vendor's client, so auth, retries and timeouts apply). */
  run(email: string): Promise<{ data?: D; error?: unknown; response: Response }>;
  /** The candidate records in the answer (undefined when the answer has no list). */
  rows(data: D): unknown;
  emailKey: string;
  idKey: string;
}

/**
 * Finds the one user with `email` (compared exactly, case-insensitively, on our side too: a vendor
 * filter may be a search, and two records may differ only by case). None → NotFoundError, several
 * → AmbiguousMatchError listing their ids. A malformed address → InvalidInputError, nothing sent.
 */
export async function findOneByEmail<D, U>(how: FindByEmail<D>, email: unknown): Promise<U> {
  const vendor = how.errors.vendor;
  const operation = "findUserByEmail";
  if (typeof email !== "string" || email.length > 254 || !FORMATS.email?.test(email)) {
    throw new InvalidInputError([{ path: "email", message: "must be an email address" }], { vendor, operation });
  }
  const request = summarize(how.method, how.path);
  const { data, response } = await send({ operation, errors: how.errors, request }, () => how.run(email));
  const rows = how.rows(data);
  const options = { vendor, operation, status: response.status, request };
  if (!Array.isArray(rows)) {
    throw new ApiError(`${vendor} ${operation}: unexpected answer`, { ...options, issues: [], body: data });
  }
  const want = email.toLowerCase();
  const hits = rows.filter((u) => String(u?.[how.emailKey] ?? "").toLowerCase() === want) as U[];
  if (hits.length === 1) return hits[0] as U;
  if (hits.length === 0) {
    throw new NotFoundError(`${vendor} ${operation} failed`, {
      ...options,
      issues: [{ path: "email", message: "no user has this email" }],
    });
  }
  const ids = hits.map((u) => String((u as Record<string, unknown>)[how.idKey]));
  throw new AmbiguousMatchError(`${vendor}: more than one user has this email`, ids, { vendor, operation });
}
