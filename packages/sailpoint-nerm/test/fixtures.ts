/** Users and a simulator per test for the NERM simulator tests. */
import { simulatorPerTest as perTest } from "../../../test/support/sim-per-test.js";
import { createClient } from "../src/index.js";
import { SIMULATOR_TOKEN, startSimulator } from "../src/simulator.js";

export const ID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";
export const BOB_ID = "3f1c9a52-8d7e-4b60-9a1f-2c4e6b8d0a13";

/** Ada as NERM returns her (the vendor spec's example shapes: non-RFC 3339 timestamps, a space after the comma). */
export const ada = () => ({
  id: ID,
  uid: "ada",
  name: "Ada Lovelace",
  email: "ada@example.com",
  type: "NeprofileUser" as const,
  title: "Engineer",
  status: "Active" as const,
  login: "ada",
  last_login: "Wed, 07 Feb 2024 12:55:20.456682000 EST -05:00",
  cookies_accepted_at: "Wed, 07 Feb 2024 12:50:02 EST -05:00",
  preferred_language: "en-US",
  locale: "en-US",
  group_strings: "Admin_group, Developer_group",
  sailpoint_identity_id: "9496f8d6ddab49c0bef1e9ee6f1b835a",
});
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
