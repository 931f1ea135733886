/**
 * `@userbridge/core/simulator` (Node-only): the vendor-neutral machinery of the in-process vendor
 * simulators. A vendor package describes its routes, auth and rate limit; `startSimServer` runs
 * them on a `node:http` server on a free loopback port, with latency, fault injection, a
 * sliding-window rate limit and redacted recordings of what it received and answered.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { allWindows, slidingWindow } from "./simulator/rate-limit.js";
import { redactHeaders, redactUrl, redactValue, secretScrubber } from "./simulator/record.js";
import { compilePattern, matchPattern } from "./simulator/router.js";

/** What a route handler receives. */
export interface SimRequest {
  /** Upper-case. */
  method: string;
  /** The full request URL (pathname + searchParams). */
  url: URL;
  /** From the route pattern ("/api/v1/users/:id"), percent-decoded. Empty before routing. */
  params: Record<string, string>;
  /** Lower-case names; repeated headers comma-joined. */
  headers: Record<string, string>;
  /**
   * Parsed JSON, or undefined when empty or invalid. An `application/x-www-form-urlencoded` body
   * is parsed into a `Record<string, string>` instead (token endpoints).
   */
  body: unknown;
  /** As received (for "invalid JSON" answers). */
  rawBody: string;
  /** True when a non-empty, non-form body was not valid JSON. */
  jsonError: boolean;
}

/** An answer: `json` is sent as application/json, `text` as text/plain, unless `headers` set a content-type. */
export interface SimAnswer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

/** One operation of a simulated vendor: the method and path it answers and how. */
export interface SimRoute {
  /** The spec's operationId (used by the spec-conformance check). */
  operationId: string;
  method: string;
  /** Path pattern with `:params`, relative to the server root. */
  path: string;
  /** Answers one authenticated, routed request; may read and change the simulator's users. A throw becomes a 500 `{error}`. */
  handle(req: SimRequest): SimAnswer | Promise<SimAnswer>;
}

/** What a test may choose when it starts a vendor simulator (`startSimulator(options)` in each vendor's `./simulator`). */
export interface SimulatorOptions<U> {
  /** Initial records, keyed by the vendor's id. */
  users?: Iterable<readonly [string, U]> | Record<string, U>;
  /** The one credential accepted, in the vendor's own header form. Default: the vendor's documented test token. */
  token?: string;
  /** Default: the vendor's documented limit. `false` turns rate limiting off. */
  rateLimit?: false | { limit?: number; windowMs?: number };
  /**
   * > 1 runs the simulated clock faster: the rate-limit window lasts `windowMs / timeScale`
   * wall-clock ms. Default 1. See {@link startSimServer} for what Retry-After then says.
   */
  timeScale?: number;
  /**
   * The first `times` (default 1) requests (those `when` accepts, default all) are answered with
   * this (`Retry-After: retryAfter` when given). With `afterApply`, such a request is handled as
   * usual (a write takes effect) and then its connection is destroyed unanswered: the client sees
   * a network error after the write was applied (`status` is then unused).
   */
  fail?: {
    status: number;
    times?: number;
    retryAfter?: number;
    body?: unknown;
    /** Which requests may fail (e.g. only the PUT); default all. */
    when?(req: SimRequest): boolean;
    afterApply?: boolean;
  };
  /** Delay (wall-clock ms) before every answer. */
  latencyMs?: number;
}

/** One request as the simulator received it, secrets redacted (`Simulator.requests`). */
export interface RecordedRequest {
  method: string;
  /** Path and query as received; secret-like query parameters redacted. */
  url: string;
  headers: Record<string, string>;
  /** Parsed body (the raw text when it was not JSON), secrets redacted. */
  body: unknown;
}

/** One answer the simulator sent (`Simulator.exchanges`), for the spec-conformance check. */
export interface RecordedExchange {
  /** The matched route's operationId; undefined when no route matched. */
  operationId: string | undefined;
  method: string;
  /** The request's pathname. */
  path: string;
  status: number;
  /** The media type of the answer, without parameters; undefined for an empty answer. */
  contentType: string | undefined;
  /** The JSON value or text sent; undefined for an empty answer. */
  body: unknown;
  /** True for an answer injected by the `fail` option (not the vendor's behaviour; the spec check skips it). */
  injected?: true;
}

/** A running simulator: its URL, its live users, what it received and answered. */
export interface Simulator<U> {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Live: handlers read and write it. */
  users: Map<string, U>;
  /** What it received, secrets redacted. */
  requests: RecordedRequest[];
  /** Every answer, including 401s, throttles, injected faults and unrouted requests (for the spec check). */
  exchanges: RecordedExchange[];
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

/** A vendor's documented rate limit and its throttle answer. */
export interface SimRateLimit {
  limit: number;
  windowMs: number;
  /**
   * More windows the vendor enforces at the same time (e.g. Nexudus: 1 per 100 ms, 120 per minute,
   * writes 60 per minute), each for the requests `appliesTo` accepts (default all). A request is
   * throttled when any of them is full. `options.rateLimit` overrides the first window only.
   */
  also?: {
    limit: number;
    windowMs: number;
    /** Whether this window counts the request (default: every request). */
    appliesTo?(req: SimRequest): boolean;
  }[];
  /** The vendor's throttle answer; `retryAfterSeconds` as computed by {@link startSimServer}. */
  answer(retryAfterSeconds: number): SimAnswer;
}

/** What a vendor package gives {@link startSimServer}: its routes, its auth check, its rate limit. */
export interface SimDefinition {
  vendor: string;
  routes: SimRoute[];
  /**
   * Decides auth before routing: undefined lets the request through, else the vendor's 401 answer.
   * It may skip auth for some routes (e.g. a token endpoint) by looking at `req.url`.
   */
  authenticate(req: SimRequest): SimAnswer | undefined;
  rateLimit: SimRateLimit;
  /**
   * A request no route matches: the vendor's own answer where the simulator knows it (e.g. a 405
   * for a method the vendor has no route for on a path it serves), or undefined for the default,
   * {@link notSimulated}. Never guess: an answer the vendor would not give misleads a test.
   */
  notFound?(req: SimRequest): SimAnswer | undefined;
  /** Extra strings to redact in `requests` (passwords); the `token` option is always redacted. */
  secrets?: string[];
}

/**
 * The default answer to a request no route matches: 501 with a JSON body naming the method and
 * path as not simulated (the vendor may well serve it; the simulator does not model it).
 */
export function notSimulated(req: Pick<SimRequest, "method" | "url">): SimAnswer {
  return {
    status: 501,
    json: {
      error: `not simulated: ${req.method} ${req.url.pathname}`,
      method: req.method,
      path: req.url.pathname,
    },
  };
}

/** A Map from the `users` option: an iterable of [id, record] pairs or a plain object. */
export function toUserMap<U>(users: SimulatorOptions<U>["users"]): Map<string, U> {
  if (users === undefined) return new Map();
  if (Symbol.iterator in users) return new Map(users as Iterable<readonly [string, U]>);
  return new Map(Object.entries(users));
}

function readHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseBody(raw: string, contentType: string | undefined): { body: unknown; jsonError: boolean } {
  if (raw === "") return { body: undefined, jsonError: false };
  if (contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(raw)), jsonError: false };
  }
  try {
    return { body: JSON.parse(raw) as unknown, jsonError: false };
  } catch {
    return { body: undefined, jsonError: true };
  }
}

function faultAnswer(fail: NonNullable<SimulatorOptions<unknown>["fail"]>): SimAnswer {
  const headers = fail.retryAfter !== undefined ? { "retry-after": String(fail.retryAfter) } : undefined;
  const body = fail.body === undefined ? {} : typeof fail.body === "string" ? { text: fail.body } : { json: fail.body };
  return { status: fail.status, ...(headers ? { headers } : {}), ...body };
}

interface Outcome {
  answer: SimAnswer;
  operationId: string | undefined;
  injected?: true;
  /** Handled, then the connection destroyed unanswered (`fail.afterApply`). */
  dropped?: true;
}

/** Writes an answer; returns its content type and body for the exchange record. */
function send(res: ServerResponse, answer: SimAnswer): { contentType: string | undefined; body: unknown } {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(answer.headers ?? {})) headers[k.toLowerCase()] = v;
  let payload: string | undefined;
  let body: unknown;
  if (answer.json !== undefined) {
    payload = JSON.stringify(answer.json);
    body = answer.json;
    headers["content-type"] ??= "application/json";
  } else if (answer.text !== undefined) {
    payload = answer.text;
    body = answer.text;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  }
  if (!res.destroyed) {
    res.writeHead(answer.status, headers);
    res.end(payload);
  }
  const contentType = payload === undefined ? undefined : headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  return { contentType, body };
}

/**
 * Starts a vendor simulator on 127.0.0.1 (a free port). Each request goes through, in order:
 * latency (`latencyMs`) → fault injection (`fail`, the first `times` requests) → rate limit →
 * `def.authenticate` → the route matching method + path (else `def.notFound`, or a 501 from
 * {@link notSimulated}).
 *
 * Rate limit: a sliding window of `limit` requests per `windowMs` (from `def.rateLimit`, overridden
 * field by field by `options.rateLimit`, off with `false`), and any further windows of
 * `def.rateLimit.also`; every request that reaches it counts,
 * throttled ones do not. With `timeScale` the window lasts `windowMs / timeScale` wall-clock ms,
 * and the `retryAfterSeconds` passed to `def.rateLimit.answer` is in WALL-CLOCK seconds:
 * `ceil(wall-clock ms until a slot frees / 1000)`, at least 1. At timeScale 1 that is exactly the
 * vendor's figure; with a faster clock a client that obeys Retry-After waits at most ~1 s instead
 * of the simulated minute (and a test can measure that it waited).
 *
 * `users` is the live Map the simulator serves (default: built from `options.users`).
 */
export async function startSimServer<U>(
  def: SimDefinition,
  options: SimulatorOptions<U>,
  users: Map<string, U> = toUserMap(options.users),
): Promise<Simulator<U>> {
  const routes = def.routes.map((route) => ({
    route,
    method: route.method.toUpperCase(),
    pattern: compilePattern(route.path),
  }));
  const scrub = secretScrubber([options.token, ...(def.secrets ?? [])]);
  const requests: RecordedRequest[] = [];
  const exchanges: RecordedExchange[] = [];
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be > 0, got ${timeScale}`);
  const limiter =
    options.rateLimit === false
      ? undefined
      : allWindows<SimRequest>([
          {
            window: slidingWindow(
              options.rateLimit?.limit ?? def.rateLimit.limit,
              (options.rateLimit?.windowMs ?? def.rateLimit.windowMs) / timeScale,
            ),
          },
          ...(def.rateLimit.also ?? []).map((w) => ({
            window: slidingWindow(w.limit, w.windowMs / timeScale),
            ...(w.appliesTo ? { appliesTo: w.appliesTo } : {}),
          })),
        ]);
  let failuresLeft = options.fail ? (options.fail.times ?? 1) : 0;

  async function answerFor(req: SimRequest): Promise<Outcome> {
    if (options.latencyMs) await sleep(options.latencyMs);
    const match = routes
      .filter((r) => r.method === req.method)
      .map((r) => ({ r, params: matchPattern(r.pattern, req.url.pathname) }))
      .find((m) => m.params !== undefined);
    const operationId = match?.r.route.operationId;
    const fail = options.fail && failuresLeft > 0 && (options.fail.when?.(req) ?? true) ? options.fail : undefined;
    if (fail) failuresLeft--;
    if (fail && !fail.afterApply) return { answer: faultAnswer(fail), operationId, injected: true };
    const taken = limiter?.take(req);
    if (taken && !taken.ok) {
      return { answer: def.rateLimit.answer(Math.max(1, Math.ceil(taken.waitMs / 1000))), operationId };
    }
    const denied = def.authenticate(req);
    if (denied) return { answer: denied, operationId };
    if (!match) {
      return { answer: def.notFound?.(req) ?? notSimulated(req), operationId };
    }
    req.params = match.params ?? {};
    const answer = await match.r.route.handle(req);
    return fail ? { answer, operationId, dropped: true } : { answer, operationId };
  }

  const server = createServer(async (incoming, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const headers = readHeaders(incoming);
    const method = (incoming.method ?? "GET").toUpperCase();
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const { body, jsonError } = parseBody(rawBody, headers["content-type"]);
    requests.push(
      scrub({
        method,
        url: redactUrl(incoming.url ?? "/"),
        headers: redactHeaders(headers),
        body: jsonError ? rawBody : redactValue(body),
      }),
    );
    const req: SimRequest = { method, url, params: {}, headers, body, rawBody, jsonError };
    let result: Outcome;
    try {
      result = await answerFor(req);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { answer: { status: 500, json: { error: `simulator: ${scrub(message)}` } }, operationId: undefined };
    }
    if (result.dropped) {
      res.socket?.destroy();
      return;
    }
    const sent = send(res, result.answer);
    const { operationId, answer, injected } = result;
    exchanges.push({
      operationId,
      method,
      path: url.pathname,
      status: answer.status,
      ...sent,
      ...(injected ? { injected } : {}),
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    users,
    requests,
    exchanges,
    stop: () =>
      new Promise<void>((resolve) => {
        // Idempotent: closing a stopped server reports ERR_SERVER_NOT_RUNNING, which is fine here.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
