import {
  type AuthProvider,
  basicAuth,
  bearerAuth,
  type CommonClientOptions,
  createVendorClient,
  InvalidInputError,
  registerSecret,
  send,
  serverRoot,
  summarize,
  tokenAuth,
  type VendorHooks,
} from "@userbridge/core/internal";
import type { Client } from "openapi-fetch";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./generated/meta.js";
import type { components, paths } from "./generated/schema.js";
import { errors, retryable } from "./quirks.js";

/** An access token you already hold (sent as `Authorization: Bearer <token>`). */
export interface TokenAuthOptions {
  token: string;
  username?: never;
  password?: never;
  basic?: never;
  clientId?: never;
  totp?: never;
}

/** The admin's email and password, exchanged for a token at `POST /api/token` (the default). */
export interface PasswordAuthOptions {
  username: string;
  password: string;
  /** Sent as the `client_id` header on every token request (password and refresh grants). */
  clientId?: string;
  /** The current two-factor code, or a function giving a fresh one for each password grant. */
  totp?: string | (() => string | Promise<string>);
  basic?: false;
  token?: never;
}

/** The admin's email and password sent as HTTP Basic on every request. */
export interface BasicAuthOptions {
  username: string;
  password: string;
  basic: true;
  token?: never;
  clientId?: never;
  totp?: never;
}

/**
 * `baseUrl` defaults to `https://spaces.nexudus.com` (the server, WITHOUT `/api`: the client adds it;
 * one ending with `/api` is an InvalidInputError naming this form); plus one of the three ways to authenticate.
 */
export type ClientOptions = CommonClientOptions & (TokenAuthOptions | PasswordAuthOptions | BasicAuthOptions);

/** The raw openapi-fetch client `createClient` returns: pass it to `getUser`/`updateUser`, or call any operation of the spec with it. */
export type NexudusClient = Client<paths>;

type TokenRequest = components["schemas"]["TokenRequest"];

/** An openapi-fetch client for Nexudus with our transport (auth, timeouts, retries, 409 throttle) beneath it. */
export function createClient(options: ClientOptions): NexudusClient {
  const hooks: VendorHooks = {
    vendor: "nexudus",
    packageName: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    defaultBaseUrl: "https://spaces.nexudus.com",
    retryable,
    baseUrlForm: serverRoot("/api", "https://spaces.nexudus.com"),
  };
  return createVendorClient<paths>(options, { ...hooks, auth: authFor(options, hooks) });
}

function authFor(o: ClientOptions, hooks: VendorHooks): AuthProvider {
  if (o.token) return bearerAuth(o.token);
  const { username, password, totp } = o as PasswordAuthOptions;
  if (!username || !password) {
    throw new InvalidInputError([{ path: "token", message: "pass token, or username and password" }], {
      vendor: "nexudus",
      operation: "createClient",
    });
  }
  if (o.basic) return basicAuth(username, password);
  registerSecret(password);
  // The token endpoint goes through the same fetch, base URL, timeout and retries, without the
  // token auth (there is no token yet); asking for a token again is harmless, so POST may retry.
  const tokens = createVendorClient<paths>(o, { ...hooks, idempotent: () => true });
  // One client_id for both grants: the refresh grant REQUIRES it (the one the token was issued for),
  // and a password grant without one uses the login email, so the email is the same client
  // (vardhan341/api-docs@076ff0c233e00c7cd9d54b27130e43d1f0a119c9:token-authentication-oauth.md).
  const header = { client_id: o.clientId ?? username };
  const grant = async (body: Record<string, string>) =>
    (
      await send({ operation: "getToken", errors, request: summarize("POST", "/api/token") }, () =>
        tokens.POST("/api/token", {
          body: body as TokenRequest,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          params: { header },
        }),
      )
    ).data;
  let refreshToken: string | undefined;
  // One token per client, fetched once for any number of concurrent calls (core's tokenAuth): a new
  // token for a client_id invalidates its older refresh tokens (token-authentication-oauth.md above).
  return tokenAuth({
    format: (token) => `Bearer ${token}`,
    skewMs: 0,
    async issue() {
      // Refresh grant first, then the password grant if it is refused.
      const answer =
        (refreshToken &&
          (await grant({ grant_type: "refresh_token", refresh_token: refreshToken }).catch(() => undefined))) ||
        (await grant({
          grant_type: "password",
          username,
          password,
          ...(totp ? { totp: typeof totp === "function" ? await totp() : totp } : {}),
        }));
      refreshToken = answer.refresh_token;
      registerSecret(refreshToken);
      const ms = answer.expires_in * 1000;
      // Renew a tenth of the lifetime (at most 30 s) before it ends.
      return { token: answer.access_token, expiresInMs: ms - Math.min(30_000, ms / 10) };
    },
  });
}
