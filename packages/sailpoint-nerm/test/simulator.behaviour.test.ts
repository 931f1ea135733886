/**
 * NERM's traps (shared/vendor-docs/sailpoint-nerm.md, specs/README.md "SailPoint NERM"), one test
 * each, through the public API against the simulator. Each asserts the stored user in `sim.users`:
 * nothing the caller did not mention changed, and every requested change is stored or reported.
 */
import { InvalidInputError, ValidationError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { getUser, type UserUpdate, updateUser } from "../src/index.js";
import { SIMULATOR_TOKEN } from "../src/simulator.js";
import { ada, BOB_ID, bob, clientFor, ID, simulatorPerTest } from "./fixtures.js";

const start = simulatorPerTest();

describe("sailpoint-nerm traps, against the simulator", () => {
  it("the {user} wrapper with the path id repeated: only the mentioned fields change", async () => {
    const sim = await start();
    const user = await updateUser(clientFor(sim), ID, { title: "CTO" });
    expect(sim.requests[0]?.body).toEqual({ user: { id: ID, title: "CTO" } });
    expect(sim.users.get(ID)).toEqual({ ...ada(), title: "CTO" });
    expect(sim.users.get(BOB_ID)).toEqual(bob());
    expect(user).toEqual({ ...sim.users.get(ID), groups: ["Admin_group", "Developer_group"] });
  });

  it("status Pending (missing from the 2023 page) is sent and stored", async () => {
    const sim = await start();
    await updateUser(clientFor(sim), ID, { status: "Pending" });
    expect(sim.users.get(ID)).toEqual({ ...ada(), status: "Pending" });
  });

  it("the removed admin flag, which NERM drops without a word (the simulator does), is refused before sending", async () => {
    const sim = await start();
    // What the client prevents: the simulator answers 200 and stores nothing for `admin`.
    const direct = await fetch(`${sim.url}/users/${ID}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${SIMULATOR_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ user: { id: ID, admin: true } }),
    });
    expect(direct.status).toBe(200);
    expect(sim.users.get(ID)).toEqual(ada());
    const error = await updateUser(clientFor(sim), ID, { admin: true } as unknown as UserUpdate).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "admin", message: "is not a known field" }]);
    expect(sim.requests).toHaveLength(1); // only the direct call
  });

  it("groups are ONE comma-separated string: a list is joined, stored, and read back split and trimmed", async () => {
    const sim = await start();
    const before = await getUser(clientFor(sim), ID);
    expect(before.groups).toEqual(["Admin_group", "Developer_group"]); // stored as "Admin_group, Developer_group"
    const user = await updateUser(clientFor(sim), ID, { groups: ["Ops_group", "Admin_group"] });
    expect(sim.users.get(ID)).toEqual({ ...ada(), group_strings: "Ops_group,Admin_group" });
    expect(user.groups).toEqual(["Ops_group", "Admin_group"]);
  });

  it("a group name NERM could not keep apart (a comma, padding) is refused before sending", async () => {
    const sim = await start();
    await expect(updateUser(clientFor(sim), ID, { groups: ["Dev,Ops", " padded"] })).rejects.toThrow(InvalidInputError);
    expect(sim.requests).toEqual([]);
    expect(sim.users.get(ID)).toEqual(ada());
  });

  it("non-RFC 3339 timestamps are kept as the strings NERM stores", async () => {
    const sim = await start();
    const user = await updateUser(clientFor(sim), ID, { locale: "fr-CA" });
    expect(user.last_login).toBe("Wed, 07 Feb 2024 12:55:20.456682000 EST -05:00");
    expect(user.cookies_accepted_at).toBe(ada().cookies_accepted_at);
    expect(sim.users.get(ID)).toEqual({ ...ada(), locale: "fr-CA" });
  });

  it("plain strings per the vendor spec: a locale like en_US is sent and stored as given", async () => {
    const sim = await start();
    await updateUser(clientFor(sim), ID, { locale: "en_US", login: "ada.l" });
    expect(sim.users.get(ID)).toEqual({ ...ada(), locale: "en_US", login: "ada.l" });
  });

  it("NERM's own refusal (400 {errors: {attribute: message}}) is reported per field and changes nothing", async () => {
    const sim = await start();
    const error = await updateUser(clientFor(sim), ID, { name: " ", title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "name", message: "can't be blank" }]);
    expect(sim.users.get(ID)).toEqual(ada());
  });

  it("ids are UUIDs: a malformed one is refused before sending", async () => {
    const sim = await start();
    await expect(updateUser(clientFor(sim), "db6f8e8b", { title: "CTO" })).rejects.toThrow(InvalidInputError);
    await expect(getUser(clientFor(sim), "db6f8e8b")).rejects.toThrow(InvalidInputError);
    expect(sim.requests).toEqual([]);
  });

  it("every writable field at once is stored", async () => {
    const sim = await start();
    const changes = {
      name: "Ada King",
      email: "ada.king@example.com",
      type: "NeaccessUser",
      profile_id: "5c3e2f10-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
      title: "Countess",
      status: "Disabled",
      login: "ada.king",
      group_strings: "Nobility_group",
      locale: "en-GB",
      sailpoint_identity_id: "2c9180857d3a1f2e017d3c5b6a8e0042",
    } as const;
    await updateUser(clientFor(sim), ID, changes);
    expect(sim.users.get(ID)).toEqual({ ...ada(), ...changes });
  });

  it("throttling (inferred 429 + Retry-After) is waited out and the change is stored once", async () => {
    const sim = await start({ rateLimit: { limit: 1, windowMs: 1_000 } });
    const client = clientFor(sim, { maxRetries: 2 });
    await getUser(client, BOB_ID);
    await updateUser(client, ID, { title: "CTO" });
    expect(sim.exchanges.map((e) => `${e.operationId} ${e.status}`)).toEqual([
      "getUser 200",
      "updateUser 429",
      "updateUser 200",
    ]);
    expect(sim.users.get(ID)).toEqual({ ...ada(), title: "CTO" });
  });
});
