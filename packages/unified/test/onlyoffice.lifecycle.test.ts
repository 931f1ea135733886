/**
 * `onlyofficeLifecycle` on the ONLYOFFICE simulator: create → list (found, over ≥ 3 pages) →
 * update → delete, where the delete of an active user is an ActiveUserError until
 * `deactivateFirst`, and the dry runs send no write.
 */
import { InvalidInputError, NotFoundError } from "@userbridge/core";
import { type SimUser, startSimulator } from "@userbridge/onlyoffice/simulator";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import { onlyofficeLifecycle } from "../src/adapters/onlyoffice.js";
import { connect } from "../src/index.js";

const start = simulatorPerTest(startSimulator, { rateLimit: false });
const isWrite = (r: { method: string }) => r.method !== "GET";

describe("onlyofficeLifecycle on the simulator", () => {
  it("create, list, update, delete (deactivateFirst), with dry runs", async () => {
    const sim = await start({ users: [] as [string, SimUser][] });
    const users = connect(onlyofficeLifecycle({ baseUrl: sim.url, token: "oo-sim-token-7c503dfb", maxRetries: 0 }));
    for (let i = 0; i < 6; i++) await users.create({ givenName: "U", familyName: `N${i}`, email: `u${i}@example.com` });
    const plan = await users.planCreate({ givenName: "Grace", familyName: "Hopper", email: "grace@example.com" });
    expect(plan.writes.map((w) => w.method)).toEqual(["POST"]);
    const grace = await users.create({
      givenName: "Grace",
      familyName: "Hopper",
      email: "grace@example.com",
      title: "RADM",
    });
    expect(grace).toMatchObject({ givenName: "Grace", familyName: "Hopper", email: "grace@example.com", active: true });
    const before = sim.requests.length;
    const listed = [];
    for await (const u of users.list({ pageSize: 2 })) listed.push(u.id);
    expect(listed).toHaveLength(7);
    expect(listed).toContain(grace.id);
    expect(sim.requests.length - before).toBeGreaterThanOrEqual(3);
    const found = [];
    for await (const u of users.list({ email: "GRACE@example.com" })) found.push(u.id);
    expect(found).toEqual([grace.id]);
    await users.update(grace.id, { title: "Rear Admiral" });

    const writes = sim.requests.filter(isWrite).length;
    await expect(users.delete(grace.id)).rejects.toBeInstanceOf(InvalidInputError); // ActiveUserError
    await expect(users.planDelete(grace.id)).rejects.toThrow(/not terminated/);
    const dry = await users.planDelete(grace.id, { deactivateFirst: true });
    expect(dry.writes.map((w) => `${w.method} ${w.url.replace(sim.url, "")}`)).toEqual([
      "PUT /api/2.0/people/status/Terminated",
      `DELETE /api/2.0/people/${grace.id}`,
    ]);
    expect(sim.requests.filter(isWrite).length).toBe(writes); // nothing written by the refusals and dry runs
    await users.delete(grace.id, { deactivateFirst: true });
    await expect(users.get(grace.id)).rejects.toBeInstanceOf(NotFoundError);
    const terminated = [];
    for await (const u of users.list({ active: false })) terminated.push(u.id);
    expect(terminated).toEqual([]);
  });
});
