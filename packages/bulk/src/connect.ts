import { connectVendor, type VendorName } from "@userbridge/unified";
import { gatedConnections } from "./apply.js";
import { Gate, type GateOptions } from "./gate.js";
import { documentedLimits } from "./limits.js";

type Fetch = typeof globalThis.fetch;

/** How a gated connection is paced: the schedule's home (default: this process) and its failures. */
export type PacingOptions = Pick<GateOptions, "pacer" | "onPacerError">;

const newGate = (vendor: VendorName, base: Fetch | undefined, pacing: PacingOptions = {}) =>
  new Gate(vendor, { perMinute: documentedLimits[vendor].perMinute, ...(base ? { fetch: base } : {}), ...pacing });

/**
 * A connection whose vendor client sends through a rate gate: `make` receives the `fetch` to pass
 * as the client option. `applyChanges` then paces every HTTP request (retries and read-merge-write
 * reads included), counts them per row and slows down on a throttle answer. (A plain connection
 * works too, paced per call instead of per request.)
 *
 *     const users = gated("zluri", (fetch) => connect(zluri({ apiKey, fetch })));
 *
 * `pacing.pacer` shares the schedule with other processes (`@userbridge/bulk/redis`).
 */
export function gated<C extends object>(
  vendor: VendorName,
  make: (fetch: Fetch) => C,
  base?: Fetch,
  pacing?: PacingOptions,
): C {
  const gate = newGate(vendor, base, pacing);
  const connection = make(gate.fetch);
  gatedConnections.set(connection, gate);
  return connection;
}

/**
 * `connectVendor` (config-driven: the adapter is loaded by name) with the client's requests gated.
 * `pacing.lifecycle`: the vendor's lifecycle adapter (rows with `action: "create"`/`"delete"`, and
 * `list`); `pacing.perMinute`: another rate than the documented limit (a run of `applyChanges` sets
 * its own `rates`; this one is for calls outside a run, e.g. a paced `list`).
 */
export function connectForBulk<N extends VendorName>(
  name: N,
  options: Parameters<typeof connectVendor<N>>[1],
  pacing?: PacingOptions & Partial<Pick<GateOptions, "perMinute" | "onEvent">> & { lifecycle?: boolean },
): ReturnType<typeof connectVendor<N>> {
  const base = (options as { fetch?: Fetch }).fetch;
  const { lifecycle, ...rest } = pacing ?? {};
  const gate = newGate(name, base, rest);
  return connectVendor(name, { ...options, fetch: gate.fetch }, { lifecycle: !!lifecycle }).then((connection) => {
    gatedConnections.set(connection, gate);
    return connection;
  });
}
