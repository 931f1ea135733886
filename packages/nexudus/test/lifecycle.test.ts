/**
 * The user lifecycle against the simulator: create → list (across pages) → update → delete, a
 * create whose answer was lost (one user, not two), input refused before any request, listing
 * that is lazy, filtered by the vendor and abortable.
 */
import { collect, InvalidInputError, NotFoundError, ValidationError } from "@userbridge/core/internal";
import type { SimRequest } from "@userbridge/core/simulator";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import {
  type ClientOptions,
  createClient,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  type NexudusClient,
  updateUser,
} from "../src/index.js";
import { DEFAULT_TOKEN, type NexudusSimulator, startSimulator } from "../src/simulator.js";
import { methods, store } from "./sim.js";

const simulator = simulatorPerTest(startSimulator, { rateLimit: false });
const clientOf = (sim: NexudusSimulator, options: Partial<ClientOptions> = {}): NexudusClient =>
  createClient({ baseUrl: sim.url, token: DEFAULT_TOKEN, ...options } as ClientOptions);
const seed = (sim: NexudusSimulator, n: number) => {
  for (let i = 0; i < n; i++) store(sim, { FullName: `Seed ${i}`, Email: `seed${i}@example.com`, Language: 1 });
};
const grace = { FullName: "Grace Hopper", Email: "grace@example.com", Language: 1 as const, Active: true };

describe("nexudus user lifecycle (simulator)", () => {
  it("creates, finds across three pages, updates and deletes a user", async () => {
    const sim = await simulator();
    seed(sim, 25);
    const client = clientOf(sim);
    const created = await createUser(client, { ...grace, UserRoles: [7] });
    expect(created).toMatchObject({
      FullName: "Grace Hopper",
      Email: "grace@example.com",
      Active: true,
      UserRoles: [7],
    });
    expect(sim.users.get(String(created.Id))).toMatchObject({ Email: "grace@example.com" });

    const before = sim.requests.length;
    const listed = await collect(listUsers(client, { pageSize: 10 }));
    expect(listed).toHaveLength(26);
    expect(listed.filter((u) => u.Id === created.Id)).toHaveLength(1);
    expect(sim.requests.slice(before).map((r) => r.url)).toEqual([
      "/api/sys/users?page=1&size=10",
      "/api/sys/users?page=2&size=10",
      "/api/sys/users?page=3&size=10",
    ]);

    const updated = await updateUser(client, created.Id, { FullName: "Grace B. Hopper" });
    expect(updated.FullName).toBe("Grace B. Hopper");
    expect(updated.UserRoles).toEqual([7]);

    await deleteUser(client, created.Id);
    expect(sim.users.has(String(created.Id))).toBe(false);
    await expect(getUser(client, created.Id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteUser(client, created.Id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("creates one user, not two, when the create's answer is lost after it was applied", async () => {
    const sim = await simulator({
      fail: {
        status: 0,
        afterApply: true,
        when: (req: SimRequest) => req.method === "POST" && req.url.pathname === "/api/sys/users",
      },
    });
    const created = await createUser(clientOf(sim), grace);
    const withEmail = [...sim.users.values()].filter((u) => u.Email === grace.Email);
    expect(withEmail).toHaveLength(1);
    expect(created.Id).toBe(withEmail[0]?.Id);
    // POST (answer lost) → lookup by email → read the user found
    expect(methods(sim)).toEqual(["POST", "GET", "GET"]);
    expect(sim.requests[1]?.url).toBe("/api/sys/users?User_Email=grace%40example.com");
  });

  it("sends the create again when the lookup shows the first attempt did not land", async () => {
    const sim = await simulator({
      fail: { status: 503, when: (req: SimRequest) => req.method === "POST" && req.url.pathname === "/api/sys/users" },
    });
    const created = await createUser(clientOf(sim), grace);
    expect(methods(sim)).toEqual(["POST", "GET", "POST", "GET"]);
    expect([...sim.users.values()].filter((u) => u.Email === grace.Email)).toHaveLength(1);
    expect(created.Email).toBe(grace.Email);
  });

  it("refuses bad input before any request, naming every problem", async () => {
    const sim = await simulator();
    const error = await createUser(clientOf(sim), { FullName: "", Email: "not-an-email", Language: 9 } as never).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["Email", "FullName", "Language"]);
    const missing = await createUser(clientOf(sim), { FullName: "x" } as never).catch((e) => e);
    expect(missing).toBeInstanceOf(InvalidInputError);
    expect(sim.requests).toHaveLength(0);
  });

  it("maps the vendor's refusal of a duplicate email to ValidationError, without a retry", async () => {
    const sim = await simulator();
    await createUser(clientOf(sim), grace);
    const error = await createUser(clientOf(sim), grace).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "Email", message: "is already in use" }]);
    expect(methods(sim)).toEqual(["POST", "GET", "POST"]);
  });

  it("filters by the vendor, pages lazily, stops when the caller breaks and honours an abort", async () => {
    const sim = await simulator();
    seed(sim, 30);
    await createUser(clientOf(sim), { ...grace, Active: false });
    const client = clientOf(sim);
    const inactive = await collect(listUsers(client, { User_Active: false }));
    expect(inactive.map((u) => u.Email)).toContain("grace@example.com");
    expect(sim.requests.at(-1)?.url).toBe("/api/sys/users?User_Active=false&page=1&size=1000");

    const start = sim.requests.length;
    let n = 0;
    for await (const _ of listUsers(client, { pageSize: 5, orderby: "Email", dir: "Descending" })) if (++n === 6) break;
    expect(sim.requests.length - start).toBe(2);

    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(collect(listUsers(client, { signal: controller.signal }))).rejects.toThrow("stop");
    await expect(collect(listUsers(client, { pageSize: 1001 }))).rejects.toBeInstanceOf(InvalidInputError);
    expect(sim.requests.length - start).toBe(2);
  });
});
