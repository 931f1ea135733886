/**
 * Zluri's traps (shared/vendor-docs/zluri.md, specs/README.md "Zluri"), one test each, through the
 * public API against the simulator. Each asserts the stored user in `sim.users`: nothing the caller
 * did not mention changed, and every requested change is stored or reported.
 */
import { AuthenticationError, InvalidInputError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { getUser, type User, type UserUpdate, updateUser } from "../src/index.js";
import { SIMULATOR_API_KEY } from "../src/simulator.js";
import { ada, BOB_ID, bob, CF_COUNTRY, CF_FLOOR, clientFor, ID, MANAGER, simulatorPerTest } from "./fixtures.js";

const start = simulatorPerTest();

describe("zluri traps, against the simulator", () => {
  it("inferred PATCH: only the mentioned fields change; the undocumented answer leads to a re-read of the stored user", async () => {
    const sim = await start();
    const user = await updateUser(clientFor(sim), ID, { user_designation: "CTO", user_status: "inactive" });
    expect(sim.users.get(ID)).toEqual({ ...ada(), user_designation: "CTO", user_status: "inactive" });
    expect(sim.users.get(BOB_ID)).toEqual(bob());
    expect(user).toEqual(sim.users.get(ID));
    // {message} alone (default answer): one PATCH, then the filtered list to read the user back.
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`PATCH /users/${ID}`, "POST /users"]);
  });

  it("an answer that carries the user is returned as is, with no re-read", async () => {
    const sim = await start({ updateAnswer: "user" });
    const user = await updateUser(clientFor(sim), ID, { user_archive: true });
    expect(sim.users.get(ID)).toEqual({ ...ada(), user_archive: true });
    expect(user).toEqual(sim.users.get(ID));
    expect(sim.requests).toHaveLength(1);
  });

  it("every documented field at once is stored, and custom fields not sent are kept", async () => {
    const sim = await start();
    const changes: UserUpdate = {
      user_name: "Ada King",
      user_email: "ada.king@example.com",
      user_personal_email: "ada@example.net",
      user_department_id: "64b7f0c2a1d3e4f5a6b7c8ee",
      user_status: "suspended",
      reporting_manager_id: "64b7f0c2a1d3e4f5a6b7c8ef",
      user_designation: "Countess",
      user_account_type: "external",
      user_archive: true,
      optimization_inclusion: "exclude for undeprovisioned",
      primary_source: { keyword: "manual" },
      user_custom_fields: [{ field_id: CF_COUNTRY, field_value: "UK" }],
    };
    await updateUser(clientFor(sim), ID, changes);
    expect(sim.users.get(ID)).toEqual({
      ...ada(),
      ...changes,
      // Custom fields merge by field_id in the simulator (inferred): Floor, not sent, stays.
      user_custom_fields: [
        { field_id: CF_COUNTRY, field_name: "Country", field_value: "UK" },
        { field_id: CF_FLOOR, field_name: "Floor", field_value: 3 },
      ],
    });
  });

  it("optimization_inclusion: the values with spaces are sent and stored exactly", async () => {
    const sim = await start();
    await updateUser(clientFor(sim), ID, { optimization_inclusion: "exclude for all optimizations" });
    expect(sim.requests[0]?.body).toEqual({ optimization_inclusion: "exclude for all optimizations" });
    expect(sim.users.get(ID)).toEqual({ ...ada(), optimization_inclusion: "exclude for all optimizations" });
  });

  it("the key goes in the `api-key` header; a wrong key is an AuthenticationError and changes nothing", async () => {
    const sim = await start();
    const error = await updateUser(clientFor(sim, { apiKey: "not-the-key" }), ID, { user_name: "X" }).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "The API key is invalid" }]);
    expect(sim.users.get(ID)).toEqual(ada());
    await updateUser(clientFor(sim), ID, { user_name: "Y" });
    const headers = sim.requests[1]?.headers ?? {};
    expect(headers["api-key"]).toBeDefined();
    expect(headers["api-key"]).not.toContain(SIMULATOR_API_KEY);
    expect(headers.authorization).toBeUndefined();
    expect(sim.users.get(ID)).toEqual({ ...ada(), user_name: "Y" });
  });

  it("ObjectIds: a malformed path id or *_id is refused before sending, every problem named", async () => {
    const sim = await start();
    const error = await updateUser(clientFor(sim), "64b7f0c2", {
      user_department_id: "eng",
      reporting_manager_id: MANAGER,
      user_custom_fields: [{ field_id: "country", field_value: "UK" }],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["user_id", "user_department_id", "user_custom_fields.0.field_id"]),
    );
    expect(sim.requests).toEqual([]);
    expect(sim.users.get(ID)).toEqual(ada());
  });

  it("primary_source needs its keyword: refused before sending; with it, the object is stored", async () => {
    const sim = await start();
    const missing = { primary_source: { org_integration_id: "681047a5b5c755b83e0ff982" } } as unknown as UserUpdate;
    await expect(updateUser(clientFor(sim), ID, missing)).rejects.toThrow(InvalidInputError);
    expect(sim.requests).toEqual([]);
    await updateUser(clientFor(sim), ID, { primary_source: { keyword: "slack" } });
    expect(sim.users.get(ID)).toEqual({ ...ada(), primary_source: { keyword: "slack" } });
  });

  it("an unknown field, which Zluri may drop without a word (the simulator does), is refused before sending", async () => {
    const sim = await start();
    // What the client prevents: the simulator answers 200 and stores nothing for the unknown field.
    const direct = await fetch(`${sim.url}/users/${ID}`, {
      method: "PATCH",
      headers: { "api-key": SIMULATOR_API_KEY, "content-type": "application/json" },
      body: JSON.stringify({ user_title: "CTO" }),
    });
    expect(direct.status).toBe(200);
    expect(sim.users.get(ID)).toEqual(ada());
    const error = await updateUser(clientFor(sim), ID, { user_title: "CTO" } as unknown as UserUpdate).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "user_title", message: "is not a known field" }]);
    expect(sim.requests).toHaveLength(1); // only the direct call
  });

  it("no 'get one user': the user is read through the list filtered on user_id (ids compared case-insensitively)", async () => {
    const sim = await start();
    expect(await getUser(clientFor(sim), BOB_ID)).toEqual(bob());
    expect(await getUser(clientFor(sim), ID.toUpperCase())).toEqual(ada());
    expect(sim.requests.map((r) => r.body)).toEqual([
      { filter_by: [{ field_id: "user_id", field_values: [BOB_ID] }] },
      { filter_by: [{ field_id: "user_id", field_values: [ID.toUpperCase()] }] },
    ]);
  });

  it("100 requests per minute: a 429's retry-after is waited out and the change is stored once", async () => {
    const sim = await start({ rateLimit: { limit: 1, windowMs: 1_000 } });
    const client = clientFor(sim, { maxRetries: 2 });
    await getUser(client, BOB_ID); // takes the only slot
    const before = Date.now();
    await updateUser(client, ID, { user_name: "Ada Byron" });
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
    // The PATCH and its re-read each meet the limit once and are retried after retry-after.
    expect(sim.exchanges.map((e) => `${e.operationId} ${e.status}`)).toEqual([
      "listUsers 200",
      "updateUser 429",
      "updateUser 200",
      "listUsers 429",
      "listUsers 200",
    ]);
    expect(sim.exchanges[1]?.body).toMatchObject({ code: "RATE_LIMIT_EXCEEDED" });
    expect(sim.users.get(ID)).toEqual({ ...ada(), user_name: "Ada Byron" } satisfies User);
  });
});
