/**
 * Snipe-IT's ways (evidence: snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054, "S" below):
 * - GET /users/{id} answers the bare user; an unknown id is HTTP 200 with the error envelope
 *   (S:app/Http/Controllers/Api/UsersController.php:434,437);
 * - PATCH answers the envelope `{status, messages, payload}`; failures are HTTP 200 with
 *   `status: "error"`, `messages` keyed by field for validation (S:…/UsersController.php:511,519,
 *   S:app/Exceptions/Handler.php:180-182), "User not found" for an unknown id (Handler.php:100-102);
 * - 401 is `{error}` (Handler.php:174), 403 Laravel's `{message}`, 422 and 429 the envelope
 *   (Handler.php:73,114), 429 without Retry-After: the transport backs off;
 * - plain strings are HTML-escaped, `notes` is rendered HTML (S:app/Http/Transformers/UsersTransformer.php).
 */
import {
  apiErrorFrom,
  type ErrorMapping,
  type Issue,
  NotFoundError,
  type OperationContext,
  ValidationError,
  type VerifyRules,
} from "@userbridge/core/internal";
import type { components } from "./generated/schema.js";
import { decodeHtml } from "./html.js";

type Envelope = components["schemas"]["UserSuccess"] | components["schemas"]["ErrorEnvelope"];
type User = components["schemas"]["User"];

function messagesToIssues(messages: unknown): Issue[] {
  if (typeof messages === "string") return [{ path: "", message: messages }];
  if (messages && typeof messages === "object") {
    return Object.entries(messages).flatMap(([field, value]) =>
      (Array.isArray(value) ? value : [value]).map((m) => ({ path: field, message: String(m) })),
    );
  }
  return [];
}

export const errors: ErrorMapping = {
  vendor: "snipe-it",
  issues(body) {
    if (!body || typeof body !== "object") return [];
    const b = body as Record<string, unknown>;
    // A restore refused with `messages: null` carries its message as the payload (UsersController.php:755).
    if ("messages" in b && b.messages === null && typeof b.payload === "string")
      return [{ path: "", message: b.payload }];
    if ("messages" in b) return messagesToIssues(b.messages);
    if (typeof b.error === "string") return [{ path: "", message: b.error }];
    if (typeof b.message === "string") return [{ path: "", message: b.message }];
    return [];
  },
};

const decodeName = (v: unknown): unknown =>
  v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string"
    ? { ...v, name: decodeHtml((v as { name: string }).name) }
    : v;

/**
 * The user with `e()` undone: every plain string field, and the `name` of every `{id, name}` and
 * group row. `notes` stays the vendor's rendered HTML (Parsedown, UsersTransformer.php:57).
 */
export function decodeUser(user: User): User {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(user)) {
    out[key] = typeof value === "string" ? (key === "notes" ? value : decodeHtml(value)) : decodeName(value);
  }
  if (user.groups?.rows) out.groups = { ...user.groups, rows: user.groups.rows.map(decodeName) };
  return out as User;
}

const isEnvelope = (body: unknown): body is components["schemas"]["ErrorEnvelope"] =>
  !!body && typeof body === "object" && "status" in body;

/** GET: the bare user, or (HTTP 200 + envelope) the NotFoundError it stands for. */
export function readUser(
  body: User | components["schemas"]["ErrorEnvelope"],
  response: Response,
  ctx: OperationContext,
): User {
  // A bare user has no `status` key; the envelope always has one (UsersController.php:437).
  if (isEnvelope(body)) throw apiErrorFrom(response, body, ctx, NotFoundError);
  return decodeUser(body);
}

const ids = (v: unknown): number[] => (Array.isArray(v) ? v : v == null ? [] : [v]).map(Number).sort((a, b) => a - b);

/**
 * How a PATCH's answer is compared with what was asked (core's verifyApplied), field by field:
 * - `groups` are applied only for a superuser token, "success" either way
 *   (snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054:app/Http/Controllers/Api/UsersController.php:504);
 *   compared as sets of ids with the `groups.rows` read back;
 * - `*_id` fields read back as `{id, name}` (`company`, `manager`, …), dates as `{date, formatted}`;
 * - `permissions` go out as a JSON string and read back as an object of integers (User.php:756-779),
 *   and lose the `superuser` key for a non-superuser token (UsersController.php:484-492);
 * - the request middleware turns "" into null, then trims strings ("  " becomes "", read back as
 *   null), passwords untrimmed (app/Http/Kernel.php:24-25, TrimStrings.php:14-18);
 * - `password` is write-only and `notes` reads back as rendered HTML: not compared (skipped).
 */
export const verifyRules: VerifyRules<User> = {
  skip: ["password", "notes"],
  stored(field, user) {
    const u = user as Record<string, unknown>;
    if (field === "groups") return user.groups?.rows?.map((g) => g.id) ?? [];
    const v = u[field.endsWith("_id") ? field.slice(0, -3) : field];
    return (v as { id?: unknown; date?: unknown } | null)?.id ?? (v as { date?: unknown } | null)?.date ?? v;
  },
  normalise(field, v) {
    if (field === "groups") return ids(v);
    if (field === "permissions") {
      const o = typeof v === "string" ? JSON.parse(v) : (v ?? {});
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, Number(x)]));
    }
    if (typeof v === "string") return v.trim() === "" ? null : field.endsWith("_date") ? v.slice(0, 10) : v.trim();
    return v;
  },
};

/** PATCH: the user from a success envelope, or the typed error its `status: "error"` stands for. */
export function unwrap(envelope: Envelope, response: Response, ctx: OperationContext): User {
  if (envelope.status === "success" && envelope.payload) return decodeUser(envelope.payload);
  const notFound = typeof envelope.messages === "string" && /not found/i.test(envelope.messages);
  throw apiErrorFrom(response, envelope, ctx, notFound ? NotFoundError : ValidationError);
}
