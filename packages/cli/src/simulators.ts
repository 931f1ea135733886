/**
 * The five vendor simulators (`@userbridge/<vendor>/simulator`) started side by side, each seeded
 * with Ada Lovelace (and, for bulk runs, `count` more users `user<i>@example.com`), with the
 * environment variables that point the CLI at them. Node-only; for `userbridge simulate`, the demo,
 * the tests and the bench.
 */
import type { Simulator } from "@userbridge/core/simulator";
import {
  DEFAULT_TOKEN as NEXUDUS_TOKEN,
  startSimulator as nexudus,
  sampleUser as nexudusSample,
} from "@userbridge/nexudus/simulator";
import {
  SIMULATOR_TOKEN as ONLYOFFICE_TOKEN,
  startSimulator as onlyoffice,
  sampleUser as onlyofficeSample,
} from "@userbridge/onlyoffice/simulator";
import {
  SIMULATOR_TOKEN as NERM_TOKEN,
  startSimulator as nerm,
  sampleUser as nermSample,
} from "@userbridge/sailpoint-nerm/simulator";
import {
  SIMULATOR_TOKEN as SNIPE_TOKEN,
  startSimulator as snipeIt,
  snipeItRecord,
} from "@userbridge/snipe-it/simulator";
import {
  SIMULATOR_API_KEY as ZLURI_KEY,
  startSimulator as zluri,
  sampleUser as zluriSample,
} from "@userbridge/zluri/simulator";
import { ENV_PREFIX, type VendorName, vendorNames } from "./vendors.js";

export interface SeedPerson {
  index: number;
  givenName: string;
  familyName: string;
  email: string;
}

/** Person `i`: 0 is Ada Lovelace, the others user<i>. */
export function person(i: number): SeedPerson {
  return i === 0
    ? { index: 0, givenName: "Ada", familyName: "Lovelace", email: "ada@example.com" }
    : { index: i, givenName: "User", familyName: `Number${i}`, email: `user${i}@example.com` };
}

const hex = (i: number, width: number) => i.toString(16).padStart(width, "0");

/** Each vendor's id for person `i` (in the vendor's own id format). */
export const seedId: Record<VendorName, (i: number) => string> = {
  "snipe-it": (i) => String(1000 + i),
  zluri: (i) => `64b7f0c2${hex(i, 16)}`,
  onlyoffice: (i) => `8e3b7b64-9d7f-4b1a-9b0d-${hex(i, 12)}`,
  nexudus: (i) => String(10_000 + i),
  "sailpoint-nerm": (i) => `db6f8e8b-65c2-47d5-a0db-${hex(i, 12)}`,
};

/** Person `i` as the vendor's read returns it: the vendor's realistic sample record with this person's id, name and email. */
const record: Record<VendorName, (p: SeedPerson) => unknown> = {
  "snipe-it": (p) =>
    snipeItRecord({
      id: Number(seedId["snipe-it"](p.index)),
      first_name: p.givenName,
      last_name: p.familyName,
      username: p.email.split("@")[0] as string,
      email: p.email,
      jobtitle: "Engineer",
      activated: true,
    }),
  zluri: (p) => ({
    ...zluriSample(),
    user_id: seedId.zluri(p.index),
    user_name: `${p.givenName} ${p.familyName}`,
    user_email: p.email,
  }),
  onlyoffice: (p) => ({
    ...onlyofficeSample(),
    id: seedId.onlyoffice(p.index),
    displayName: `${p.givenName} ${p.familyName}`,
    firstName: p.givenName,
    lastName: p.familyName,
    userName: p.email.split("@")[0],
    email: p.email,
  }),
  nexudus: (p) => ({
    ...nexudusSample(),
    Id: Number(seedId.nexudus(p.index)),
    FullName: `${p.givenName} ${p.familyName}`,
    Email: p.email,
  }),
  "sailpoint-nerm": (p) => ({
    ...nermSample(),
    id: seedId["sailpoint-nerm"](p.index),
    uid: p.email.split("@")[0],
    name: `${p.givenName} ${p.familyName}`,
    email: p.email,
    login: p.email.split("@")[0],
  }),
};

/** The credential each simulator accepts by default (documented test values, not secrets). */
export const simulatorToken: Record<VendorName, string> = {
  "snipe-it": SNIPE_TOKEN,
  zluri: ZLURI_KEY,
  onlyoffice: ONLYOFFICE_TOKEN,
  nexudus: NEXUDUS_TOKEN,
  "sailpoint-nerm": NERM_TOKEN,
};

// biome-ignore lint/suspicious/noExplicitAny: each starter takes its vendor's own record type
type Starter = (options: any) => Promise<Simulator<unknown>>;
const starters: Record<VendorName, Starter> = {
  "snipe-it": snipeIt,
  zluri,
  onlyoffice,
  nexudus,
  "sailpoint-nerm": nerm,
};

/** One running simulator, with what the CLI needs to reach it. */
export interface StartedSimulator {
  vendor: VendorName;
  sim: Simulator<unknown>;
  url: string;
  token: string;
  /** `USERBRIDGE_<VENDOR>_URL` and `_TOKEN` for the CLI. */
  env: Record<string, string>;
}

/** Options of {@link startSimulators}. */
export interface SimulatorsOptions {
  /** Users besides Ada (person 1…count). Default 0. */
  count?: number;
  /** Passed to every simulator: `false` turns the limits off. Default: the vendor's documented limit. */
  rateLimit?: false;
  /** Speeds the simulated clock (rate-limit windows last windowMs / timeScale), for all or per vendor. */
  timeScale?: number | Partial<Record<VendorName, number>>;
  /** Fault injection per vendor (the simulator kit's `fail`): e.g. `{ status: 500, times: 1000 }`. */
  fail?: Partial<Record<VendorName, { status: number; times?: number }>>;
  /** Delay (wall-clock ms) before every answer, every vendor. */
  latencyMs?: number;
}

/** Starts the simulators of `vendors` (default all five), each seeded with Ada Lovelace and `count` more users. */
export async function startSimulators(
  vendors: readonly VendorName[] = vendorNames,
  options: SimulatorsOptions = {},
): Promise<StartedSimulator[]> {
  const people = Array.from({ length: (options.count ?? 0) + 1 }, (_, i) => person(i));
  return Promise.all(
    vendors.map(async (vendor) => {
      const users = people.map((p) => [seedId[vendor](p.index), record[vendor](p)] as const);
      const timeScale = typeof options.timeScale === "number" ? options.timeScale : options.timeScale?.[vendor];
      const sim = await starters[vendor]({
        users,
        ...(options.rateLimit === false ? { rateLimit: false } : {}),
        ...(timeScale ? { timeScale } : {}),
        ...(options.fail?.[vendor] ? { fail: options.fail[vendor] } : {}),
        ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
      });
      const prefix = `USERBRIDGE_${ENV_PREFIX[vendor]}`;
      const token = simulatorToken[vendor];
      return { vendor, sim, url: sim.url, token, env: { [`${prefix}_URL`]: sim.url, [`${prefix}_TOKEN`]: token } };
    }),
  );
}
