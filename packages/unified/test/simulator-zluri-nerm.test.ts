/**
 * The facade over the Zluri and NERM simulators: a normalized update changes exactly the vendor
 * fields it maps to (asserted on the simulator's stored user), and nothing is sent for a change
 * the vendor package refuses.
 */
import { InvalidInputError, UnsupportedFieldError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { SIMULATOR_TOKEN } from "../../sailpoint-nerm/src/simulator.js";
import * as nerm from "../../sailpoint-nerm/test/fixtures.js";
import { SIMULATOR_API_KEY } from "../../zluri/src/simulator.js";
import * as zl from "../../zluri/test/fixtures.js";
import { sailpointNerm } from "../src/adapters/sailpoint-nerm.js";
import { zluri } from "../src/adapters/zluri.js";
import { connect } from "../src/index.js";

const startZluri = zl.simulatorPerTest();
const startNerm = nerm.simulatorPerTest();

describe("the facade over the Zluri simulator", () => {
  it("maps title, active and managerId onto user_designation, user_status and reporting_manager_id, and nothing else", async () => {
    const sim = await startZluri();
    const users = connect(zluri({ baseUrl: sim.url, apiKey: SIMULATOR_API_KEY, maxRetries: 0 }));
    const manager = "64b7f0c2a1d3e4f5a6b7c8ff";
    const user = await users.update(zl.ID, { title: "CTO", active: false, managerId: manager });
    expect(sim.users.get(zl.ID)).toEqual({
      ...zl.ada(),
      user_designation: "CTO",
      user_status: "inactive",
      reporting_manager_id: manager,
    });
    expect(user).toMatchObject({ id: zl.ID, title: "CTO", active: false, managerId: manager });
  });

  it("refuses a field Zluri cannot set, and a malformed department id, before sending", async () => {
    const sim = await startZluri();
    const users = connect(zluri({ baseUrl: sim.url, apiKey: SIMULATOR_API_KEY, maxRetries: 0 }));
    await expect(users.update(zl.ID, { username: "ada" } as never)).rejects.toThrow(UnsupportedFieldError);
    await expect(users.update(zl.ID, { departmentId: "engineering" })).rejects.toThrow(InvalidInputError);
    expect(sim.requests).toEqual([]);
    expect(sim.users.get(zl.ID)).toEqual(zl.ada());
  });
});

describe("the facade over the NERM simulator", () => {
  it("maps title, username, locale and active onto title, login, locale and status, and nothing else", async () => {
    const sim = await startNerm();
    const users = connect(sailpointNerm({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 0 }));
    const user = await users.update(nerm.ID, { title: "CTO", username: "ada.l", locale: "fr-CA", active: false });
    expect(sim.requests[0]?.body).toEqual({
      user: { id: nerm.ID, title: "CTO", login: "ada.l", locale: "fr-CA", status: "Disabled" },
    });
    expect(sim.users.get(nerm.ID)).toEqual({
      ...nerm.ada(),
      title: "CTO",
      login: "ada.l",
      locale: "fr-CA",
      status: "Disabled",
    });
    expect(user).toMatchObject({ id: nerm.ID, title: "CTO", username: "ada.l", locale: "fr-CA", active: false });
  });

  it("reports NERM's refusal of a blank display name per field, and stores nothing", async () => {
    const sim = await startNerm();
    const users = connect(sailpointNerm({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 0 }));
    const error = await users.update(nerm.ID, { displayName: "", title: "CTO" }).catch((e) => e);
    expect(error.issues).toEqual([{ path: "name", message: "can't be blank" }]);
    expect(sim.users.get(nerm.ID)).toEqual(nerm.ada());
  });
});
