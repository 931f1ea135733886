import { connectVendor } from "@userbridge/unified";
import { type Connection, type Connections, clientOptions } from "./config.js";
import type { AnyConnectedUsers } from "./engine.js";
import { UsageError, type VendorName } from "./vendors.js";

/** The facade for one configured vendor (`fetch`: the meter's, to count and pace requests). */
export async function openVendor(c: Connection, fetch?: typeof globalThis.fetch): Promise<AnyConnectedUsers> {
  try {
    const options = clientOptions(c, fetch ? { fetch } : {});
    return (await connectVendor(c.vendor, options as never)) as AnyConnectedUsers;
  } catch (error) {
    // e.g. an http: URL that is not loopback; the message names the vendor, never the token.
    throw new UsageError(`${c.vendor} (${c.source}): ${(error as Error).message}`);
  }
}

/** Picks the connection of `vendor`, or says how to configure it. */
export function connectionFor(connections: Connections, vendor: VendorName): Connection {
  const c = connections[vendor];
  if (!c) {
    throw new UsageError(
      `${vendor}: no connection. Add it to userbridge.config.json or set USERBRIDGE_${vendor.toUpperCase().replace("-", "_")}_URL and _TOKEN`,
    );
  }
  return c;
}
