import {
  bearerAuth,
  type CommonClientOptions,
  createVendorClient,
  InvalidInputError,
  serverRoot,
} from "@userbridge/core/internal";
import type { Client } from "openapi-fetch";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./generated/meta.js";
import type { paths } from "./generated/schema.js";

export interface ClientOptions extends CommonClientOptions {
  /**
   * Your Snipe-IT server, e.g. `https://assets.example.com`, WITHOUT `/api/v1` (the client adds it;
   * a base URL ending with it is an InvalidInputError naming this form).
   */
  baseUrl: string;
  /** A Snipe-IT personal access token. */
  token: string;
}

/** The raw openapi-fetch client `createClient` returns: pass it to `getUser`/`updateUser`, or call any operation of the spec with it. */
export type SnipeItClient = Client<paths>;

/** An openapi-fetch client for Snipe-IT with our transport (auth, timeouts, retries) beneath it. */
export function createClient(options: ClientOptions): SnipeItClient {
  if (!options?.token || typeof options.token !== "string") {
    throw new InvalidInputError([{ path: "token", message: "is required" }], {
      vendor: "snipe-it",
      operation: "createClient",
    });
  }
  return createVendorClient<paths>(options, {
    vendor: "snipe-it",
    packageName: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    auth: bearerAuth(options.token),
    baseUrlForm: serverRoot("/api/v1", "https://assets.example.com"),
  });
}
