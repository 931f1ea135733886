import { InvalidInputError } from "./errors.js";

/** The options of {@link checkBaseUrl} (every client's options include them). */
export interface BaseUrlPolicy {
  /** Allow `http:` to a host other than loopback. Off by default: tokens would cross the network in clear. */
  allowInsecureHttp?: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a base URL against our policy and returns it without a trailing slash. Throws an
 * InvalidInputError (before any request) for anything else: `https:` is required, `http:` only for
 * loopback hosts or with `allowInsecureHttp`; credentials, a query or a fragment are refused.
 * `form`, when given, is the vendor's own rule (e.g. "no /api/v1 at the end"): it returns the
 * problem, naming the expected form, or undefined.
 */
export function checkBaseUrl(
  input: string,
  policy: BaseUrlPolicy = {},
  vendor = "userbridge",
  form?: (url: URL) => string | undefined,
): string {
  const fail = (message: string) =>
    new InvalidInputError([{ path: "baseUrl", message }], { vendor, operation: "createClient" });
  let url: URL;
  try {
    if (typeof input !== "string") throw new TypeError("not a string");
    url = new URL(input);
  } catch {
    // Quoted without its userinfo: everything between "scheme://" and the last "@" may be a password.
    const shown = String(input).replace(/^([a-z][a-z0-9+.-]*:\/*)[\s\S]*@/i, "$1…@");
    throw fail(`is not a valid URL: ${JSON.stringify(shown.slice(0, 200))}`);
  }
  if (url.username || url.password) throw fail("must not contain credentials");
  if (url.search || input.includes("?")) throw fail("must not contain a query string");
  if (url.hash || input.includes("#")) throw fail("must not contain a fragment");
  if (url.protocol === "http:") {
    if (!LOOPBACK.test(url.hostname) && !policy.allowInsecureHttp) {
      throw fail(`uses http: to a non-loopback host (${url.hostname}); use https: or set allowInsecureHttp: true`);
    }
  } else if (url.protocol !== "https:") {
    throw fail(`must use https: (got ${url.protocol})`);
  }
  const problem = form?.(url);
  if (problem) throw fail(problem);
  return url.href.replace(/\/+$/, "");
}

/** A path without its trailing slashes, and with one at the end, to compare whole segments. */
const segments = (url: URL) => `${url.pathname.replace(/\/+$/, "")}/`;

/**
 * The base-URL rule of a vendor whose operations' paths start with `prefix` (Snipe-IT `/api/v1`,
 * ONLYOFFICE `/api/2.0`, Nexudus `/api`): the base URL is the server alone, and one that already
 * holds the prefix (which would be sent twice, a bare 404) is refused, naming the expected form.
 */
export const serverRoot =
  (prefix: string, example: string) =>
  (url: URL): string | undefined =>
    segments(url).includes(`${prefix}/`)
      ? `is the server without ${prefix} (the client adds ${prefix} itself), e.g. ${example}`
      : undefined;

/**
 * The base-URL rule of a vendor whose documented base URL includes its API base path (Zluri `/v2`,
 * NERM `/api`): on the vendor's own hosts, a base URL that does not end with it is refused,
 * naming the expected form. Other hosts (a proxy, a simulator) are taken as given.
 */
export const apiBase =
  (hosts: RegExp, suffix: string, example: string) =>
  (url: URL): string | undefined =>
    hosts.test(url.hostname) && !segments(url).endsWith(`${suffix}/`)
      ? `is the API base URL, ending with ${suffix}, e.g. ${example}`
      : undefined;
