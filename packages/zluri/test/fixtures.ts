/** Users and a simulator per test for the Zluri simulator tests. */
import { simulatorPerTest as perTest } from "../../../test/support/sim-per-test.js";
import { createClient, type User } from "../src/index.js";
import { SIMULATOR_API_KEY, sampleUser, startSimulator } from "../src/simulator.js";

export const ID = "64b7f0c2a1d3e4f5a6b7c8d9";
export const BOB_ID = "64b7f0c2a1d3e4f5a6b7c8dc";
export const DEPT = "64b7f0c2a1d3e4f5a6b7c8db";
export const MANAGER = "64b7f0c2a1d3e4f5a6b7c8da";
export const CF_COUNTRY = "679b613f315ee0a11cb67bd1";
export const CF_FLOOR = "679b613f315ee0a11cb67bd2";

/** Ada, as the simulator's `sampleUser()` (ids ID, DEPT, MANAGER, CF_COUNTRY, CF_FLOOR). */
export const ada = (): User => sampleUser();
export const bob = (): User => ({
  user_id: BOB_ID,
  user_name: "Bob",
  user_email: "bob@example.com",
  user_status: "active",
});

/** Starts a simulator holding Ada and Bob; every one started in a test is stopped after it. */
export const simulatorPerTest = () => perTest(startSimulator, { users: { [ID]: ada(), [BOB_ID]: bob() } });

export const clientFor = (sim: { url: string }, options: { apiKey?: string; maxRetries?: number } = {}) =>
  createClient({ baseUrl: sim.url, apiKey: options.apiKey ?? SIMULATOR_API_KEY, maxRetries: options.maxRetries ?? 0 });
