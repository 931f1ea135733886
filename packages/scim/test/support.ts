/**
 * The gateway over the five vendor simulators (test/support/fleet.ts: three seeded users each,
 * user<i>@example.com), spoken to with standard Requests.
 */

import { DEFAULT_TOKEN as NEXUDUS_TOKEN } from "@userbridge/nexudus/simulator";
import { SIMULATOR_TOKEN as ONLYOFFICE_TOKEN } from "@userbridge/onlyoffice/simulator";
import { SIMULATOR_TOKEN as NERM_TOKEN } from "@userbridge/sailpoint-nerm/simulator";
import { SIMULATOR_TOKEN as SNIPE_IT_TOKEN } from "@userbridge/snipe-it/simulator";
import type { VendorName } from "@userbridge/unified";
import { connect } from "@userbridge/unified";
import { nexudusLifecycle } from "@userbridge/unified/nexudus";
import { onlyofficeLifecycle } from "@userbridge/unified/onlyoffice";
import { sailpointNermLifecycle } from "@userbridge/unified/sailpoint-nerm";
import { snipeItLifecycle } from "@userbridge/unified/snipe-it";
import { zluriLifecycle } from "@userbridge/unified/zluri";
import { SIMULATOR_API_KEY as ZLURI_KEY } from "@userbridge/zluri/simulator";
import { email, fleetVendors, type SimHandle, startFleet, vendorIds } from "../../../test/support/fleet.js";
import { type ConnectedLike, fromConnected, type ScimBackend } from "../src/backend.js";
import { createScimHandler, type ScimHandlerOptions, type ScimLogEntry } from "../src/handler.js";
import { MemoryScimStore } from "../src/store.js";

export { email, fleetVendors, vendorIds };
export const TOKEN = "test-token-0123456789abcdef";
export const SCIM = "application/scim+json";

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  body: any;
}

export interface Gateway {
  sims: Partial<Record<VendorName, SimHandle>>;
  handler: (request: Request) => Promise<Response>;
  store: MemoryScimStore;
  logs: ScimLogEntry[];
  /** Sends one SCIM request to `/scim/v2/<vendor><path>` with the test token. */
  send(vendor: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Non-GET requests the vendor's simulator has received. */
  writes(vendor: VendorName): number;
  stop(): Promise<void>;
}

export async function startGateway(
  extra: Partial<ScimHandlerOptions> = {},
  /** Changes each vendor's backend (e.g. to hold its calls back). */
  wrap: (backend: ScimBackend) => ScimBackend = (b) => b,
): Promise<Gateway> {
  const fleet = await startFleet({ size: 3, gate: false, rateLimit: false, maxRetries: 0 });
  const store = new MemoryScimStore();
  const logs: ScimLogEntry[] = [];
  // The facade's lifecycle adapters where a vendor has one (create, list, delete: issue 20).
  const url = (v: VendorName) => fleet.sims[v]?.url as string;
  const lifecycle: Partial<Record<VendorName, ConnectedLike>> = {
    "snipe-it": connect(snipeItLifecycle({ baseUrl: url("snipe-it"), token: SNIPE_IT_TOKEN, maxRetries: 0 })),
    onlyoffice: connect(onlyofficeLifecycle({ baseUrl: url("onlyoffice"), token: ONLYOFFICE_TOKEN, maxRetries: 0 })),
    zluri: connect(zluriLifecycle({ baseUrl: url("zluri"), apiKey: ZLURI_KEY, maxRetries: 0 })),
    nexudus: connect(nexudusLifecycle({ baseUrl: url("nexudus"), token: NEXUDUS_TOKEN, maxRetries: 0 })),
    "sailpoint-nerm": connect(
      sailpointNermLifecycle({ baseUrl: url("sailpoint-nerm"), token: NERM_TOKEN, maxRetries: 0 }),
    ),
  };
  const vendors = Object.fromEntries(
    fleetVendors.map((v) => [v, wrap(fromConnected(lifecycle[v] ?? (fleet.connections[v] as never)))]),
  );
  const handler = createScimHandler({ vendors, tokens: [TOKEN], store, log: (e) => logs.push(e), ...extra });
  return {
    sims: fleet.sims,
    handler,
    store,
    logs,
    async send(vendor, method, path, body, headers = {}) {
      const response = await handler(
        new Request(`http://gateway.test/scim/v2/${vendor}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${TOKEN}`,
            ...(body !== undefined ? { "content-type": SCIM } : {}),
            ...headers,
          },
          ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
        }),
      );
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    // Zluri reads by POST /users with a filter_by body: not a write.
    writes: (vendor) =>
      ((fleet.sims[vendor]?.requests ?? []) as { method: string; body: unknown }[]).filter(
        (r) => r.method !== "GET" && !(typeof r.body === "object" && r.body !== null && "filter_by" in r.body),
      ).length,
    stop: () => fleet.stop(),
  };
}

/** A string field each vendor can set, for update tests: title where it has one, else displayName. */
export function editable(vendor: VendorName): { path: string; read: (r: Answer["body"]) => unknown } {
  return vendor === "nexudus"
    ? { path: "displayName", read: (r) => r.displayName }
    : { path: "title", read: (r) => r.title };
}

/** userName of seeded user i as the gateway shows it: the login name, or the email where the vendor signs in by email. */
export function userNameOf(vendor: VendorName, i: number): string {
  return vendor === "snipe-it" || vendor === "sailpoint-nerm" ? `user${i}` : email(i);
}

/** The facade's lifecycle verbs each vendor has (issue 20: Zluri documents no delete). */
export const verbs: Record<VendorName, { create: boolean; list: boolean; delete: boolean }> = {
  "snipe-it": { create: true, list: true, delete: true },
  zluri: { create: true, list: true, delete: false },
  onlyoffice: { create: true, list: true, delete: true },
  nexudus: { create: true, list: true, delete: true },
  "sailpoint-nerm": { create: true, list: true, delete: true },
};

/** A new person's SCIM User as Okta sends it on assignment. */
export function newUser(vendor: VendorName, tag: string, extra: Record<string, unknown> = {}) {
  const mail = `${tag}@example.com`;
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: vendor === "snipe-it" || vendor === "sailpoint-nerm" ? tag : mail,
    name: { givenName: "New", familyName: "Person" },
    emails: [{ primary: true, value: mail, type: "work" }],
    displayName: "New Person",
    active: true,
    // Snipe-IT's create requires a password (SaveUserRequest's POST rules).
    ...(vendor === "snipe-it" ? { password: "Correct-Horse-9-Battery" } : {}),
    ...extra,
  };
}

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
