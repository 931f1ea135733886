import { redactValue, safeInspect, scrubCause, scrubText } from "./redact.js";

/** One problem with a request or an answer: where (a dotted path, "" for the whole) and what. */
export interface Issue {
  path: string;
  message: string;
}

/** At most this many issues are listed on an error; the rest are counted in one last issue. */
export const MAX_ISSUES = 100;

const MORE = /^… and ([\d,]+) more problems?$/;
const more = (n: number) => ({
  path: "",
  message: `… and ${n.toLocaleString("en-US")} more problem${n === 1 ? "" : "s"}`,
});

/**
 * Collects issues, keeping the first MAX_ISSUES and counting the rest, so that a million invalid
 * items cost a counter, not a million objects (and never a spread of a huge array).
 */
export class IssueList {
  readonly list: Issue[] = [];
  count = 0;
  /** Adds one issue; a "… and N more problems" issue (path "") adds N to the count instead. */
  add(path: string, message: string): void {
    const n = path === "" && message.startsWith("…") ? MORE.exec(message)?.[1] : undefined;
    const weight = n ? Number(n.replace(/,/g, "")) : 1;
    if (weight === 1 && this.list.length < MAX_ISSUES) this.list.push({ path, message });
    this.count += weight;
  }
  /** Adds each issue, as {@link IssueList.add} does. */
  addAll(issues: Iterable<Issue>): void {
    for (const i of issues) this.add(i.path, i.message);
  }
  /** The kept issues, and one "… and N more problems" when some were left out. */
  done(): Issue[] {
    const left = this.count - this.list.length;
    return left > 0 ? [...this.list, more(left)] : this.list;
  }
}

/** Issues bounded to MAX_ISSUES (plus the count of the rest) and scrubbed of known secrets. */
export function boundIssues(issues: readonly Issue[]): Issue[] {
  const list = new IssueList();
  for (const i of issues) list.add(String(i.path), String(i.message));
  return list.done().map((i) => ({ path: scrubText(i.path), message: scrubText(i.message) }));
}

/** Method, path and body keys of the request that failed; never values, headers or the query. */
export interface RequestSummary {
  method: string;
  path: string;
  bodyKeys?: string[];
}

/**
 * The context every {@link UserbridgeError} carries: which vendor and operation, the HTTP status and
 * request id when there was an answer, a redacted summary of the request, and the underlying cause.
 */
export interface UserbridgeErrorOptions {
  vendor: string;
  operation: string;
  status?: number;
  requestId?: string;
  request?: RequestSummary;
  cause?: unknown;
}

// A brand shared by every copy of this module (ESM and CJS builds both load it), so that
// `instanceof` works even when one app ends up with both builds of @userbridge/core.
const BRAND = Symbol.for("userbridge.error");
const KIND = Symbol.for("userbridge.error.kind");

function brandedInstanceOf(kind: string, value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const kinds = (value as { [KIND]?: readonly string[] })[KIND];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/** The root of every error userbridge throws. */
export class UserbridgeError extends Error {
  static {
    Object.defineProperty(UserbridgeError, Symbol.hasInstance, {
      value(this: { prototype: Error }, value: unknown) {
        // A subclass that did not name its prototype falls back to the ordinary prototype check.
        if (!Object.hasOwn(this.prototype, "name")) return Function.prototype[Symbol.hasInstance].call(this, value);
        return brandedInstanceOf(this.prototype.name, value);
      },
    });
  }
  readonly vendor: string;
  readonly operation: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly request?: RequestSummary;

  constructor(message: string, options: UserbridgeErrorOptions) {
    // Every string kept on an error is scrubbed of the configured secrets, the cause chain too.
    super(scrubText(message), options.cause === undefined ? undefined : { cause: scrubCause(options.cause) });
    this.vendor = options.vendor;
    this.operation = options.operation;
    if (options.status !== undefined) this.status = options.status;
    if (options.requestId !== undefined) this.requestId = scrubText(options.requestId);
    if (options.request !== undefined) this.request = redactValue(options.request) as RequestSummary;
    const kinds: string[] = [];
    for (let p = Object.getPrototypeOf(this); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
      if (Object.hasOwn(p, "name")) kinds.push((p as Error).name);
    }
    Object.defineProperties(this, { [KIND]: { value: kinds }, [BRAND]: { value: true } });
  }

  /** A JSON form with no secrets in it (tokens and passwords are never stored on errors). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [k, v] of Object.entries(this)) out[k] = redactValue(v);
    return out;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return safeInspect(this);
  }
}

/** Input rejected locally, before any request was sent. */
export class InvalidInputError extends UserbridgeError {
  readonly issues: Issue[];
  constructor(issues: Issue[], options: UserbridgeErrorOptions) {
    const bounded = boundIssues(issues);
    super(formatIssues("Invalid input", bounded), options);
    this.issues = bounded;
  }
}

/** A normalized field this vendor cannot set. */
export class UnsupportedFieldError extends UserbridgeError {
  readonly fields: string[];
  constructor(fields: string[], options: UserbridgeErrorOptions) {
    super(`${options.vendor} cannot set ${quoted(fields)}`, options);
    this.fields = fields;
  }
}

/** The options of an {@link ApiError}: the status, the vendor's messages as issues, and its body (redacted on construction). */
export interface ApiErrorOptions extends UserbridgeErrorOptions {
  status: number;
  issues?: Issue[];
  body?: unknown;
}

/** The vendor answered with a failure. `issues` keeps the vendor's own messages. */
export class ApiError extends UserbridgeError {
  declare readonly status: number;
  readonly issues: Issue[];
  /** The vendor's answer, with secret-like values redacted. */
  readonly body: unknown;
  constructor(message: string, options: ApiErrorOptions) {
    const issues = boundIssues(options.issues ?? []);
    super(formatIssues(message, issues), options);
    this.issues = issues;
    this.body = redactValue(options.body);
  }
}
export class ValidationError extends ApiError {}
export class AuthenticationError extends ApiError {}
export class PermissionDeniedError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
export class RateLimitError extends ApiError {
  readonly retryAfterMs?: number;
  constructor(message: string, options: ApiErrorOptions & { retryAfterMs?: number }) {
    super(message, options);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
export class ServerError extends ApiError {}

/** More than one record matched a lookup that must find one (e.g. a find by email). */
export class AmbiguousMatchError extends UserbridgeError {
  /** The ids of every match, as strings. */
  readonly ids: string[];
  constructor(message: string, ids: string[], options: UserbridgeErrorOptions) {
    super(`${message}: ${ids.length} matches (${ids.join(", ")})`, options);
    this.ids = ids;
  }
}

/** One field the vendor said it saved and did not: what was asked and what it stored. */
export interface UnappliedField {
  field: string;
  requested: unknown;
  stored: unknown;
}

/**
 * The vendor answered success, but the stored user does not hold every change asked for (a silent
 * ignore). `user` is the user as stored; `skipped` lists write-only fields that could not be
 * checked (passwords). The fields that did take were saved: nothing is rolled back.
 */
export class UnappliedChangesError extends UserbridgeError {
  readonly fields: UnappliedField[];
  readonly user: unknown;
  readonly skipped: string[];
  constructor(
    fields: UnappliedField[],
    user: unknown,
    options: UserbridgeErrorOptions & { skipped?: string[]; message?: string },
  ) {
    super(
      options.message ??
        `${options.vendor} ${options.operation}: the vendor said yes but did not apply ${quoted(fields.map((f) => f.field))}`,
      options,
    );
    this.fields = fields.map((f) => ({
      field: f.field,
      requested: redactValue(f.requested),
      stored: redactValue(f.stored),
    }));
    this.user = redactValue(user);
    this.skipped = options.skipped ?? [];
  }
}

/** The request never got a usable answer: network failure, or a non-JSON body where JSON was promised. */
export class ConnectionError extends UserbridgeError {}
/** No answer within the timeout. */
export class TimeoutError extends UserbridgeError {}
/**
 * The caller's `signal` aborted the call (per-call option `signal`): nothing more was sent, a
 * backoff wait was cut short. `cause` is the signal's reason. Never retried.
 */
export class AbortedError extends UserbridgeError {}

export interface ResponseTooLargeErrorOptions extends UserbridgeErrorOptions {
  status: number;
  /** The cap that was exceeded (the client's `maxResponseBytes`). */
  limitBytes: number;
}

/**
 * The answer was larger than `maxResponseBytes`: reading stopped at the cap and the connection was
 * dropped, so nothing usable arrived. A ConnectionError (no usable answer), not an ApiError: the
 * vendor's status may well be 200, and no vendor message was read. Never retried.
 */
export class ResponseTooLargeError extends ConnectionError {
  declare readonly status: number;
  readonly limitBytes: number;
  constructor(message: string, options: ResponseTooLargeErrorOptions) {
    super(message, options);
    this.limitBytes = options.limitBytes;
  }
}

/**
 * A redirect not followed: to another origin (credentials never go there; `location` is that
 * origin, nothing more of the URL), a same-origin one that would turn a write into a GET, or too many.
 */
export class RedirectError extends UserbridgeError {
  declare readonly status: number;
  readonly location: string;
  constructor(message: string, options: UserbridgeErrorOptions & { status: number; location: string }) {
    super(message, options);
    this.location = scrubText(options.location);
  }
}

/** `"a", "b"`: names as they appear in a message. */
const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

export function formatIssues(message: string, issues: readonly Issue[]): string {
  if (issues.length === 0) return message;
  const lines = issues.map((i) => `  - ${i.path ? `${i.path}: ` : ""}${i.message}`);
  return `${message}:\n${lines.join("\n")}`;
}

/** The constructor of {@link ApiError} or one of its subclasses, as {@link errorClassForStatus} returns it. */
export type ApiErrorClass = new (message: string, options: ApiErrorOptions) => ApiError;

/** The error class for an HTTP status, as in the error model of docs/architecture.md. */
export function errorClassForStatus(status: number): ApiErrorClass {
  if (status === 400 || status === 422) return ValidationError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409 || status === 412) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return ApiError;
}

// Names set from string keys, so minifiers that rename classes cannot change them.
const classes = {
  UserbridgeError,
  InvalidInputError,
  UnsupportedFieldError,
  ApiError,
  ValidationError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ServerError,
  ConnectionError,
  TimeoutError,
  AbortedError,
  AmbiguousMatchError,
  UnappliedChangesError,
  ResponseTooLargeError,
  RedirectError,
};
for (const [name, cls] of Object.entries(classes)) {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}
