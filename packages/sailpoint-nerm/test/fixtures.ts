/** Users and a simulator per test for the NERM simulator tests. */
import { simulatorPerTest as perTest } from "../../../test/support/sim-per-test.js";
import { createClient } from "../src/index.js";
import { SIMULATOR_TOKEN, sampleUser, startSimulator } from "../src/simulator.js";

export const ID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";
export const BOB_ID = "3f1c9a52-8d7e-4b60-9a1f-2c4e6b8d0a13";

/** Ada as NERM returns her (the vendor spec's example shapes: non-RFC 3339 timestamps, a space after the comma). */
export const ada = () => sampleUser();
export const bob = () => ({
  id: BOB_ID,
  uid: "bob",
  name: "Bob",
  email: "bob@example.com",
  status: "Pending" as const,
});

/** Starts a simulator holding Ada and Bob; every one started in a test is stopped after it. */
export const simulatorPerTest = () => perTest(startSimulator, { users: { [ID]: ada(), [BOB_ID]: bob() } });

export const clientFor = (sim: { url: string }, options: { token?: string; maxRetries?: number } = {}) =>
  createClient({ baseUrl: sim.url, token: options.token ?? SIMULATOR_TOKEN, maxRetries: options.maxRetries ?? 0 });
