/**
 * The five vendor simulators as `pnpm demo` and `pnpm simulate` use them: how to start each one
 * seeded with its `sampleUser()`, the credential it accepts, and the seeded user's id.
 */
import type { Simulator } from "@userbridge/core/simulator";
import * as nexudus from "@userbridge/nexudus/simulator";
import * as onlyoffice from "@userbridge/onlyoffice/simulator";
import * as nerm from "@userbridge/sailpoint-nerm/simulator";
import * as snipeIt from "@userbridge/snipe-it/simulator";
import * as zluri from "@userbridge/zluri/simulator";

export type Json = Record<string, unknown>;

/** One vendor simulator, seeded with one user. */
export interface SeededSimulator {
  vendor: string;
  /** The seeded user as the simulator holds it (vendor field names). */
  seed(): Json;
  /** The seeded user's id (the key in `sim.users`). */
  id: string;
  /** The credential the simulator accepts, as the request must carry it. */
  credential: string;
  /** The client option that carries it, for `connect(<adapter>({ baseUrl: sim.url, … }))`. */
  clientOption: string;
  /** Starts it (the vendor's rate limit on) seeded with `seed()`. */
  start(): Promise<Simulator<unknown>>;
}

const seeded = <U>(
  vendor: string,
  sampleUser: () => U,
  idOf: (u: U) => string,
  start: (options: { users: Record<string, U> }) => Promise<Simulator<U>>,
  credential: string,
  clientOption: string,
): SeededSimulator => {
  const id = idOf(sampleUser());
  return {
    vendor,
    seed: () => sampleUser() as Json,
    id,
    credential,
    clientOption,
    start: async () => (await start({ users: { [id]: sampleUser() } })) as Simulator<unknown>,
  };
};

export const simulators: SeededSimulator[] = [
  seeded(
    "snipe-it",
    snipeIt.sampleUser,
    (u) => String(u.id),
    snipeIt.startSimulator,
    `Authorization: Bearer ${snipeIt.SIMULATOR_TOKEN}`,
    `token: "${snipeIt.SIMULATOR_TOKEN}"`,
  ),
  seeded(
    "zluri",
    zluri.sampleUser,
    (u) => String(u.user_id),
    zluri.startSimulator,
    `api-key: ${zluri.SIMULATOR_TOKEN}`,
    `apiKey: "${zluri.SIMULATOR_TOKEN}"`,
  ),
  seeded(
    "onlyoffice",
    onlyoffice.sampleUser,
    (u) => String(u.id),
    onlyoffice.startSimulator,
    `Authorization: ${onlyoffice.SIMULATOR_TOKEN} (no scheme word)`,
    `token: "${onlyoffice.SIMULATOR_TOKEN}"`,
  ),
  seeded(
    "nexudus",
    nexudus.sampleUser,
    (u) => String(u.Id),
    nexudus.startSimulator,
    `Authorization: Bearer ${nexudus.SIMULATOR_TOKEN}, or HTTP Basic ${nexudus.DEFAULT_LOGIN.username} / ${nexudus.DEFAULT_LOGIN.password}`,
    `token: "${nexudus.SIMULATOR_TOKEN}"`,
  ),
  seeded(
    "sailpoint-nerm",
    nerm.sampleUser,
    (u) => u.id,
    nerm.startSimulator,
    `Authorization: Bearer ${nerm.SIMULATOR_TOKEN}`,
    `token: "${nerm.SIMULATOR_TOKEN}"`,
  ),
];

/** Starts one simulator and measures how long it took to listen. */
export async function startTimed(s: SeededSimulator): Promise<{ sim: Simulator<unknown>; startMs: number }> {
  const started = performance.now();
  const sim = await s.start();
  return { sim, startMs: Math.round((performance.now() - started) * 10) / 10 };
}
