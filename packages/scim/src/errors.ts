import {
  AmbiguousMatchError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnappliedChangesError,
  UnsupportedFieldError,
  UserbridgeError,
  ValidationError,
} from "@userbridge/core";

/** RFC 7644 §3.12, table 9: the `scimType` values a 400 (or 409/413) error may carry. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

/** The SCIM error message schema (RFC 7644 §3.12). */
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** An answer the gateway gives as a SCIM error body: HTTP status, `scimType` and a detail. */
export class ScimError extends Error {
  override readonly name = "ScimError";
  readonly status: number;
  readonly scimType: ScimType | undefined;
  /** Extra response headers (e.g. Retry-After on 429). */
  readonly headers: Record<string, string>;
  constructor(status: number, detail: string, scimType?: ScimType, headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
    this.headers = headers;
  }

  /** The error body: `status` is a string in the RFC's schema. */
  toJSON(): { schemas: string[]; status: string; scimType?: ScimType; detail: string } {
    return {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

function issuesText(error: UserbridgeError): string {
  if (error instanceof InvalidInputError)
    return error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  return error.message;
}

/**
 * A vendor-side (or facade) error → the SCIM error it means. The vendor's own message is kept in
 * `detail` (our errors never carry a token or password: core redacts them).
 */
export function toScimError(error: unknown, vendor: string): ScimError {
  if (error instanceof ScimError) return error;
  const from = (e: UserbridgeError) => `${vendor}: ${issuesText(e)}`;
  if (error instanceof NotFoundError) return new ScimError(404, from(error));
  if (error instanceof UnsupportedFieldError) return new ScimError(400, from(error), "invalidValue");
  if (error instanceof InvalidInputError) return new ScimError(400, from(error), "invalidValue");
  if (error instanceof ValidationError) {
    // A vendor refusing a value that another user holds ("email in use", "has already been taken").
    return /\b(in use|already (been )?taken|already exists|duplicate|not unique)\b/i.test(error.message)
      ? new ScimError(409, from(error), "uniqueness")
      : new ScimError(400, from(error), "invalidValue");
  }
  if (error instanceof ConflictError) return new ScimError(409, from(error));
  if (error instanceof AmbiguousMatchError) return new ScimError(409, from(error), "uniqueness");
  if (error instanceof UnappliedChangesError) {
    const fields = error.fields.map((f) => f.field).join(", ");
    return new ScimError(400, `${vendor} accepted the change but did not store: ${fields}`, "invalidValue");
  }
  if (error instanceof RateLimitError) {
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
    return new ScimError(429, from(error), undefined, { "Retry-After": String(seconds) });
  }
  // The gateway's own credentials for the vendor were refused: not the SCIM client's fault.
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError)
    return new ScimError(502, `${vendor} refused the gateway's credentials: ${error.message}`);
  if (error instanceof TimeoutError) return new ScimError(504, from(error));
  if (error instanceof ServerError || error instanceof ConnectionError) return new ScimError(502, from(error));
  if (error instanceof UserbridgeError) return new ScimError(500, from(error));
  return new ScimError(500, "internal error");
}
