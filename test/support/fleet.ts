/**
 * The vendor simulators side by side, each seeded with `size` users (user<i>@example.com), and a
 * bulk connection to each (requests gated by @userbridge/bulk). For the bulk tests and bench.
 */
import { type BulkConnection, gated } from "@userbridge/bulk";
import * as nexudus from "@userbridge/nexudus/simulator";
import * as onlyoffice from "@userbridge/onlyoffice/simulator";
import * as nerm from "@userbridge/sailpoint-nerm/simulator";
import * as snipeIt from "@userbridge/snipe-it/simulator";
import { connect, type VendorName } from "@userbridge/unified";
import { nexudus as nexudusAdapter } from "@userbridge/unified/nexudus";
import { onlyoffice as onlyofficeAdapter } from "@userbridge/unified/onlyoffice";
import { sailpointNerm } from "@userbridge/unified/sailpoint-nerm";
import { snipeIt as snipeItAdapter } from "@userbridge/unified/snipe-it";
import { zluri as zluriAdapter } from "@userbridge/unified/zluri";
import * as zluri from "@userbridge/zluri/simulator";

export interface SimHandle {
  url: string;
  requests: unknown[];
  exchanges: { status: number }[];
  users: Map<string, unknown>;
  stop(): Promise<void>;
}

export interface FleetOptions {
  size: number;
  /** Per vendor: the simulator's clock speed (rate-limit windows shortened by it). */
  timeScale?: Partial<Record<VendorName, number>>;
  rateLimit?: false | { limit: number; windowMs: number };
  /** Client retries (default 2, the transport's). */
  maxRetries?: number;
  /** false: plain connections, no rate gate (for comparisons). */
  gate?: false;
  /** Sees every HTTP answer (beneath the gate): when, which vendor, which status. */
  record?: (vendor: VendorName, status: number) => void;
}

export const email = (i: number) => `user${i}@example.com`;
/** The vendor id of user i (1-based) as a string. */
export const vendorIds: Record<string, (i: number) => string> = {
  "snipe-it": (i) => String(i),
  zluri: (i) => i.toString(16).padStart(24, "0"),
  nexudus: (i) => String(1000 + i),
  "sailpoint-nerm": (i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
  onlyoffice: (i) => `10000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
};

function seed(vendor: string, size: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 1; i <= size; i++) {
    const id = vendorIds[vendor]!(i);
    if (vendor === "snipe-it") {
      out[id] = snipeIt.snipeItRecord({
        id: i,
        first_name: "User",
        last_name: String(i),
        username: `user${i}`,
        email: email(i),
        jobtitle: "Engineer",
      });
    } else if (vendor === "zluri") {
      out[id] = {
        user_id: id,
        user_name: `User ${i}`,
        user_email: email(i),
        user_designation: "Engineer",
        user_status: "active",
      };
    } else if (vendor === "nexudus") {
      out[id] = {
        Id: Number(id),
        FullName: `User ${i}`,
        Email: email(i),
        Language: 1,
        PasswordSalt: "salt",
        LastHelpVisited: 0,
        InvalidLoginAttempts: 0,
        Active: true,
        IsAdmin: false,
        OnNewEmail: true,
        Password: "stored-password-hash",
        Businesses: [1],
        UserRoles: [2],
        ChatRooms: [],
      };
    } else if (vendor === "onlyoffice") {
      out[id] = {
        id,
        displayName: `User ${i}`,
        firstName: "User",
        lastName: String(i),
        userName: `user${i}`,
        email: email(i),
        contacts: [],
        status: 1,
        activationStatus: 1,
        terminated: null,
        groups: [],
        title: "Engineer",
        lead: null,
        isAdmin: false,
        isOwner: false,
        isVisitor: false,
        isLDAP: false,
        isSSO: false,
      };
    } else {
      out[id] = {
        id,
        uid: `user${i}`,
        name: `User ${i}`,
        email: email(i),
        type: "NeprofileUser",
        title: "Engineer",
        status: "Active",
        login: `user${i}`,
      };
    }
  }
  return out;
}

export const fleetVendors = [
  "snipe-it",
  "zluri",
  "onlyoffice",
  "nexudus",
  "sailpoint-nerm",
] as const satisfies readonly VendorName[];

/** Starts every simulator and connects to each. */
export async function startFleet(options: FleetOptions): Promise<{
  sims: Partial<Record<VendorName, SimHandle>>;
  connections: Partial<Record<VendorName, BulkConnection>>;
  stop(): Promise<void>;
}> {
  const common = (v: VendorName) => ({
    users: seed(v, options.size) as never,
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.timeScale?.[v] ? { timeScale: options.timeScale[v] } : {}),
  });
  const [s, z, o, n, e] = await Promise.all([
    snipeIt.startSimulator(common("snipe-it")),
    zluri.startSimulator(common("zluri")),
    onlyoffice.startSimulator(common("onlyoffice")),
    nexudus.startSimulator(common("nexudus")),
    nerm.startSimulator(common("sailpoint-nerm")),
  ]);
  const retries = options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries };
  const recorder =
    (vendor: VendorName): typeof fetch =>
    async (input, init) => {
      const response = await fetch(input, init);
      options.record?.(vendor, response.status);
      return response;
    };
  const wrap = <C extends object>(vendor: VendorName, make: (fetch: typeof globalThis.fetch) => C): C =>
    options.gate === false ? make(recorder(vendor)) : gated(vendor, make, recorder(vendor));
  const connections = {
    "snipe-it": wrap("snipe-it", (fetch) =>
      connect(snipeItAdapter({ baseUrl: s.url, token: snipeIt.SIMULATOR_TOKEN, fetch, ...retries })),
    ),
    zluri: wrap("zluri", (fetch) =>
      connect(zluriAdapter({ baseUrl: z.url, apiKey: zluri.SIMULATOR_API_KEY, fetch, ...retries })),
    ),
    onlyoffice: wrap("onlyoffice", (fetch) =>
      connect(onlyofficeAdapter({ baseUrl: o.url, token: onlyoffice.SIMULATOR_TOKEN, fetch, ...retries })),
    ),
    nexudus: wrap("nexudus", (fetch) =>
      connect(nexudusAdapter({ baseUrl: n.url, token: nexudus.DEFAULT_TOKEN, fetch, ...retries })),
    ),
    "sailpoint-nerm": wrap("sailpoint-nerm", (fetch) =>
      connect(sailpointNerm({ baseUrl: e.url, token: nerm.SIMULATOR_TOKEN, fetch, ...retries })),
    ),
  };
  const sims = { "snipe-it": s, zluri: z, onlyoffice: o, nexudus: n, "sailpoint-nerm": e } as unknown as Partial<
    Record<VendorName, SimHandle>
  >;
  return {
    sims,
    connections,
    stop: async () => {
      await Promise.all([s.stop(), z.stop(), o.stop(), n.stop(), e.stop()]);
    },
  };
}
