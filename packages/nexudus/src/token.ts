/**
 * One access token per client, shared by all its calls.
 *
 * Nexudus keeps a single refresh token per `client_id`: "existing tokens for a given client_id are
 * invalidated when a new token is requested for that client_id" and "Refreshing a token for a
 * client ID will invalidate all previous refresh tokens for that client ID"
 * (vardhan341/api-docs@076ff0c233e00c7cd9d54b27130e43d1f0a119c9:token-authentication-oauth.md, a
 * mirror of Nexudus/api-docs). So concurrent calls must not each ask for a token: a burst of calls
 * with an expired token, or a burst of 401s for the same token, makes ONE token request.
 *
 * The transport calls `refresh()` after a 401 without saying which token failed; `watch(fetch)`
 * sees the 401 and the token it was sent with, so only a 401 for the CURRENT token drops it (a late
 * 401 for an older token just picks up the newer one).
 */
import { type AuthProvider, registerSecret } from "@userbridge/core";

export interface Issued {
  token: string;
  /** Lifetime in ms from now. */
  expiresInMs: number;
}

export interface TokenSource {
  auth: AuthProvider;
  /** The fetch the API calls go through: it reports a 401 for the current token. */
  watch(base: typeof fetch): typeof fetch;
}

export function tokenSource(issue: () => Promise<Issued>): TokenSource {
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const valid = () => (current && current.expiresAt > Date.now() ? current.token : undefined);
  const renew = (): Promise<string> => {
    pending ??= issue()
      .then(({ token, expiresInMs }) => {
        registerSecret(token);
        current = { token, expiresAt: Date.now() + expiresInMs };
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return {
    auth: {
      async apply(headers) {
        headers.set("Authorization", `Bearer ${valid() ?? (await renew())}`);
      },
      async refresh() {
        // Already renewed by another call's 401 (or renewing): use that token.
        if (!valid()) await renew();
      },
    },
    watch: (base) => async (input, init) => {
      const response = await base(input, init);
      const sent = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get(
        "authorization",
      );
      if (response.status === 401 && current && sent === `Bearer ${current.token}`) current = undefined;
      return response;
    },
  };
}
