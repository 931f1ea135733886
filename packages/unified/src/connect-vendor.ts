import type { Adapter } from "./adapter.js";
import { type ConnectedUsers, connect } from "./connect.js";
import type { FieldName } from "./model.js";

/** Each vendor name → its adapter factory (types only: nothing here is bundled). */
interface Factories {
  "snipe-it": typeof import("./adapters/snipe-it.js").snipeIt;
  zluri: typeof import("./adapters/zluri.js").zluri;
  onlyoffice: typeof import("./adapters/onlyoffice.js").onlyoffice;
  nexudus: typeof import("./adapters/nexudus.js").nexudus;
  "sailpoint-nerm": typeof import("./adapters/sailpoint-nerm.js").sailpointNerm;
}

/** The vendor names {@link connectVendor} accepts. */
export type VendorName = keyof Factories;

const EXPORTS: { [N in VendorName]: string } = {
  "snipe-it": "snipeIt",
  zluri: "zluri",
  onlyoffice: "onlyoffice",
  nexudus: "nexudus",
  "sailpoint-nerm": "sailpointNerm",
};
/** Every vendor name {@link connectVendor} accepts, in the order of the packages' list. */
export const vendorNames = /* @__PURE__ */ Object.keys(EXPORTS) as VendorName[];

type Connected<N extends VendorName> =
  ReturnType<Factories[N]> extends Adapter<infer V, infer C extends FieldName, infer Native, infer Raw>
    ? ConnectedUsers<V, C, Native, Raw>
    : never;

/**
 * Connects to a vendor by name, for config-driven callers: the adapter is loaded with a dynamic
 * import of this package's own subpath. The specifier is computed on purpose, so that bundlers
 * leave it alone and an app that imports one adapter directly never carries the other four.
 * An unknown name is a clear error listing the known ones.
 *
 * `how.lifecycle`: connect the vendor's lifecycle adapter (`nexudusLifecycle`, …: create, list and,
 * where the vendor can, delete) when its subpath exports one, else the update-only adapter; the
 * connection's `create`/`list`/`delete` are then there at run time (check for them: the type is the
 * update-only one, as the name is only known at run time).
 */
export async function connectVendor<N extends VendorName>(
  name: N,
  options: Parameters<Factories[N]>[0],
  how: { lifecycle?: boolean } = {},
): Promise<Connected<N>> {
  if (typeof name !== "string" || !Object.hasOwn(EXPORTS, name)) {
    throw new TypeError(`Unknown vendor ${JSON.stringify(name)}; known vendors: ${vendorNames.join(", ")}`);
  }
  const specifier = `@userbridge/unified/${name}`;
  const module = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as Record<string, unknown>;
  const factory = ((how.lifecycle ? module[`${EXPORTS[name]}Lifecycle`] : undefined) ?? module[EXPORTS[name]]) as (
    options: unknown,
  ) => Parameters<typeof connect>[0];
  return connect(factory(options)) as unknown as Connected<N>;
}
