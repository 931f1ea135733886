/**
 * The user lifecycle against the simulator: create → list (across pages) → update → delete, a
 * create whose answer was lost (one user, not two), input refused before any request, listing
 * that is lazy, filtered by the vendor and abortable.
 */
import { collect, InvalidInputError, NotFoundError, ValidationError } from "@userbridge/core/internal";
import type { SimRequest } from "@userbridge/core/simulator";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import { createClient, createUser, deleteUser, getUser, listUsers, updateUser } from "../src/index.js";
import { type SailPointNermSimulator, SIMULATOR_TOKEN, startSimulator } from "../src/simulator.js";

const simulator = simulatorPerTest(startSimulator, { rateLimit: false });
const clientOf = (sim: SailPointNermSimulator) => createClient({ baseUrl: sim.url, token: SIMULATOR_TOKEN });
const seed = (sim: SailPointNermSimulator, n: number) => {
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    sim.users.set(id, { id, name: `Seed ${i}`, email: `seed${i}@example.com`, login: `seed${i}`, status: "Active" });
  }
};
const grace = { name: "Grace Hopper", email: "grace@example.com", type: "NeprofileUser", login: "grace" } as const;
const posts = (sim: SailPointNermSimulator) => sim.requests.filter((r) => r.method === "POST").length;

describe("sailpoint-nerm user lifecycle (simulator)", () => {
  it("creates, finds across three pages, updates and deletes a user", async () => {
    const sim = await simulator();
    seed(sim, 25);
    const client = clientOf(sim);
    const created = await createUser(client, { ...grace, groups: ["Admin_group", "Dev_group"], status: "Pending" });
    expect(created).toMatchObject({ ...grace, status: "Pending", groups: ["Admin_group", "Dev_group"] });
    expect(sim.users.get(created.id)).toMatchObject({ login: "grace", group_strings: "Admin_group,Dev_group" });

    const before = sim.requests.length;
    const listed = await collect(listUsers(client, { pageSize: 10 }));
    expect(listed).toHaveLength(26);
    expect(listed.filter((u) => u.id === created.id)).toHaveLength(1);
    expect(sim.requests.slice(before).map((r) => r.url)).toEqual([
      "/users?limit=10&offset=0",
      "/users?limit=10&offset=10",
      "/users?limit=10&offset=20",
    ]);

    expect((await updateUser(client, created.id, { title: "Rear Admiral" })).title).toBe("Rear Admiral");
    await deleteUser(client, created.id);
    expect(sim.users.has(created.id)).toBe(false);
    await expect(getUser(client, created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("creates one user, not two, when the create's answer is lost after it was applied", async () => {
    const sim = await simulator({
      fail: { status: 0, afterApply: true, when: (req: SimRequest) => req.method === "POST" },
    });
    const created = await createUser(clientOf(sim), grace);
    const withLogin = [...sim.users.values()].filter((u) => u.login === "grace");
    expect(withLogin).toHaveLength(1);
    expect(created.id).toBe(withLogin[0]?.id);
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /user", "GET /users?login=grace"]);
  });

  it("sends the create again when the lookup shows the first attempt did not land", async () => {
    const sim = await simulator({ fail: { status: 502, when: (req: SimRequest) => req.method === "POST" } });
    await createUser(clientOf(sim), grace);
    expect(posts(sim)).toBe(2);
    expect([...sim.users.values()].filter((u) => u.login === "grace")).toHaveLength(1);
  });

  it("refuses bad input before any request, naming every problem", async () => {
    const sim = await simulator();
    const error = await createUser(clientOf(sim), {
      name: "Grace",
      email: "not-an-email",
      type: "Robot",
      groups: ["a,b"],
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["email", "groups.0", "login", "type"]);
    await expect(deleteUser(clientOf(sim), "../admin")).rejects.toBeInstanceOf(InvalidInputError);
    expect(sim.requests).toHaveLength(0);
  });

  it("maps the vendor's refusal of a taken login to ValidationError, without a retry", async () => {
    const sim = await simulator();
    await createUser(clientOf(sim), grace);
    const error = await createUser(clientOf(sim), { ...grace, email: "other@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "login", message: "has already been taken" }]);
    expect(posts(sim)).toBe(2);
  });

  it("filters by the vendor, pages lazily, stops when the caller breaks and honours an abort", async () => {
    const sim = await simulator();
    seed(sim, 30);
    await createUser(clientOf(sim), { ...grace, status: "Disabled" });
    const client = clientOf(sim);
    const disabled = await collect(listUsers(client, { user_status: "Disabled" }));
    expect(disabled.map((u) => u.login)).toEqual(["grace"]);
    expect(sim.requests.at(-1)?.url).toBe("/users?user_status=Disabled&limit=100&offset=0");

    const start = sim.requests.length;
    let n = 0;
    for await (const _ of listUsers(client, { pageSize: 5, order: "login" })) if (++n === 6) break;
    expect(sim.requests.length - start).toBe(2);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(collect(listUsers(client, { signal: controller.signal }))).rejects.toThrow("stop");
    await expect(collect(listUsers(client, { pageSize: 101 }))).rejects.toBeInstanceOf(InvalidInputError);
    expect(sim.requests.length - start).toBe(2);
  });
});
