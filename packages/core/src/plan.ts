import type { Client } from "openapi-fetch";
import { clientTransport } from "./client.js";
import { redactHeaders, redactValue } from "./redact.js";
import { createTransport, type TransportOptions } from "./transport.js";

/** The HTTP methods a planned request may use. */
export type HttpMethod = "GET" | "PUT" | "PATCH" | "POST" | "DELETE";

/** One request at the level of the spec: an operation's path template, its parameters and body. */
export interface PlannedRequest {
  method: HttpMethod;
  /** The spec's path template, e.g. `/api/v1/users/{id}`. */
  path: string;
  pathParams?: Record<string, string | number>;
  body?: unknown;
  /** Why this request is in the plan, for a person reading it. */
  purpose?: string;
}

/**
 * What an update will do. Reads were performed to build it (read-merge-write vendors need the
 * current record); writes are what `updateUser` sends, in order; none of them was sent.
 */
export interface UpdatePlan {
  vendor: string;
  reads: PlannedRequest[];
  writes: PlannedRequest[];
  notes: string[];
}

/** A request exactly as it goes on the wire, headers redacted. */
export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Sends a planned request through the client (and its transport: auth, timeouts, retries). With
 * `beforeRetry`, this one request goes through a transport with the same settings that calls it
 * before each retry (see TransportOptions.beforeRetry): how a whole-record write re-reads first.
 */
export function sendPlanned<C extends Client<never>>(
  client: C,
  planned: PlannedRequest,
  options: Pick<TransportOptions, "beforeRetry"> = {},
) {
  return call(client, planned, options.beforeRetry && createTransport({ ...clientTransport(client), ...options }));
}

/** Sends `planned` through the client, with `fetch` instead of the client's transport when given. */
function call(
  client: Client<never>,
  planned: PlannedRequest,
  fetch?: typeof globalThis.fetch,
): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const init: Record<string, unknown> = { params: { path: planned.pathParams ?? {} } };
  if (fetch) init.fetch = fetch;
  if (planned.body !== undefined) init.body = planned.body;
  const request = client.request as unknown as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  return request(planned.method, planned.path, init);
}

/**
 * The exact request a planned one becomes: URL, headers (User-Agent, credentials, redacted) and
 * body, built by the same openapi-fetch client and transport that would send it; nothing is sent.
 */
export async function renderRequest<C extends Client<never>>(
  client: C,
  planned: PlannedRequest,
): Promise<RenderedRequest> {
  const options = clientTransport(client);
  let captured: RenderedRequest | undefined;
  const capture = createTransport({
    ...options,
    maxRetries: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const text = request.body ? await request.text() : undefined;
      let body: unknown = text;
      if (text !== undefined && (request.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
      captured = { method: request.method, url: request.url, headers: redactHeaders(request.headers) };
      if (body !== undefined) captured.body = redactValue(body);
      return new Response(null, { status: 204 });
    },
  });
  await call(client, planned, capture);
  if (!captured) throw new Error("renderRequest: nothing was captured");
  return captured;
}
