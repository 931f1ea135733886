import { ATTEMPT_RULES, clientTransport, type OptionRule, optionIssues, registerView } from "./client.js";
import { InvalidInputError, type Issue } from "./errors.js";
import { createTransport } from "./transport.js";

/**
 * Options for one call, the optional last argument of every operation (`getUser(client, id, { signal })`,
 * `users.update(id, changes, { timeoutMs: 5_000 })`). They apply to every request the call makes
 * (a read-merge-write's read and write, a verification re-read) and override the client's own.
 */
export interface CallOptions {
  /** Aborts the call: nothing more is sent, a wait between retries is cut short; the call throws AbortedError. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms for this call (the client's `timeoutMs` otherwise). */
  timeoutMs?: number;
  /** Retries after the first attempt for this call (`0`: never retry). The client's `maxRetries` otherwise. */
  maxRetries?: number;
}

const RULES: readonly OptionRule[] = [...ATTEMPT_RULES, ["signal", (v) => v instanceof AbortSignal, "an AbortSignal"]];

function callOptionIssues(options: unknown): Issue[] {
  if (typeof options !== "object" || options === null) return [{ path: "options", message: "must be an object" }];
  const issues = optionIssues(options, RULES, "options.");
  for (const key of Object.keys(options)) {
    if (!RULES.some(([name]) => name === key)) issues.push({ path: `options.${key}`, message: "is not a call option" });
  }
  return issues;
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The client for one call: `client` itself when no options are given (nothing allocated), else a
 * view of it whose every request carries the options (its `signal`, and a transport with this
 * call's timeout and retries sharing the client's auth and concurrency limit). Bad options are an
 * InvalidInputError naming each, before any request. Every vendor operation starts with it.
 */
export function withCallOptions<C extends object>(client: C, options: CallOptions | undefined, operation: string): C {
  if (options === undefined) return client;
  const base = clientTransport(client);
  const issues = callOptionIssues(options);
  if (issues.length > 0) throw new InvalidInputError(issues, { vendor: base.vendor, operation });
  const settings = {
    ...base,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
  const fetch = createTransport(settings);
  const signal = options.signal;
  const view = Object.create(client) as Record<string, unknown>;
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of METHODS) {
    view[method] = (path: unknown, init?: Record<string, unknown>) =>
      target[method]?.call(client, path, { fetch, ...(signal ? { signal } : {}), ...init });
  }
  view.request = (method: unknown, path: unknown, init?: Record<string, unknown>) =>
    target.request?.call(client, method, path, { fetch, ...(signal ? { signal } : {}), ...init });
  registerView(view, client, settings);
  return view as C;
}
