/** The options of {@link checkBaseUrl} (every client's options include them). */
export interface BaseUrlPolicy {
  /** Allow `http:` to a host other than loopback. Off by default: tokens would cross the network in clear. */
  allowInsecureHttp?: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a base URL against our policy and returns it without a trailing slash. Throws a
 * TypeError (before any request) for anything else: `https:` is required, `http:` only for
 * loopback hosts or with `allowInsecureHttp`; credentials, a query or a fragment are refused.
 */
export function checkBaseUrl(input: string, policy: BaseUrlPolicy = {}): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TypeError(`baseUrl is not a valid URL: ${JSON.stringify(String(input).slice(0, 200))}`);
  }
  if (url.username || url.password) throw new TypeError("baseUrl must not contain credentials");
  if (url.search || input.includes("?")) throw new TypeError("baseUrl must not contain a query string");
  if (url.hash || input.includes("#")) throw new TypeError("baseUrl must not contain a fragment");
  if (url.protocol === "http:") {
    if (!LOOPBACK.test(url.hostname) && !policy.allowInsecureHttp) {
      throw new TypeError(
        `baseUrl uses http: to a non-loopback host (${url.hostname}); use https: or set allowInsecureHttp: true`,
      );
    }
  } else if (url.protocol !== "https:") {
    throw new TypeError(`baseUrl must use https: (got ${url.protocol})`);
  }
  return url.href.replace(/\/+$/, "");
}
