/**
 * Issue 20, ONLYOFFICE: create, list and delete on the simulator (AddMember, GetFullByFilter,
 * DeleteMember; EmployeeApi.cs cited E:), through the package and raw.
 */
import { InvalidInputError, NotFoundError, PermissionDeniedError, ValidationError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import {
  ActiveUserError,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  ManagedUserError,
  updateUser,
} from "../src/index.js";
import type { SimUser } from "../src/simulator.js";
import { ADA, clientOf, GRACE, person, simPerTest } from "./sim.js";

const start = simPerTest();
const TOKEN = "oo-sim-token-7c503dfb";
const call = (url: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: TOKEN },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
/** n users named User00…, active, full. */
const many = (n: number): [string, SimUser][] =>
  Array.from({ length: n }, (_, i) => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const name = `User${String(i).padStart(2, "0")}`;
    return [
      id,
      person({
        id,
        firstName: name,
        lastName: "Test",
        displayName: `${name} Test`,
        userName: name.toLowerCase(),
        email: `${name.toLowerCase()}@example.com`,
        groups: [],
        department: "",
      }),
    ];
  });

describe("the round trip: create → list → update → delete", () => {
  it("creates, finds across pages, updates and deletes one user", async () => {
    const sim = await start({ users: many(11) });
    const client = clientOf(sim);
    const created = await createUser(client, {
      email: "Grace@Example.com",
      firstname: "Grace",
      lastname: "Hopper",
      title: "RADM",
    });
    // AddMember: Active, activation Pending, user name from the address (UserManagerWrapper.cs:47-60, :86-89).
    expect(created).toMatchObject({
      firstName: "Grace",
      title: "RADM",
      status: 1,
      activationStatus: 2,
      userName: "Grace",
      isVisitor: false,
    });
    const id = String(created.id);
    const seen = await collect(listUsers(client, { pageSize: 4 }));
    expect(seen.map((u) => u.id)).toContain(id);
    expect(seen).toHaveLength(12);
    expect(sim.requests.filter((r) => r.url.startsWith("/api/2.0/people/filter"))).toHaveLength(3); // 4 + 4 + 4: `total` says stop, no empty fourth page
    await updateUser(client, id, { title: "Rear Admiral" });
    expect(sim.users.get(id)?.title).toBe("Rear Admiral");
    await deleteUser(client, id, { deactivateFirst: true });
    expect(sim.users.has(id)).toBe(false);
    await expect(getUser(client, id)).rejects.toBeInstanceOf(NotFoundError);
    // Deleting again: already gone, done.
    await deleteUser(client, id);
  });

  it("a create whose answer was lost creates one user, not two (looked up by email)", async () => {
    const sim = await start({ fail: { status: 0, afterApply: true, when: (r) => r.method === "POST" } });
    const user = await createUser(clientOf(sim), {
      email: "grace@example.com",
      firstname: "Grace",
      lastname: "Hopper",
    });
    expect(sim.users.size).toBe(1);
    expect(sim.users.get(String(user.id))?.email).toBe("grace@example.com");
    expect(sim.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`)).toEqual([
      "POST /api/2.0/people",
      "GET /api/2.0/people/email",
    ]);
  });
});

describe("createUser", () => {
  it("bad input is refused before any request; the vendor's refusals are typed", async () => {
    const sim = await start({ users: [[ADA, person()]] });
    const client = clientOf(sim);
    const bad = await createUser(client, { email: "x", firstname: "", isVisitor: "no" } as never).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect(bad.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "email",
      "firstname",
      "isVisitor",
      "lastname",
    ]);
    expect(sim.requests).toEqual([]);
    // An address any user has, ignoring case: 500 "already registered" (UserManagerWrapper.cs:75-76) → ValidationError.
    const taken = await createUser(client, { email: "ADA@example.com", firstname: "A", lastname: "B" }).catch((e) => e);
    expect(taken).toBeInstanceOf(ValidationError);
    expect(taken.issues).toEqual([{ path: "", message: "User with this email is already registered" }]);
    // A password the policy refuses (UserManagerWrapper.cs:150-159).
    const weak = await createUser(client, {
      email: "g@example.com",
      firstname: "G",
      lastname: "H",
      password: "short",
    }).catch((e) => e);
    expect(weak).toBeInstanceOf(ValidationError);
  });

  it("raw: email null/'' is 400, malformed 500; the user name gets a counter; omitted isVisitor is a full user (E:538-581)", async () => {
    const sim = await start({ users: [[ADA, person()]] });
    expect(
      (await call(sim.url, "POST", "/api/2.0/people", { firstname: "A", lastname: "B", email: null })).status,
    ).toBe(400);
    expect((await call(sim.url, "POST", "/api/2.0/people", { firstname: "A", lastname: "B" })).status).toBe(400);
    expect((await call(sim.url, "POST", "/api/2.0/people", { firstname: "A", lastname: "B", email: "" })).status).toBe(
      400,
    );
    expect(
      (await call(sim.url, "POST", "/api/2.0/people", { firstname: "A", lastname: "B", email: "nope" })).status,
    ).toBe(500);
    const res = await call(sim.url, "POST", "/api/2.0/people", {
      firstname: "Ada",
      lastname: "Two",
      email: "ada@other.org",
    });
    expect(res.status).toBe(201);
    const { response } = (await res.json()) as { response: SimUser };
    expect(response).toMatchObject({ userName: "ada1", isVisitor: false, displayName: "Ada Two" });
    expect(response.workFrom).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.0000000Z$/); // today (E:575)
  });

  it("raw: a full user past the seat quota is 500; a guest is not counted; a non-admin is 500 (AuthorizingException)", async () => {
    const sim = await start({
      users: [
        [ADA, person()],
        [GRACE, person({ id: GRACE, email: "g@example.com", userName: "g" })],
      ],
      seatQuota: 1,
    });
    const full = await call(sim.url, "POST", "/api/2.0/people", { firstname: "A", lastname: "B", email: "a@b.org" });
    expect(full.status).toBe(500);
    const guest = await call(sim.url, "POST", "/api/2.0/people", {
      firstname: "A",
      lastname: "B",
      email: "a@b.org",
      isVisitor: true,
    });
    expect(guest.status).toBe(201);
    const plain = await start({ users: [[ADA, person()]], callerIsAdmin: false });
    const error = await createUser(clientOf(plain), { email: "x@y.org", firstname: "X", lastname: "Y" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(PermissionDeniedError);
  });
});

describe("listUsers", () => {
  it("Terminated users for an administrator only; search, type and status filters by the vendor", async () => {
    const users: [string, SimUser][] = [
      ...many(3),
      [ADA, person({ status: 2 })],
      [
        GRACE,
        person({
          id: GRACE,
          firstName: "Grace",
          lastName: "Hopper",
          email: "grace@navy.mil",
          userName: "grace",
          isVisitor: true,
        }),
      ],
    ];
    const admin = clientOf(await start({ users }));
    expect(await collect(listUsers(admin))).toHaveLength(5);
    expect((await collect(listUsers(admin, { employeeStatus: "Terminated" }))).map((u) => u.id)).toEqual([ADA]);
    expect((await collect(listUsers(admin, { filterValue: "navy hop" }))).map((u) => u.id)).toEqual([GRACE]);
    expect((await collect(listUsers(admin, { employeeType: "Visitor" }))).map((u) => u.id)).toEqual([GRACE]);
    const plain = clientOf(await start({ users, callerIsAdmin: false }));
    expect(await collect(listUsers(plain, { employeeStatus: "Terminated" }))).toHaveLength(4); // Default instead (E:444-447)
  });

  it("raw: count is capped at 1000, startIndex echoed, total every match (ApiContext.cs:50-69, E:488-503)", async () => {
    const sim = await start({ users: many(5) });
    const res = await fetch(`${sim.url}/api/2.0/people/filter?startIndex=3&count=5000`, {
      headers: { authorization: TOKEN },
    });
    expect(await res.json()).toMatchObject({ count: 2, startIndex: 3, total: 5, status: 0 });
    const bad = await fetch(`${sim.url}/api/2.0/people/filter?employeeStatus=Asleep`, {
      headers: { authorization: TOKEN },
    });
    expect(bad.status).toBe(400);
    await expect(collect(listUsers(clientOf(sim), { pageSize: 1001 }))).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("deleteUser", () => {
  it("an active user: ActiveUserError before any write; deactivateFirst terminates then deletes", async () => {
    const sim = await start({ users: [[ADA, person()]] });
    const client = clientOf(sim);
    await expect(deleteUser(client, ADA)).rejects.toBeInstanceOf(ActiveUserError);
    expect(sim.requests.map((r) => r.method)).toEqual(["GET"]);
    await deleteUser(client, ADA, { deactivateFirst: true });
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /api/2.0/people/${ADA}`,
      `GET /api/2.0/people/${ADA}`,
      "PUT /api/2.0/people/status/Terminated",
      `GET /api/2.0/people/${ADA}`,
      `DELETE /api/2.0/people/${ADA}`,
    ]);
    expect(sim.users.size).toBe(0);
  });

  it("the owner (skipped by the status endpoint) and LDAP users are refused; raw answers as the source has them", async () => {
    const sim = await start({
      users: [
        [ADA, person({ isOwner: true })],
        [GRACE, person({ id: GRACE, isLDAP: true, status: 2 })],
      ],
    });
    const client = clientOf(sim);
    await expect(deleteUser(client, ADA, { deactivateFirst: true })).rejects.toBeInstanceOf(ActiveUserError);
    await expect(deleteUser(client, GRACE)).rejects.toBeInstanceOf(ManagedUserError);
    expect((await call(sim.url, "DELETE", `/api/2.0/people/${ADA}`)).status).toBe(500); // "The user is not suspended" (E:861-862)
    expect((await call(sim.url, "DELETE", `/api/2.0/people/${GRACE}`)).status).toBe(403); // LDAP (E:858-859)
    expect((await call(sim.url, "DELETE", "/api/2.0/people/nobody")).status).toBe(404);
    expect(sim.users.size).toBe(2);
  });
});
