import { connectForBulk, type PacingOptions } from "@userbridge/bulk";
import { type ConnectedUsers, connectVendor } from "@userbridge/unified";
import { type Connection, type Connections, clientOptions } from "./config.js";
import { ENV_PREFIX, UsageError, type VendorName } from "./vendors.js";

// biome-ignore lint/suspicious/noExplicitAny: the five facades differ in their change types
export type AnyConnectedUsers = ConnectedUsers<string, any, any, any>;

/**
 * The facade for one configured vendor; `bulk`: through @userbridge/bulk's request gate (paced,
 * counted per row). The vendor's lifecycle adapter where it has one (create, list, delete), else
 * the update-only one. A bad base URL is a usage error naming the vendor, never the token.
 */
export async function openVendor(
  c: Connection,
  bulk = false,
  fetch?: typeof globalThis.fetch,
  pacing?: PacingOptions,
): Promise<AnyConnectedUsers> {
  try {
    const options = { ...clientOptions(c), ...(fetch ? { fetch } : {}) } as never;
    return (await (bulk
      ? connectForBulk(c.vendor, options, { ...pacing, lifecycle: true })
      : connectVendor(c.vendor, options, { lifecycle: true }))) as AnyConnectedUsers;
  } catch (error) {
    throw new UsageError(`${c.vendor} (${c.source}): ${(error as Error).message}`);
  }
}

/** Picks the connection of `vendor`, or says how to configure it. */
export function connectionFor(connections: Connections, vendor: VendorName): Connection {
  const c = connections[vendor];
  if (!c) {
    const p = `USERBRIDGE_${ENV_PREFIX[vendor]}`;
    throw new UsageError(`${vendor}: no connection. Add it to userbridge.config.json or set ${p}_URL and ${p}_TOKEN`);
  }
  return c;
}
