/** Test helpers over the simulator: a simulator per test (stopped after it) and sample users. */
import type { Simulator } from "@userbridge/core/simulator";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import { createClient } from "../src/index.js";
import { type OnlyofficeSimulatorOptions, type SimUser, sampleUser, startSimulator } from "../src/simulator.js";

export const ADA = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
export const GRACE = "2d4f6a8c-1b3e-4d5f-8a7c-9e0b1c2d3e4f";
export const LEAD = "0b1e3f7c-52c4-4d6e-9a0b-2f8c6d4e1a37";
export const ENGINEERING = { id: "3fa85f64-5717-4562-b3fc-2c963f66afa6", name: "Engineering", manager: null };
export const RESEARCH = { id: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", name: "Research", manager: null };

/** A user as the read returns it (the simulator's `sampleUser()`: an Active full user with a lead, contacts and a group). */
export function person(overrides: Partial<SimUser> = {}): SimUser {
  return { ...sampleUser(), ...overrides };
}

/** Starts a simulator for one test (no rate limit, the sample groups); stopped after it. */
export const simPerTest = () =>
  simulatorPerTest<OnlyofficeSimulatorOptions, Simulator<SimUser>>(startSimulator, {
    rateLimit: false,
    groups: [ENGINEERING, RESEARCH],
  });

/** A package client on the simulator (its default token, no retries). */
export const clientOf = (sim: { url: string }) =>
  createClient({ baseUrl: sim.url, token: "oo-sim-token-7c503dfb", maxRetries: 0 });

/** The writes the simulator received, as "METHOD path". */
export const writesOf = (sim: Simulator<SimUser>) =>
  sim.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.url}`);
