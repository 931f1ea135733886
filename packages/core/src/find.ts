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
export function findOneByEmail<D, U>(
  errors: ErrorMapping,
  request: string,
  run: ((email: string) => Promise<Answer<D>>) | [client: object, queryParam: string],
  keys: string,
  email: unknown,
): Promise<U> {
  return findOneBy(errors, request, run, keys, email, "email");
}

/**
 * {@link findOneByEmail} for another unique key: `field` names it (`username`, `login`: the
 * operation is `findUserBy<Field>`), and any non-blank string is a valid value.
 */
export async function findOneBy<D, U>(
  errors: ErrorMapping,
  request: string,
  run: ((value: string) => Promise<Answer<D>>) | [client: object, queryParam: string],
  keys: string,
  value: unknown,
  field: string,
): Promise<U> {
  const vendor = errors.vendor;
  const operation = `findUserBy${field[0]!.toUpperCase()}${field.slice(1)}`;
  const email = field === "email";
  if (
    typeof value !== "string" ||
    (email ? value.length > 254 || !FORMATS.email?.test(value) : value.trim() === "" || value.length > 254)
  ) {
    const message = email ? "must be an email address" : "must be a non-blank string of at most 254 characters";
    throw new InvalidInputError([{ path: field, message }], { vendor, operation });
  }
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
