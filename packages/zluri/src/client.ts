import {
  apiBase,
  type CommonClientOptions,
  createVendorClient,
  headerAuth,
  InvalidInputError,
} from "@userbridge/core/internal";
import type { Client } from "openapi-fetch";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./generated/meta.js";
import type { paths } from "./generated/schema.js";
import { idempotent } from "./quirks.js";

/** Zluri's external API as the reference pages show it. Some tenants use `https://api-ext.zluri.com/ext/v2`. */
export const DEFAULT_BASE_URL = "https://api-ext.zluri.com/v2";

export interface ClientOptions extends CommonClientOptions {
  /** Your Zluri API key, sent in the `api-key` header. */
  apiKey: string;
  /**
   * The API base URL WITH its base path (`/v2`), as Zluri's reference gives it. Default
   * `https://api-ext.zluri.com/v2`; on api-ext.zluri.com a base URL not ending with `/v2` is an
   * InvalidInputError naming this form.
   */
  baseUrl?: string;
}

/** The raw openapi-fetch client `createClient` returns: pass it to `getUser`/`updateUser`, or call any operation of the spec with it. */
export type ZluriClient = Client<paths>;

/** An openapi-fetch client for Zluri with our transport (auth, timeouts, retries) beneath it. */
export function createClient(options: ClientOptions): ZluriClient {
  if (typeof options?.apiKey !== "string" || !options.apiKey) {
    throw new InvalidInputError([{ path: "apiKey", message: "is required" }], {
      vendor: "zluri",
      operation: "createClient",
    });
  }
  return createVendorClient<paths>(options, {
    vendor: "zluri",
    packageName: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    defaultBaseUrl: DEFAULT_BASE_URL,
    auth: headerAuth("api-key", options.apiKey),
    idempotent,
    baseUrlForm: apiBase(/^api-ext\.zluri\.com$/i, "/v2", DEFAULT_BASE_URL),
  });
}
