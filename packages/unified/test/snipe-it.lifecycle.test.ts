/**
 * The facade's lifecycle verbs for Snipe-IT against its simulator: create → list (across ≥ 3
 * pages) → update → delete, a create whose answer was lost (one user), the normalized filters,
 * the typed refusal of a delete, and the dry runs.
 */
import { collect, InvalidInputError } from "@userbridge/core/internal";
import type { SimRequest } from "@userbridge/core/simulator";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import { UserStillAssignedError } from "../../snipe-it/src/index.js";
import { SIMULATOR_TOKEN, snipeItRecord, startSimulator } from "../../snipe-it/src/simulator.js";
import { snipeItLifecycle } from "../src/adapters/snipe-it.js";
import { connect } from "../src/index.js";

const start = simulatorPerTest(startSimulator, { rateLimit: false });
const seed = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      String(i + 1),
      snipeItRecord({ id: i + 1, username: `s${i}`, email: `s${i}@example.com`, activated: i % 2 === 0 }),
    ]),
  );

describe("facade lifecycle: snipe-it", () => {
  it("create → list across 3 pages → update → delete", async () => {
    const sim = await start({ users: seed(25) });
    const users = connect(snipeItLifecycle({ baseUrl: sim.url, token: SIMULATOR_TOKEN }));
    const created = await users.create({
      givenName: "Grace",
      familyName: "Hopper",
      username: "grace",
      password: "long-enough-1",
      email: "grace@example.com",
    });
    expect(created).toMatchObject({ vendor: "snipe-it", id: "26", username: "grace", active: true });

    const all = await collect(users.list({ pageSize: 10 }));
    expect(all).toHaveLength(26);
    expect(all.filter((u) => u.id === created.id)).toHaveLength(1);
    expect(sim.requests.filter((r) => r.url.startsWith("/api/v1/users?")).length).toBe(3);
    const found = await collect(users.list({ email: "GRACE@example.com" }));
    expect(found.map((u) => u.id)).toEqual([created.id]);
    expect((await collect(users.list({ active: false }))).every((u) => u.active === false)).toBe(true);

    expect((await users.update(created.id, { title: "Rear Admiral" })).title).toBe("Rear Admiral");
    const preview = await users.planDelete(created.id);
    expect(preview.writes.map((w) => `${w.method} ${new URL(w.url).pathname}`)).toEqual([
      `DELETE /api/v1/users/${created.id}`,
    ]);
    await users.delete(created.id);
    expect(sim.users.get(created.id)?.deleted_at).not.toBeNull();
  });

  it("creates one user when the create's answer is lost", async () => {
    const sim = await start({
      fail: { status: 0, afterApply: true, when: (r: SimRequest) => r.method === "POST" },
    });
    const users = connect(snipeItLifecycle({ baseUrl: sim.url, token: SIMULATOR_TOKEN }));
    await users.create({ givenName: "Grace", username: "grace", password: "long-enough-1" });
    expect([...sim.users.values()].filter((u) => u.username === "grace")).toHaveLength(1);
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("refuses a missing required field before any request; a delete Snipe-IT refuses is typed", async () => {
    const sim = await start({
      users: { "5": snipeItRecord({ id: 5, username: "holder" }) },
      holdings: { 5: { licenses: 1 } },
    });
    const users = connect(snipeItLifecycle({ baseUrl: sim.url, token: SIMULATOR_TOKEN }));
    await expect(users.create({ givenName: "G", username: "g" } as never)).rejects.toBeInstanceOf(InvalidInputError);
    expect(sim.requests).toHaveLength(0);
    await expect(users.delete("5")).rejects.toBeInstanceOf(UserStillAssignedError);
    expect(sim.users.get("5")?.deleted_at).toBeNull();
  });
});
