/**
 * The five vendor simulators side by side, each seeded with `size` users (user<i>@example.com),
 * without connections: for tests that connect their own way. Imports no userbridge package but
 * the vendors' simulators, so that any package's typecheck can include it (test/support/fleet.ts
 * adds the facade connections, gated by @userbridge/bulk).
 */
import * as nexudus from "@userbridge/nexudus/simulator";
import * as onlyoffice from "@userbridge/onlyoffice/simulator";
import * as nerm from "@userbridge/sailpoint-nerm/simulator";
import * as snipeIt from "@userbridge/snipe-it/simulator";
import * as zluri from "@userbridge/zluri/simulator";

export interface SimHandle {
  url: string;
  requests: unknown[];
  exchanges: { status: number }[];
  users: Map<string, unknown>;
  stop(): Promise<void>;
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

export const fleetVendors = ["snipe-it", "zluri", "onlyoffice", "nexudus", "sailpoint-nerm"] as const;

/** A vendor of the fleet. */
export type FleetVendor = (typeof fleetVendors)[number];

export interface SimsOptions {
  size: number;
  /** Per vendor: the simulator's clock speed (rate-limit windows shortened by it). */
  timeScale?: Partial<Record<FleetVendor, number>>;
  rateLimit?: false | { limit: number; windowMs: number };
}

/** The simulators' tokens, as each vendor's client options name them. */
export const simTokens = {
  "snipe-it": { token: snipeIt.SIMULATOR_TOKEN },
  zluri: { apiKey: zluri.SIMULATOR_API_KEY },
  onlyoffice: { token: onlyoffice.SIMULATOR_TOKEN },
  nexudus: { token: nexudus.DEFAULT_TOKEN },
  "sailpoint-nerm": { token: nerm.SIMULATOR_TOKEN },
} as const;

/** Starts every simulator, seeded. */
export async function startSims(options: SimsOptions): Promise<{
  sims: Record<FleetVendor, SimHandle>;
  stop(): Promise<void>;
}> {
  const common = (v: FleetVendor) => ({
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
  const sims = { "snipe-it": s, zluri: z, onlyoffice: o, nexudus: n, "sailpoint-nerm": e } as unknown as Record<
    FleetVendor,
    SimHandle
  >;
  return { sims, stop: async () => void (await Promise.all([s.stop(), z.stop(), o.stop(), n.stop(), e.stop()])) };
}
