/**
 * The lifecycle verbs (createUser, listUsers, deleteUser, restoreUser) through the public API
 * against the simulator (issue 20), asserting what the simulator stored.
 */
import {
  ConflictError,
  collect,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from "@userbridge/core/internal";
import { describe, expect, it } from "vitest";
import {
  createClient,
  createUser,
  deleteUser,
  listUsers,
  planCreate,
  restoreUser,
  UserStillAssignedError,
  updateUser,
} from "../../src/index.js";
import { SIMULATOR_TOKEN, snipeItRecord } from "../../src/simulator.js";
import { simPerTest } from "./support.js";

const start = simPerTest();
const darth = { first_name: "Darth", last_name: "Vader", username: "darth", password: "darth_password" };
const many = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [String(i + 1), snipeItRecord({ id: i + 1, username: `u${i + 1}` })]),
  );

describe("Snipe-IT lifecycle (simulator)", () => {
  it("create → list (across pages) → update → delete → restore, one round trip", async () => {
    const { sim, client } = await start({ users: many(5) });
    const created = await createUser(client, { ...darth, activated: true, email: "darth@example.com" });
    expect(created).toMatchObject({ id: 6, username: "darth", activated: true });
    const seen = await collect(listUsers(client, { pageSize: 2 }));
    expect(seen.map((u) => u.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sim.requests.filter((r) => r.method === "GET")).toHaveLength(3);
    await updateUser(client, 6, { jobtitle: "Sith" });
    await deleteUser(client, 6);
    expect(sim.users.get("6")?.deleted_at).not.toBeNull();
    expect((await collect(listUsers(client))).map((u) => u.id)).not.toContain(6);
    await restoreUser(client, 6);
    expect(sim.users.get("6")).toMatchObject({ deleted_at: null, jobtitle: "Sith" });
  });

  it("the password confirmation is sent for you; Snipe-IT's default for activated is false", async () => {
    const { sim, client } = await start();
    await createUser(client, darth);
    expect(sim.requests[0]?.body).toMatchObject({ password: "[redacted]", password_confirmation: "[redacted]" });
    expect(sim.users.get("14")).toMatchObject({ username: "darth", activated: false, autoassign_licenses: true });
  });

  it("bad input is refused before any request, every problem named", async () => {
    const { sim, client } = await start();
    const error = await createUser(client, { first_name: "", password: "short", email: "nope" } as never).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      ["email", "first_name", "password", "username"].sort(),
    );
    await expect(planCreate(client, { ...darth, password_confirmation: "x" } as never)).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(sim.requests).toHaveLength(0);
  });

  it("Snipe-IT's refusal (HTTP 200, per field) is a ValidationError: username taken, case-insensitively", async () => {
    const { sim, client } = await start();
    const error = await createUser(client, { ...darth, username: "ADA" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "username", message: "The username must be unique." }]);
    expect(sim.users.size).toBe(2);
  });

  it("a create whose answer was lost creates one user, not two: looked up by username", async () => {
    const { sim } = await start({ fail: { status: 0, afterApply: true, when: (r) => r.method === "POST" } });
    const client = createClient({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 2 });
    const user = await createUser(client, darth);
    expect(user).toMatchObject({ id: 14, username: "darth" });
    expect([...sim.users.values()].filter((u) => u.username === "darth")).toHaveLength(1);
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/v1/users",
      "GET /api/v1/users?username=darth",
    ]);
  });

  it("a create refused by a 503 before it applied is sent again once the lookup finds nobody", async () => {
    const { sim } = await start({ fail: { status: 503, when: (r) => r.method === "POST" } });
    const client = createClient({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 2 });
    await createUser(client, darth);
    expect(sim.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST"]);
    expect([...sim.users.values()].filter((u) => u.username === "darth")).toHaveLength(1);
  });

  it("groups Snipe-IT syncs unchecked: a missing group is reported (UnappliedChangesError), the user created", async () => {
    const { sim, client } = await start({ actor: { superuser: false } });
    const error = await createUser(client, { ...darth, groups: [99] }).catch((e) => e);
    expect(error.name).toBe("UnappliedChangesError");
    expect(sim.users.get("14")?.groups).toEqual([99]);
  });

  it("listUsers: vendor filters, each id once, early stop, abort, and a server max below pageSize", async () => {
    const users = many(7);
    users["3"] = snipeItRecord({ id: 3, username: "u3", activated: false });
    const { sim, client } = await start({ users, maxResults: 3 });
    // max_results 3 < the default pageSize 500: the listing follows `total` and misses nobody.
    expect((await collect(listUsers(client))).map((u) => u.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await collect(listUsers(client, { activated: 0 }))).map((u) => u.id)).toEqual([3]);
    const before = sim.requests.length;
    for await (const u of listUsers(client, { pageSize: 2 })) if (u.id === 1) break;
    expect(sim.requests.length - before).toBe(1);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(collect(listUsers(client, { signal: controller.signal }))).rejects.toThrow("stop");
    await expect(collect(listUsers(client, { pageSize: 501 }))).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("deleteUser: holdings and managed people refuse with UserStillAssignedError (every refusal); nothing deleted", async () => {
    const { sim, client } = await start({
      holdings: { 13: { assets: [{ company_id: null }], licenses: 2, consumables: 4 } },
      users: {
        "13": snipeItRecord({ id: 13, username: "ada" }),
        "7": snipeItRecord({ id: 7, username: "grace", manager_id: 13 }),
      },
    });
    const error = await deleteUser(client, 13).catch((e) => e);
    expect(error).toBeInstanceOf(UserStillAssignedError);
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([
      {
        path: "managed_users",
        message: "This user still manages another user. Please select another manager for that user first.",
      },
      { path: "assigned_assets", message: "This user still has an asset assigned. Please check it in first." },
      {
        path: "assigned_licenses",
        message: "This user still has 2 license seats assigned. Please check them in first.",
      },
    ]);
    expect(sim.users.get("13")?.deleted_at).toBeNull();
  });

  it("deleteUser: gone (unknown or already deleted) is NotFoundError; yourself a ValidationError; no permission a 403", async () => {
    const { client } = await start({ actor: { id: 7 } });
    await deleteUser(client, 13);
    await expect(deleteUser(client, 13)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteUser(client, 404)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteUser(client, 7)).rejects.toBeInstanceOf(ValidationError);
    const ro = await start({ actor: { superuser: false, canDelete: false } });
    await expect(deleteUser(ro.client, 13)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("restoreUser: not deleted is a ConflictError with Snipe-IT's message; a non-admin cannot restore", async () => {
    const { client } = await start();
    const error = await restoreUser(client, 13).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.issues).toEqual([{ path: "", message: "The User was not deleted and therefore cannot be restored" }]);
    await expect(restoreUser(client, 404)).rejects.toBeInstanceOf(NotFoundError);
    const deleter = await start({
      actor: { superuser: false, canDelete: true },
      users: { "13": snipeItRecord({ id: 13, deleted_at: "2025-01-01 00:00:00" }) },
    });
    await expect(restoreUser(deleter.client, 13)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(deleter.sim.users.get("13")?.deleted_at).not.toBeNull();
  });
});
