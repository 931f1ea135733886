import { bearerAuth, type CommonClientOptions, createVendorClient } from "@userbridge/core";
import type { Client } from "openapi-fetch";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./generated/meta.js";
import type { paths } from "./generated/schema.js";

export interface ClientOptions extends CommonClientOptions {
  /** Your Snipe-IT host, e.g. `https://assets.example.com` (the API lives under /api/v1). */
  baseUrl: string;
  /** A Snipe-IT personal access token. */
  token: string;
}

/** The raw openapi-fetch client `createClient` returns: pass it to `getUser`/`updateUser`, or call any operation of the spec with it. */
export type SnipeItClient = Client<paths>;

/** An openapi-fetch client for Snipe-IT with our transport (auth, timeouts, retries) beneath it. */
export function createClient(options: ClientOptions): SnipeItClient {
  if (!options.token) throw new TypeError("snipe-it: token is required");
  return createVendorClient<paths>(options, {
    vendor: "snipe-it",
    packageName: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    auth: bearerAuth(options.token),
  });
}
