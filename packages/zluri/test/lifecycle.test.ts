/**
 * The user lifecycle Zluri documents, against the simulator: create → list (across pages) →
 * update (archive: Zluri has no delete), a create whose answer was lost (one user, not two),
 * input refused before any request, listing that is lazy, filtered by the vendor and abortable.
 */
import { collect, InvalidInputError, ValidationError } from "@userbridge/core/internal";
import type { SimRequest } from "@userbridge/core/simulator";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import * as zluri from "../src/index.js";
import { createClient, createUser, getUser, listUsers, updateUser } from "../src/index.js";
import { SIMULATOR_API_KEY, startSimulator, type ZluriSimulator } from "../src/simulator.js";

const simulator = simulatorPerTest(startSimulator, { rateLimit: false });
const clientOf = (sim: ZluriSimulator) => createClient({ baseUrl: sim.url, apiKey: SIMULATOR_API_KEY });
const seed = (sim: ZluriSimulator, n: number) => {
  for (let i = 0; i < n; i++) {
    const id = `aaaaaaaaaaaaaaaaaaaa${String(i).padStart(4, "0")}`;
    sim.users.set(id, {
      user_id: id,
      user_name: `Seed ${i}`,
      user_email: `seed${i}@example.com`,
      user_status: "active",
    });
  }
};
const grace = { user_name: "Grace Hopper", user_email: "grace@example.com", user_designation: "Rear Admiral" };
const posts = (sim: ZluriSimulator) => sim.requests.filter((r) => r.url === "/add-user").length;

describe("zluri user lifecycle (simulator)", () => {
  it("creates, finds across three pages, updates and archives a user; there is no delete", async () => {
    const sim = await simulator();
    seed(sim, 25);
    const client = clientOf(sim);
    const created = await createUser(client, { ...grace, account_type: "external", user_status: "inactive" });
    expect(created).toMatchObject({ ...grace, user_account_type: "external", user_status: "inactive" });
    const id = String(created.user_id);

    const before = sim.requests.length;
    const listed = await collect(listUsers(client, { pageSize: 10 }));
    expect(listed).toHaveLength(26);
    expect(listed.filter((u) => u.user_id === id)).toHaveLength(1);
    expect(sim.requests.slice(before).map((r) => r.body)).toEqual([
      { page: 1, page_size: 10 },
      { page: 2, page_size: 10 },
      { page: 3, page_size: 10 },
    ]);

    await updateUser(client, id, { user_designation: "Admiral", user_archive: true });
    expect(await getUser(client, id)).toMatchObject({ user_designation: "Admiral", user_archive: true });
    expect("deleteUser" in zluri).toBe(false);
  });

  it("creates one user, not two, when the create's answer is lost after it was applied", async () => {
    const sim = await simulator({
      fail: { status: 0, afterApply: true, when: (req: SimRequest) => req.url.pathname === "/add-user" },
    });
    const created = await createUser(clientOf(sim), grace);
    const withEmail = [...sim.users.values()].filter((u) => u.user_email === grace.user_email);
    expect(withEmail).toHaveLength(1);
    expect(created.user_id).toBe(withEmail[0]?.user_id);
    expect(posts(sim)).toBe(1);
  });

  it("sends the create again when the lookup shows the first attempt did not land", async () => {
    const sim = await simulator({ fail: { status: 500, when: (req: SimRequest) => req.url.pathname === "/add-user" } });
    await createUser(clientOf(sim), grace);
    expect(posts(sim)).toBe(2);
    expect([...sim.users.values()].filter((u) => u.user_email === grace.user_email)).toHaveLength(1);
  });

  it("refuses bad input before any request, naming every problem", async () => {
    const sim = await simulator();
    const error = await createUser(clientOf(sim), {
      user_email: "nope",
      user_status: "unknown",
      user_department_id: "42",
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "user_department_id",
      "user_email",
      "user_name",
      "user_status",
    ]);
    expect(sim.requests).toHaveLength(0);
  });

  it("maps the vendor's refusal of a taken email to ValidationError, without a retry", async () => {
    const sim = await simulator();
    await createUser(clientOf(sim), grace);
    const error = await createUser(clientOf(sim), grace).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "user_email", message: "user_email already exists" }]);
    expect(posts(sim)).toBe(2);
  });

  it("filters by the vendor, pages lazily, stops when the caller breaks and honours an abort", async () => {
    const sim = await simulator();
    seed(sim, 30);
    await createUser(clientOf(sim), { ...grace, user_status: "suspended" });
    const client = clientOf(sim);
    const suspended = await collect(
      listUsers(client, { filter_by: [{ field_id: "user_status", field_values: ["suspended"] }] }),
    );
    expect(suspended.map((u) => u.user_email)).toEqual(["grace@example.com"]);

    const start = sim.requests.length;
    let n = 0;
    for await (const _ of listUsers(client, { pageSize: 5 })) if (++n === 6) break;
    expect(sim.requests.length - start).toBe(2);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(collect(listUsers(client, { signal: controller.signal }))).rejects.toThrow("stop");
    await expect(collect(listUsers(client, { pageSize: 51 }))).rejects.toBeInstanceOf(InvalidInputError);
    expect(sim.requests.length - start).toBe(2);
  });
});
