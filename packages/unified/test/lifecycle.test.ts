/**
 * The facade's lifecycle verbs against each vendor's simulator: create → list (across ≥ 3 pages)
 * → update → delete (where the vendor can), a create whose answer was lost (one user), the
 * normalized filters, and the dry runs.
 */
import { collect, InvalidInputError, UnsupportedFieldError } from "@userbridge/core/internal";
import type { SimRequest } from "@userbridge/core/simulator";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import * as nx from "../../nexudus/src/simulator.js";
import * as nerm from "../../sailpoint-nerm/src/simulator.js";
import * as zl from "../../zluri/src/simulator.js";
import { nexudusLifecycle } from "../src/adapters/nexudus.js";
import { sailpointNermLifecycle } from "../src/adapters/sailpoint-nerm.js";
import { zluriLifecycle } from "../src/adapters/zluri.js";
import { connect } from "../src/index.js";

const startNx = simulatorPerTest(nx.startSimulator, { rateLimit: false });
const startNerm = simulatorPerTest(nerm.startSimulator, { rateLimit: false });
const startZl = simulatorPerTest(zl.startSimulator, { rateLimit: false });
const posts = (sim: { requests: { method: string }[] }) => sim.requests.filter((r) => r.method === "POST").length;

describe("facade lifecycle: nexudus", () => {
  it("create → list across 3 pages → update → delete", async () => {
    const sim = await startNx();
    for (let i = 0; i < 25; i++) {
      sim.users.set(String(i + 1), {
        Id: i + 1,
        FullName: `S${i}`,
        Email: `s${i}@example.com`,
        Language: 1,
        Active: i % 2 === 0,
      } as never);
    }
    const users = connect(nexudusLifecycle({ baseUrl: sim.url, token: nx.DEFAULT_TOKEN }));
    const created = await users.create({ displayName: "Grace Hopper", email: "grace@example.com", admin: true });
    expect(created).toMatchObject({
      vendor: "nexudus",
      displayName: "Grace Hopper",
      locale: "en-US",
      active: true,
      admin: true,
    });

    const all = await collect(users.list({ pageSize: 10 }));
    expect(all).toHaveLength(26);
    expect(all.filter((u) => u.id === created.id)).toHaveLength(1);
    expect(sim.requests.filter((r) => r.url.startsWith("/api/sys/users?page=")).length).toBe(3);
    const found = await collect(users.list({ email: "GRACE@example.com" }));
    expect(found.map((u) => u.id)).toEqual([created.id]);
    expect(sim.requests.at(-1)?.url).toBe("/api/sys/users?User_Email=GRACE%40example.com&page=1&size=1000");
    expect((await collect(users.list({ active: false }))).every((u) => u.active === false)).toBe(true);

    expect((await users.update(created.id, { displayName: "Grace B. Hopper" })).displayName).toBe("Grace B. Hopper");
    const preview = await users.planDelete(created.id);
    expect(preview.writes.map((w) => `${w.method} ${new URL(w.url).pathname}`)).toEqual([
      `DELETE /api/sys/users/${created.id}`,
    ]);
    expect(sim.users.has(created.id)).toBe(true);
    await users.delete(created.id);
    expect(sim.users.has(created.id)).toBe(false);
  });

  it("creates one user when the create's answer is lost", async () => {
    const sim = await startNx({
      fail: {
        status: 0,
        afterApply: true,
        when: (r: SimRequest) => r.method === "POST" && r.url.pathname === "/api/sys/users",
      },
    });
    const users = connect(nexudusLifecycle({ baseUrl: sim.url, token: nx.DEFAULT_TOKEN }));
    await users.create({ displayName: "Grace", email: "grace@example.com" });
    expect([...sim.users.values()].filter((u) => u.Email === "grace@example.com")).toHaveLength(1);
    expect(posts(sim)).toBe(1);
  });

  it("refuses a missing required field, an unsupported one and a bad query before any request", async () => {
    const sim = await startNx();
    const users = connect(nexudusLifecycle({ baseUrl: sim.url, token: nx.DEFAULT_TOKEN }));
    const missing = await users.create({ displayName: "Grace" } as never).catch((e) => e);
    expect(missing).toBeInstanceOf(InvalidInputError);
    expect(missing.issues).toEqual([{ path: "email", message: "is required by nexudus" }]);
    await expect(users.create({ displayName: "G", email: "g@example.com", title: "CTO" } as never)).rejects.toThrow(
      UnsupportedFieldError,
    );
    await expect(users.create({ displayName: "G", email: "g@example.com", locale: "fr" })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(collect(users.list({ active: "yes" } as never))).rejects.toThrow(InvalidInputError);
    const plan = await users.planCreate({ displayName: "G", email: "g@example.com" });
    expect(plan.writes[0]?.body).toEqual({ Language: 1, Active: true, FullName: "G", Email: "g@example.com" });
    expect(sim.requests).toHaveLength(0);
  });
});

describe("facade lifecycle: sailpoint-nerm", () => {
  it("create → list across 3 pages → update → delete; active:false filtered here", async () => {
    const sim = await startNerm();
    for (let i = 0; i < 25; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      sim.users.set(id, {
        id,
        name: `S${i}`,
        email: `s${i}@example.com`,
        login: `s${i}`,
        status: i % 3 ? "Active" : "Pending",
      });
    }
    const users = connect(sailpointNermLifecycle({ baseUrl: sim.url, token: nerm.SIMULATOR_TOKEN }));
    const created = await users.create({
      displayName: "Grace",
      email: "grace@example.com",
      username: "grace",
      active: false,
    });
    expect(created).toMatchObject({ username: "grace", active: false });
    expect(sim.users.get(created.id)).toMatchObject({ type: "NeprofileUser", status: "Disabled" });
    const all = await collect(users.list({ pageSize: 10 }));
    expect(all).toHaveLength(26);
    const inactive = await collect(users.list({ active: false }));
    expect(inactive.map((u) => u.username).sort()).toEqual([
      "grace",
      "s0",
      "s12",
      "s15",
      "s18",
      "s21",
      "s24",
      "s3",
      "s6",
      "s9",
    ]);
    expect(sim.requests.at(-1)?.url).toBe("/users?limit=100&offset=0"); // no vendor filter for Disabled|Pending
    await collect(users.list({ active: true }));
    expect(sim.requests.at(-1)?.url).toBe("/users?user_status=Active&limit=100&offset=0");
    await users.update(created.id, { title: "Admiral" });
    await users.delete(created.id);
    expect(sim.users.has(created.id)).toBe(false);
  });

  it("creates one user when the create's answer is lost", async () => {
    const sim = await startNerm({
      fail: { status: 0, afterApply: true, when: (r: SimRequest) => r.method === "POST" },
    });
    const users = connect(sailpointNermLifecycle({ baseUrl: sim.url, token: nerm.SIMULATOR_TOKEN }));
    await users.create({ displayName: "Grace", email: "grace@example.com", username: "grace" });
    expect([...sim.users.values()].filter((u) => u.login === "grace")).toHaveLength(1);
    expect(posts(sim)).toBe(1);
  });
});

describe("facade lifecycle: zluri (no delete)", () => {
  it("create → list across 3 pages → update; no delete", async () => {
    const sim = await startZl();
    for (let i = 0; i < 25; i++) {
      const id = `aaaaaaaaaaaaaaaaaaaa${String(i).padStart(4, "0")}`;
      sim.users.set(id, { user_id: id, user_name: `S${i}`, user_email: `s${i}@example.com`, user_status: "active" });
    }
    const users = connect(zluriLifecycle({ baseUrl: sim.url, apiKey: zl.SIMULATOR_API_KEY }));
    const created = await users.create({
      displayName: "Grace",
      email: "grace@example.com",
      title: "Admiral",
      active: false,
    });
    expect(created).toMatchObject({ displayName: "Grace", title: "Admiral", active: false });
    expect(await collect(users.list({ pageSize: 10 }))).toHaveLength(26);
    expect((await collect(users.list({ active: false }))).map((u) => u.email)).toEqual(["grace@example.com"]);
    expect(sim.requests.at(-1)?.body).toEqual({
      filter_by: [{ field_id: "user_status", field_values: ["inactive", "suspended"] }],
      page: 1,
      page_size: 50,
    });
    await users.update(created.id, { title: "Rear Admiral" });
    expect("delete" in users).toBe(false);
    expect("planDelete" in users).toBe(false);
  });

  it("creates one user when the create's answer is lost", async () => {
    const sim = await startZl({
      fail: { status: 0, afterApply: true, when: (r: SimRequest) => r.url.pathname === "/add-user" },
    });
    const users = connect(zluriLifecycle({ baseUrl: sim.url, apiKey: zl.SIMULATOR_API_KEY }));
    await users.create({ displayName: "Grace", email: "grace@example.com" });
    expect([...sim.users.values()].filter((u) => u.user_email === "grace@example.com")).toHaveLength(1);
    expect(sim.requests.filter((r) => r.url === "/add-user")).toHaveLength(1);
  });
});
