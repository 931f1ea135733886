import { type ErrorMapping, send, summarize } from "./call.js";
import { AmbiguousMatchError, ApiError, InvalidInputError, NotFoundError } from "./errors.js";
import { FORMATS } from "./schema.js";

type Answer<D> = { data?: D; error?: unknown; response: Response };

/**
 * Finds the one user with `email` (compared exactly, case-insensitively, on our side too: a vendor
 * filter may be a search, and two records may differ only by case). None → NotFoundError, several
 * → AmbiguousMatchError listing their ids. A malformed address → InvalidInputError, nothing sent.
 *
 * Positional and string-keyed so that each vendor's call stays a few bytes: `request` is
 * "METHOD /path", `run` sends it through the vendor's client (or `[client, param]`: a GET of the
 * path with the address as that query parameter), `keys` is
 * "<list key> <email key> <id key>" of the answer (a single object under the list key counts as one row).
 */
export async function findOneByEmail<D, U>(
  errors: ErrorMapping,
  request: string,
  run: ((email: string) => Promise<Answer<D>>) | [client: object, queryParam: string],
  keys: string,
  email: unknown,
): Promise<U> {
  const vendor = errors.vendor;
  const operation = "findUserByEmail";
  if (typeof email !== "string" || email.length > 254 || !FORMATS.email?.test(email)) {
    throw new InvalidInputError([{ path: "email", message: "must be an email address" }], { vendor, operation });
  }
  return findOne(errors, request, run, keys, email, "email", operation);
}

/**
 * {@link findOneByEmail} for another unique key, `field` (`username`, `login`): any non-blank
 * string; `operation` names the call (`findUserByUsername`).
 */
export async function findOneBy<D, U>(
  errors: ErrorMapping,
  request: string,
  run: ((value: string) => Promise<Answer<D>>) | [client: object, queryParam: string],
  keys: string,
  value: unknown,
  field: string,
  operation: string,
): Promise<U> {
  if (typeof value !== "string" || value.trim() === "" || value.length > 254) {
    throw new InvalidInputError([{ path: field, message: "must be a non-blank string of at most 254 characters" }], {
      vendor: errors.vendor,
      operation,
    });
  }
  return findOne(errors, request, run, keys, value, field, operation);
}

/** The request and the checks of a find by one unique key, its value already checked. */
async function findOne<D, U>(
  errors: ErrorMapping,
  request: string,
  run: ((value: string) => Promise<Answer<D>>) | [client: object, queryParam: string],
  keys: string,
  value: string,
  field: string,
  operation: string,
): Promise<U> {
  const vendor = errors.vendor;
  const [method, path] = request.split(" ") as [string, string];
  const [listKey, valueKey, idKey] = keys.split(" ") as [string, string, string];
  const summary = summarize(method, path);
  // A [client, param] pair: a GET with the value as that query parameter (the shortest call site).
  const call =
    typeof run === "function"
      ? () => run(value)
      : () =>
          (run[0] as { GET(path: string, init: unknown): Promise<Answer<D>> }).GET(path, {
            params: { query: { [run[1]]: value } },
          });
  const { data, response } = await send({ operation, errors, request: summary }, call);
  const list = (data as Record<string, unknown> | undefined)?.[listKey];
  const rows = Array.isArray(list) ? list : list && typeof list === "object" ? [list] : undefined;
  const options = { vendor, operation, status: response.status, request: summary };
  if (!rows) throw new ApiError(`${vendor} ${operation}: unexpected answer`, { ...options, issues: [], body: data });
  const want = value.toLowerCase();
  const hits = rows.filter((u) => String(u?.[valueKey] ?? "").toLowerCase() === want) as U[];
  if (hits.length === 1) return hits[0] as U;
  if (hits.length === 0) {
    throw new NotFoundError(`${vendor} ${operation} failed`, {
      ...options,
      issues: [{ path: field, message: `no user has this ${field}` }],
    });
  }
  const ids = hits.map((u) => String((u as Record<string, unknown>)[idKey]));
  throw new AmbiguousMatchError(`${vendor}: more than one user has this ${field}`, ids, { vendor, operation });
}

/** For a lookup that answers `undefined` when there is none (`createOnce`'s): a NotFoundError is none, anything else thrown. */
export function noneIfNotFound(error: unknown): undefined {
  if (error instanceof NotFoundError) return undefined;
  throw error;
}
