import createClient, { type Client } from "openapi-fetch";
import { checkBaseUrl } from "./base-url.js";
import {
  type AuthProvider,
  createTransport,
  type Logger,
  type RetryClassifier,
  type TransportOptions,
} from "./transport.js";

const transports = new WeakMap<object, TransportOptions>();

/** The transport settings a client was built with (for rendering planned requests). */
export function clientTransport(client: object): TransportOptions {
  const options = transports.get(client);
  if (!options) throw new TypeError("not a client made by createVendorClient");
  return options;
}

/** Options every vendor client accepts. */
export interface CommonClientOptions {
  /** The vendor's base URL. `https:` is required; `http:` only for loopback or with `allowInsecureHttp`. */
  baseUrl?: string;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for idempotent requests. Default 2. */
  maxRetries?: number;
  allowInsecureHttp?: boolean;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Receives one redacted event per attempt, retry and answer. */
  logger?: Logger;
  /** Extra headers for every request (not for credentials: use the vendor's auth options). */
  headers?: Record<string, string>;
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
}

/**
 * Encodes every path parameter as one segment: `/`, `?`, `#`, CR/LF and dot segments cannot
 * change the request path. A missing parameter is an error, not a literal `{id}`.
 */
export function serializePath(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || (typeof value === "object" && value !== null)) {
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

/** An openapi-fetch client for one vendor with our transport beneath it. */
export function createVendorClient<Paths extends {}>(options: CommonClientOptions, hooks: VendorHooks): Client<Paths> {
  const raw = options.baseUrl ?? hooks.defaultBaseUrl;
  if (raw === undefined) throw new TypeError(`${hooks.vendor}: baseUrl is required`);
  const baseUrl = checkBaseUrl(raw, { allowInsecureHttp: options.allowInsecureHttp ?? false });
  const transportOptions: TransportOptions = {
    vendor: hooks.vendor,
    userAgent: `userbridge/${hooks.packageName}@${hooks.version}`,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(hooks.auth ? { auth: hooks.auth } : {}),
    ...(hooks.retryable ? { retryable: hooks.retryable } : {}),
    ...(hooks.idempotent ? { idempotent: hooks.idempotent } : {}),
  };
  const client = createClient<Paths>({
    baseUrl,
    fetch: createTransport(transportOptions),
    pathSerializer: serializePath,
    headers: { Accept: "application/json", ...options.headers },
  });
  transports.set(client, transportOptions);
  return client;
}
