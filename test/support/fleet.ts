/**
 * The vendor simulators side by side, each seeded with `size` users (user<i>@example.com), and a
 * bulk connection to each (requests gated by @userbridge/bulk). For the bulk tests and bench.
 */
import { type BulkConnection, gated } from "@userbridge/bulk";
import { connect, type VendorName } from "@userbridge/unified";
import { nexudus as nexudusAdapter } from "@userbridge/unified/nexudus";
import { onlyoffice as onlyofficeAdapter } from "@userbridge/unified/onlyoffice";
import { sailpointNerm } from "@userbridge/unified/sailpoint-nerm";
import { snipeIt as snipeItAdapter } from "@userbridge/unified/snipe-it";
import { zluri as zluriAdapter } from "@userbridge/unified/zluri";
import { type fleetVendors, type SimHandle, simTokens, startSims } from "./sims.js";

export { email, fleetVendors, type SimHandle, vendorIds } from "./sims.js";

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
  record?: (vendor: VendorName, response: Response) => void;
}

/** Starts every simulator and connects to each. */
export async function startFleet(options: FleetOptions): Promise<{
  sims: Partial<Record<VendorName, SimHandle>>;
  connections: Record<(typeof fleetVendors)[number], BulkConnection>;
  stop(): Promise<void>;
}> {
  const started = await startSims(options);
  const { "snipe-it": s, zluri: z, onlyoffice: o, nexudus: n, "sailpoint-nerm": e } = started.sims;
  const retries = options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries };
  const recorder =
    (vendor: VendorName): typeof fetch =>
    async (input, init) => {
      const response = await fetch(input, init);
      options.record?.(vendor, response);
      return response;
    };
  const wrap = <C extends object>(vendor: VendorName, make: (fetch: typeof globalThis.fetch) => C): C =>
    options.gate === false ? make(recorder(vendor)) : gated(vendor, make, recorder(vendor));
  const connections = {
    "snipe-it": wrap("snipe-it", (fetch) =>
      connect(snipeItAdapter({ baseUrl: s.url, ...simTokens["snipe-it"], fetch, ...retries })),
    ),
    zluri: wrap("zluri", (fetch) => connect(zluriAdapter({ baseUrl: z.url, ...simTokens.zluri, fetch, ...retries }))),
    onlyoffice: wrap("onlyoffice", (fetch) =>
      connect(onlyofficeAdapter({ baseUrl: o.url, ...simTokens.onlyoffice, fetch, ...retries })),
    ),
    nexudus: wrap("nexudus", (fetch) =>
      connect(nexudusAdapter({ baseUrl: n.url, ...simTokens.nexudus, fetch, ...retries })),
    ),
    "sailpoint-nerm": wrap("sailpoint-nerm", (fetch) =>
      connect(sailpointNerm({ baseUrl: e.url, ...simTokens["sailpoint-nerm"], fetch, ...retries })),
    ),
  };
  const sims = started.sims as Partial<Record<VendorName, SimHandle>>;
  return {
    sims,
    connections,
    stop: started.stop,
  };
}
