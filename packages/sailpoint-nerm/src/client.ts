import {
  apiBase,
  bearerAuth,
  type CommonClientOptions,
  createVendorClient,
  InvalidInputError,
} from "@userbridge/core/internal";
import type { Client } from "openapi-fetch";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./generated/meta.js";
import type { paths } from "./generated/schema.js";

interface CommonOptions extends Omit<CommonClientOptions, "baseUrl"> {
  /** A NERM API key or a SailPoint Identity Security Cloud personal access token (sent as Bearer). */
  token: string;
}

/** Where the tenant lives: its subdomain (`tenant`), or a full base URL (`baseUrl`), not both. */
export type ClientOptions = CommonOptions &
  (
    | {
        /** The tenant's subdomain: `acme` → `https://acme.nonemployee.com/api`. */
        tenant: string;
        baseUrl?: never;
      }
    | {
        /**
         * The full API base URL WITH `/api`, e.g. `https://acme.mynonemployee.com/api` (older tenants); on
         * a NERM host a base URL not ending with `/api` is an InvalidInputError naming this form.
         */
        baseUrl: string;
        tenant?: never;
      }
  );

/** The raw openapi-fetch client `createClient` returns: pass it to `getUser`/`updateUser`, or call any operation of the spec with it. */
export type SailPointNermClient = Client<paths>;

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** An openapi-fetch client for SailPoint NERM with our transport (auth, timeouts, retries) beneath it. */
export function createClient(options: ClientOptions): SailPointNermClient {
  const { tenant, baseUrl, token } = options ?? {};
  const issues = [];
  if (!token || typeof token !== "string") issues.push({ path: "token", message: "is required" });
  if ((tenant === undefined) === (baseUrl === undefined)) {
    issues.push({ path: "tenant", message: "pass either tenant or baseUrl, not both" });
  }
  if (tenant !== undefined && !(typeof tenant === "string" && DNS_LABEL.test(tenant))) {
    issues.push({
      path: "tenant",
      message: `must be one DNS label (letters, digits, inner hyphens), got ${JSON.stringify(String(tenant).slice(0, 80))}; pass a full baseUrl for any other host`,
    });
  }
  if (issues.length > 0) throw new InvalidInputError(issues, { vendor: "sailpoint-nerm", operation: "createClient" });
  return createVendorClient<paths>(
    { ...options, baseUrl: baseUrl ?? `https://${tenant}.nonemployee.com/api` },
    {
      vendor: "sailpoint-nerm",
      packageName: PACKAGE_NAME,
      version: PACKAGE_VERSION,
      auth: bearerAuth(token as string),
      baseUrlForm: apiBase(/\.(my)?nonemployee\.com$/i, "/api", "https://acme.nonemployee.com/api"),
    },
  );
}
