import {
  AuthenticationError,
  type AuthProvider,
  apiErrorFrom,
  type CommonClientOptions,
  createVendorClient,
  headerAuth,
  InvalidInputError,
  registerSecret,
  send,
  serverRoot,
  tokenAuth,
} from "@userbridge/core/internal";
import type { Client } from "openapi-fetch";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./generated/meta.js";
import type { paths } from "./generated/schema.js";
import { authErrors, errors, retryable, unwrap } from "./quirks.js";

interface BaseOptions extends CommonClientOptions {
  /**
   * Your portal, e.g. `https://office.example.com`, WITHOUT `/api/2.0` (the client adds it; a base
   * URL ending with it is an InvalidInputError naming this form).
   */
  baseUrl: string;
}

/** Either a token, or a user name and password that the client exchanges for one. */
export type ClientOptions = BaseOptions &
  (
    | { /** A token from `POST /api/2.0/authentication`, sent as `Authorization: <token>`. */ token: string }
    | {
        /** The login (email address) of the account the client acts as. */
        userName: string;
        password: string;
      }
  );

/** The raw openapi-fetch client `createClient` returns: pass it to `getUser`/`updateUser`, or call any operation of the spec with it. */
export type OnlyofficeClient = Client<paths>;

const AUTH_PATH = "/api/2.0/authentication";

/**
 * Exchanges credentials for a token through `plain` (a client without token auth): cached until
 * the token's `expires`, fetched once for concurrent callers, renewed once on a 401.
 */
function credentialAuth(plain: OnlyofficeClient, userName: string, password: string): AuthProvider {
  registerSecret(password);
  // A wrong password is HTTP 500 (AuthenticationEntryPoint.cs:478-482): authErrors makes it AuthenticationError.
  const ctx = { operation: "authenticate", errors: authErrors };
  return tokenAuth({
    format: (token) => token, // no scheme word: ONLYOFFICE takes the bare token
    async issue() {
      const { data, response } = await send(ctx, () => plain.POST(AUTH_PATH, { body: { userName, password } }));
      const answer = unwrap(data, response, ctx);
      if (!answer.token) {
        const body = { error: { message: "no token: two-factor login is not supported" } };
        throw apiErrorFrom(response, body, ctx, AuthenticationError);
      }
      return { token: answer.token, expires: answer.expires };
    },
  });
}

/** An openapi-fetch client for ONLYOFFICE with our transport (auth, timeouts, retries) beneath it. */
export function createClient(options: ClientOptions): OnlyofficeClient {
  const hooks = {
    vendor: errors.vendor,
    packageName: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    retryable,
    baseUrlForm: serverRoot("/api/2.0", "https://office.example.com"),
  };
  const o = options as Partial<{ token: string; userName: string; password: string }>;
  let auth: AuthProvider;
  if (o.token) auth = headerAuth("Authorization", o.token);
  else if (o.userName && o.password) {
    auth = credentialAuth(createVendorClient<paths>(options, hooks), o.userName, o.password);
  } else {
    throw new InvalidInputError([{ path: "token", message: "pass token, or userName and password" }], {
      vendor: errors.vendor,
      operation: "createClient",
    });
  }
  return createVendorClient<paths>(options, { ...hooks, auth });
}
