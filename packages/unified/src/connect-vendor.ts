import type { Adapter } from "./adapter.js";
import { type ConnectedUsers, connect } from "./connect.js";
import type { FieldName } from "./model.js";

/**
 * Adapters by name, loaded on demand (dynamic import through the package's own subpaths, so an
 * app that imports one adapter directly never bundles the others).
 */
const loaders = {
  "snipe-it": () => import("@userbridge/unified/snipe-it").then((m) => m.snipeIt),
  zluri: () => import("@userbridge/unified/zluri").then((m) => m.zluri),
  onlyoffice: () => import("@userbridge/unified/onlyoffice").then((m) => m.onlyoffice),
  nexudus: () => import("@userbridge/unified/nexudus").then((m) => m.nexudus),
  "sailpoint-nerm": () => import("@userbridge/unified/sailpoint-nerm").then((m) => m.sailpointNerm),
};

export type VendorName = keyof typeof loaders;
export const vendorNames = Object.keys(loaders) as VendorName[];

type Factory<N extends VendorName> = Awaited<ReturnType<(typeof loaders)[N]>>;
type Connected<N extends VendorName> =
  ReturnType<Factory<N>> extends Adapter<infer V, infer C extends FieldName, infer Native, infer Raw>
    ? ConnectedUsers<V, C, Native, Raw>
    : never;

/** Connects to a vendor by name, for config-driven callers; an unknown name lists the known ones. */
export async function connectVendor<N extends VendorName>(
  name: N,
  options: Parameters<Factory<N>>[0],
): Promise<Connected<N>> {
  const load = Object.hasOwn(loaders, name) ? loaders[name] : undefined;
  if (!load) {
    throw new TypeError(`Unknown vendor ${JSON.stringify(name)}; known vendors: ${vendorNames.join(", ")}`);
  }
  const factory = (await load()) as (options: unknown) => Parameters<typeof connect>[0];
  return connect(factory(options)) as unknown as Connected<N>;
}
