/**
 * Snipe-IT's ways:
 * - every answer is the envelope `{status, messages, payload}`;
 * - failures come back as HTTP 200 with `status: "error"`: `messages` keyed by field for
 *   validation, a string otherwise ("User not found" for an unknown id);
 * - 401 is `{error}`, 429 is Laravel's `{message}`.
 */
import {
  apiErrorFrom,
  type ErrorMapping,
  type Issue,
  NotFoundError,
  type OperationContext,
  ValidationError,
} from "@userbridge/core";
import type { components } from "./generated/schema.js";

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
    if ("messages" in b) return messagesToIssues(b.messages);
    if (typeof b.error === "string") return [{ path: "", message: b.error }];
    if (typeof b.message === "string") return [{ path: "", message: b.message }];
    return [];
  },
};

/** The user from a 200 envelope, or the typed error its `status: "error"` stands for. */
export function unwrap(envelope: Envelope, response: Response, ctx: OperationContext): User {
  if (envelope.status === "success" && envelope.payload) return envelope.payload;
  const notFound = typeof envelope.messages === "string" && /not found/i.test(envelope.messages);
  throw apiErrorFrom(response, envelope, ctx, notFound ? NotFoundError : ValidationError);
}
