import type { Client } from "openapi-fetch";
import * as openapiFetch from "openapi-fetch";
import { checkBaseUrl } from "./base-url.js";
import { defined } from "./defined.js";
import { InvalidInputError, type Issue } from "./errors.js";
import type { RequestHooks } from "./hooks.js";
import { CONTROL_CHARACTER, isSecretKey } from "./redact.js";
import {
  type AuthProvider,
  createTransport,
  DEFAULT_MAX_CONCURRENCY,
  type Logger,
  limiter,
  type RetryClassifier,
  type TransportOptions,
} from "./transport.js";

type CreateClient = typeof openapiFetch.default;

/**
 * openapi-fetch's `createClient` is its default export, and it has no named `createClient`
 * (node_modules/openapi-fetch/dist/index.cjs: `exports.default = createClient`, with `__esModule`).
 * Our sources are ESM in a `"type": "module"` package, so in the CJS build tsup/esbuild follow
 * Node's ESM-imports-CJS rule and the default import becomes the whole `exports` object
 * (`__toESM(require("openapi-fetch"), 1)`): `.default` is then that object, not the function.
 * Take the function from whichever level holds it, so both builds call the real `createClient`.
 */
const createClient: CreateClient =
  typeof openapiFetch.default === "function"
    ? openapiFetch.default
    : (openapiFetch.default as unknown as { default: CreateClient }).default;

const transports = new WeakMap<object, TransportOptions>();
const unverified = new WeakSet<object>();

/** Whether `updateUser` checks what the vendor stored (false when made with `verify: false`). */
export function verifies(client: object): boolean {
  return !unverified.has(client);
}

/** The transport settings a client was built with (for rendering planned requests). */
export function clientTransport(client: object): TransportOptions {
  const options = transports.get(client);
  if (!options) throw new TypeError("not a client made by createVendorClient");
  return options;
}

/**
 * Options every vendor client accepts. A bad value (a negative timeout, a malformed `baseUrl`...) is
 * an InvalidInputError naming every problem, thrown by `createClient`.
 */
export interface CommonClientOptions extends RequestHooks {
  /** The vendor's base URL. `https:` is required; `http:` only for loopback or with `allowInsecureHttp`. */
  baseUrl?: string;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for idempotent requests. Default 2. */
  maxRetries?: number;
  /** Requests this client keeps in flight at once (the others wait their turn). Default 8. */
  maxConcurrency?: number;
  allowInsecureHttp?: boolean;
  /**
   * The largest answer read, in bytes: past it reading stops (while streaming, so memory stays
   * bounded) and the call throws ResponseTooLargeError. Default 10 MB.
   */
  maxResponseBytes?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Receives one redacted event per attempt, retry and answer. */
  logger?: Logger;
  /** Extra headers for every request (not for credentials: use the vendor's auth options). */
  headers?: Record<string, string>;
  /**
   * Default true: after every write, `updateUser` compares what the vendor stored with what was
   * asked and throws UnappliedChangesError for a field that did not take. `false` turns it off.
   */
  verify?: boolean;
}

/** What a vendor package contributes: its name, its version, its auth and its quirks. */
export interface VendorHooks {
  vendor: string;
  packageName: string;
  version: string;
  defaultBaseUrl?: string;
  auth?: AuthProvider;
  retryable?: RetryClassifier;
  /** Which requests the transport may repeat. Default: every method but POST (e.g. Zluri marks its read-only list POST idempotent). */
  idempotent?: (method: string, url: URL) => boolean;
  /**
   * The vendor's base-URL rule beyond the common policy: the problem with `url`, naming the form
   * expected (e.g. "is the Snipe-IT host without /api/v1"), or undefined when it is fine.
   */
  baseUrlForm?: (url: URL) => string | undefined;
}

/**
 * Encodes every path parameter as one segment: `/`, `?`, `#`, CR/LF and dot segments cannot
 * change the request path. A missing parameter is an error, not a literal `{id}`.
 */
export function serializePath(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || typeof value === "object") {
      throw new TypeError(`path parameter "${name}" must be a string or a number`);
    }
    return encodePathSegment(String(value));
  });
}

/**
 * One path parameter as one percent-encoded path segment. Throws TypeError for an empty value, `"."` or
 * `".."` (a dot segment would move the request up the path).
 */
export function encodePathSegment(value: string): string {
  if (value === "") throw new TypeError("a path parameter cannot be empty");
  // URLs treat "." and ".." (even as %2E) as dot segments, which would move the request up the path.
  if (value === "." || value === "..") throw new TypeError(`a path parameter cannot be "${value}"`);
  return encodeURIComponent(value);
}

/**
 * Credentials (options whose name says token, password, api key...) holding a control character are
 * refused: in a header, CR/LF would split it, and the runtime's own error would quote the value.
 */
function controlCharacterIssues(options: object): Issue[] {
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (isSecretKey(key) && typeof value === "string" && CONTROL_CHARACTER.test(value)) {
      issues.push({ path: key, message: "must not contain a control character (CR, LF, NUL, tab...)" });
    }
  }
  return issues;
}

/** One option's rule: its name, the test its value must pass (when given), and what it must be. */
export type OptionRule = readonly [name: string, ok: (value: unknown) => boolean, what: string];

const number = (least: number, integer: boolean) => (v: unknown) =>
  typeof v === "number" && v >= least && (integer ? Number.isInteger(v) : v < Number.POSITIVE_INFINITY);
const isFunction = (v: unknown) => typeof v === "function";
const isBoolean = (v: unknown) => typeof v === "boolean";

/** The rules of the per-attempt options a client and a call both take. */
export const ATTEMPT_RULES: readonly OptionRule[] = [
  ["timeoutMs", number(1, false), "a positive number of ms"],
  ["maxRetries", number(0, true), "a whole number, 0 or more"],
];

const CLIENT_RULES: readonly OptionRule[] = [
  ...ATTEMPT_RULES,
  ["maxConcurrency", number(1, true), "a whole number, 1 or more"],
  ["maxResponseBytes", number(1, true), "a whole number, 1 or more"],
  ...["fetch", "logger", "onRequest", "onResponse"].map((name): OptionRule => [name, isFunction, "a function"]),
  ...["allowInsecureHttp", "verify"].map((name): OptionRule => [name, isBoolean, "true or false"]),
  [
    "headers",
    (v) => typeof v === "object" && v !== null && Object.values(v).every((h) => typeof h === "string"),
    "an object of header names to strings",
  ],
];

/** The options (of `rules`) whose value is given and breaks its rule, as issues under `prefix`. */
export function optionIssues(options: object, rules = CLIENT_RULES, prefix = ""): Issue[] {
  const values = options as Record<string, unknown>;
  return rules
    .filter(([name, ok]) => values[name] !== undefined && !ok(values[name]))
    .map(([name, , what]) => ({ path: prefix + name, message: `must be ${what}` }));
}

/** Every problem with the client options, in one InvalidInputError; the base URL is checked last. */
function checkOptions(options: CommonClientOptions, hooks: VendorHooks): string {
  const vendor = hooks.vendor;
  const issues = [...optionIssues(options), ...controlCharacterIssues(options)];
  const raw = options.baseUrl ?? hooks.defaultBaseUrl;
  if (raw === undefined) issues.push({ path: "baseUrl", message: "is required" });
  if (issues.length > 0) throw new InvalidInputError(issues, { vendor, operation: "createClient" });
  return checkBaseUrl(
    raw as string,
    { allowInsecureHttp: options.allowInsecureHttp ?? false },
    vendor,
    hooks.baseUrlForm,
  );
}

/** Where the User-Agent finds the runtime: a `process` global, if the runtime has one. */
export interface RuntimeGlobals {
  process?: { versions?: { node?: string } };
}

/**
 * `userbridge-<package>/<version> node/<node version>`, e.g. `userbridge-snipe-it/0.1.0 node/20.19.0`.
 * The Node version comes from the `process` global (no `node:` import: this entry runs on any
 * runtime with fetch); where there is none, the runtime part is left out.
 */
export function userAgent(packageName: string, version: string, runtime: RuntimeGlobals = globalThis): string {
  const node = runtime.process?.versions?.node;
  return `${packageName.replace(/^@userbridge\//, "userbridge-")}/${version}${node ? ` node/${node}` : ""}`;
}

/** An openapi-fetch client for one vendor with our transport beneath it. */
export function createVendorClient<Paths extends {}>(options: CommonClientOptions, hooks: VendorHooks): Client<Paths> {
  const baseUrl = checkOptions(options, hooks);
  const transportOptions: TransportOptions = {
    vendor: hooks.vendor,
    userAgent: userAgent(hooks.packageName, hooks.version),
    slot: limiter(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY),
    ...defined({
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      maxResponseBytes: options.maxResponseBytes,
      maxConcurrency: options.maxConcurrency,
      logger: options.logger,
      onRequest: options.onRequest,
      onResponse: options.onResponse,
      auth: hooks.auth,
      retryable: hooks.retryable,
      idempotent: hooks.idempotent,
    }),
  };
  const client = createClient<Paths>({
    baseUrl,
    fetch: createTransport(transportOptions),
    pathSerializer: serializePath,
    headers: { Accept: "application/json", ...options.headers },
  });
  transports.set(client, transportOptions);
  if (options.verify === false) unverified.add(client);
  return client;
}

/** Registers `view`, a per-call view of `client`, with its own transport settings (see call-options.ts). */
export function registerView(view: object, client: object, options: TransportOptions): void {
  transports.set(view, options);
  if (unverified.has(client)) unverified.add(view);
}
