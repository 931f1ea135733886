import { redactValue, safeInspect } from "./redact.js";

/** One problem with a request or an answer: where (a dotted path, "" for the whole) and what. */
export interface Issue {
  path: string;
  message: string;
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
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.vendor = options.vendor;
    this.operation = options.operation;
    if (options.status !== undefined) this.status = options.status;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.request !== undefined) this.request = options.request;
    const kinds: string[] = [];
    for (let p = Object.getPrototypeOf(this); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
      if (Object.hasOwn(p, "name")) kinds.push((p as Error).name);
    }
    Object.defineProperty(this, KIND, { value: kinds });
    Object.defineProperty(this, BRAND, { value: true });
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
    super(formatIssues("Invalid input", issues), options);
    this.issues = issues;
  }
}

/** A normalized field this vendor cannot set. */
export class UnsupportedFieldError extends UserbridgeError {
  readonly fields: string[];
  constructor(fields: string[], options: UserbridgeErrorOptions) {
    super(`${options.vendor} cannot set ${fields.map((f) => `"${f}"`).join(", ")}`, options);
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
    const issues = options.issues ?? [];
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

/** A write was answered, but the stored user does not hold what was asked. */
export class UnappliedChangesError extends UserbridgeError {
  /** Vendor field names in vendor packages, normalized names from the facade. */
  readonly fields: { field: string; requested: unknown; stored: unknown }[];
  /** The stored user (the vendor record in vendor packages, the NormalizedUser from the facade). */
  readonly user: unknown;
  /** Write-only fields that could not be verified (passwords…). */
  readonly skipped: string[];
  constructor(
    fields: { field: string; requested: unknown; stored: unknown }[],
    user: unknown,
    skipped: string[],
    options: UserbridgeErrorOptions,
  ) {
    super(`${options.vendor} did not apply ${fields.map((f) => `"${f.field}"`).join(", ")}`, options);
    this.fields = fields;
    this.user = user;
    this.skipped = skipped;
  }
}

/** The request never got a usable answer: network failure, or a non-JSON body where JSON was promised. */
export class ConnectionError extends UserbridgeError {}
/** No answer within the timeout. */
export class TimeoutError extends UserbridgeError {}

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
  AmbiguousMatchError,
  UnappliedChangesError,
};
for (const [name, cls] of Object.entries(classes)) {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}
