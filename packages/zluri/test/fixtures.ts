/** Users and a simulator per test for the Zluri simulator tests. */
import { simulatorPerTest as perTest } from "../../../test/support/sim-per-test.js";
import { createClient, type User } from "../src/index.js";
import { SIMULATOR_API_KEY, startSimulator } from "../src/simulator.js";

export const ID = "64b7f0c2a1d3e4f5a6b7c8d9";
export const BOB_ID = "64b7f0c2a1d3e4f5a6b7c8dc";
export const DEPT = "64b7f0c2a1d3e4f5a6b7c8db";
export const MANAGER = "64b7f0c2a1d3e4f5a6b7c8da";
export const CF_COUNTRY = "679b613f315ee0a11cb67bd1";
export const CF_FLOOR = "679b613f315ee0a11cb67bd2";

export const ada = (): User => ({
  user_id: ID,
  user_name: "Ada Lovelace",
  user_email: "ada@example.com",
  user_personal_email: "ada.lovelace@example.org",
  user_department_id: DEPT,
  user_department_name: "Engineering",
  reporting_manager_id: MANAGER,
  user_status: "active",
  user_designation: "Engineer",
  user_account_type: "employee",
  user_archive: false,
  optimization_inclusion: "include for all optimizations",
  primary_source: { keyword: "okta", org_integration_id: "681047a5b5c755b83e0ff982" },
  user_custom_fields: [
    { field_id: CF_COUNTRY, field_name: "Country", field_value: "India" },
    { field_id: CF_FLOOR, field_name: "Floor", field_value: 3 },
  ],
});
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
