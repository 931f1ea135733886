import { registerSecret } from "./redact.js";
import type { AuthProvider } from "./transport.js";

/** A static credential in one header: `Authorization: Bearer <token>`, `api-key: <key>`, ... */
export function headerAuth(name: string, value: string): AuthProvider {
  registerSecret(value);
  return {
    apply(headers) {
      headers.set(name, value);
    },
  };
}

/** `Authorization: Bearer <token>`; the token is registered as a secret, so it is redacted from every error and log line. */
export const bearerAuth = (token: string): AuthProvider => {
  registerSecret(token);
  return headerAuth("Authorization", `Bearer ${token}`);
};

/**
 * `Authorization: Basic base64(username:password)`; the password and the encoded value are registered
 * as secrets, so they are redacted from every error and log line.
 */
export const basicAuth = (username: string, password: string): AuthProvider => {
  registerSecret(password);
  const encoded = btoa(String.fromCodePoint(...new TextEncoder().encode(`${username}:${password}`)));
  registerSecret(encoded);
  return headerAuth("Authorization", `Basic ${encoded}`);
};

/** What {@link TokenAuthOptions.issue} resolves to: a fresh token and, when the vendor says so, its lifetime. */
export interface IssuedToken {
  token: string;
  /** Lifetime in ms from now; undefined = until the vendor answers 401. */
  expiresInMs?: number;
  /** Or the expiry as the vendor answers it, a date `Date.parse` reads (unreadable = as undefined). */
  expires?: string | null | undefined;
}

/** How {@link tokenAuth} obtains and sends a token (e.g. ONLYOFFICE's credential login). */
export interface TokenAuthOptions {
  /** Obtains a fresh token (and may use a refresh token it kept from the previous answer). */
  issue(): Promise<IssuedToken>;
  /** Builds the header value from the token, e.g. (t) => `Bearer ${t}`. */
  format(token: string): string;
  /** The header to set. Default `Authorization`. */
  header?: string;
  /** Renew this long before the expiry. Default 30 s. */
  skewMs?: number;
}

/**
 * A token obtained by exchanging credentials, cached until it expires, fetched once for
 * concurrent callers, and renewed on a 401 (through the transport's `refresh`) once per token:
 * the renewal is keyed by the token that was refused, so when a revoked token (still valid by its
 * clock) gets N concurrent 401s, the first renews it and the others, whose 401 was for that older
 * token, join the renewal or simply retry with the new one (one token request, not N).
 */
export function tokenAuth(options: TokenAuthOptions): AuthProvider {
  const header = options.header ?? "Authorization";
  const skew = options.skewMs ?? 30_000;
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const renew = (): Promise<string> => {
    pending ??= options
      .issue()
      .then(({ token, expiresInMs, expires }) => {
        registerSecret(token);
        const at = expiresInMs === undefined ? Date.parse(expires ?? "") : Date.now() + expiresInMs;
        current = { token, expiresAt: Number.isNaN(at) ? Number.POSITIVE_INFINITY : at };
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  return {
    async apply(headers) {
      const token = current && current.expiresAt - skew > Date.now() ? current.token : await renew();
      headers.set(header, options.format(token));
    },
    async refresh(sent) {
      // Refused for an older token than the one we hold: another call has already renewed it.
      if (current && sent && sent.get(header) !== options.format(current.token)) return;
      current = undefined;
      await renew(); // joins a renewal already in flight
    },
  };
}
