/**
 * The ONLYOFFICE adapter on the ONLYOFFICE simulator (every rule cited from Community Server):
 * `active: true` reactivates a terminated user through the package's path (status endpoint,
 * re-read, then the PUT with the contacts sent back), never through the PUT's `disable: false`
 * (HTTP 500 "The user is suspended", EmployeeApi.cs:734-735); the stored user afterwards changed
 * only where asked.
 */
import { ConflictError, UnappliedChangesError } from "@userbridge/core";
import { type SimUser, startSimulator } from "@userbridge/onlyoffice/simulator";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import { onlyoffice } from "../src/adapters/onlyoffice.js";
import { connect } from "../src/index.js";

const ID = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
const LEAD = "0b1e3f7c-52c4-4d6e-9a0b-2f8c6d4e1a37";
const ada: SimUser = {
  id: ID,
  displayName: "Ada Lovelace",
  firstName: "Ada",
  lastName: "Lovelace",
  userName: "ada",
  email: "ada@example.com",
  contacts: [{ type: "phone", value: "+44 20 7946 0000" }],
  status: 2,
  activationStatus: 1,
  terminated: "2024-01-01T00:00:00.0000000+00:00",
  department: "",
  title: "Engineer",
  lead: LEAD,
  isVisitor: true,
  isAdmin: false,
  isOwner: false,
  isLDAP: false,
  isSSO: false,
};
const start = simulatorPerTest(startSimulator, { rateLimit: false });
async function facade(user: SimUser = ada, options: Parameters<typeof start>[0] = {}) {
  const sim = await start({ users: [[ID, structuredClone(user)]], ...options });
  return { sim, users: connect(onlyoffice({ baseUrl: sim.url, token: "oo-sim-token-7c503dfb", maxRetries: 0 })) };
}

describe("onlyoffice adapter on the simulator", () => {
  it("active: true reactivates a terminated user, then applies the other fields; nothing else changes", async () => {
    const { sim, users } = await facade();
    const user = await users.update(ID, { active: true, title: "CTO" });
    expect(user).toMatchObject({ active: true, title: "CTO" });
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /api/2.0/people/${ID}`,
      "PUT /api/2.0/people/status/Active",
      `GET /api/2.0/people/${ID}`,
      `PUT /api/2.0/people/${ID}`,
    ]);
    expect(sim.users.get(ID)).toEqual({ ...ada, status: 1, title: "CTO" });
  });

  it("active: false terminates; a later title change is refused before any write", async () => {
    const { sim, users } = await facade({ ...ada, status: 1, terminated: null });
    await users.update(ID, { active: false });
    expect(sim.users.get(ID)).toEqual({ ...ada, terminated: expect.any(String) });
    const writes = sim.requests.length;
    await expect(users.update(ID, { title: "CTO" })).rejects.toThrow(/terminated/);
    expect(sim.requests.slice(writes).map((r) => r.method)).toEqual(["GET"]);
  });

  it("a title and manager change keeps contacts and the guest flag", async () => {
    const { sim, users } = await facade({ ...ada, status: 1, terminated: null });
    const OTHER = "2e6d3a4b-5c7f-4a81-9bac-1d2e3f4a5b6c";
    await users.update(ID, { title: "CTO", managerId: OTHER });
    expect(sim.users.get(ID)).toEqual({ ...ada, status: 1, terminated: null, title: "CTO", lead: OTHER });
  });

  it("a change ONLYOFFICE answered success for and ignored is an UnappliedChangesError in normalized terms (issue 12)", async () => {
    // The caller is not a People admin: the PUT ignores title and lead (EmployeeApi.cs:754-757, :782-785).
    const active: SimUser = { ...ada, status: 1, terminated: null };
    const { sim, users } = await facade(active, { caller: ID, callerIsAdmin: false });
    const OTHER = "2e6d3a4b-5c7f-4a81-9bac-1d2e3f4a5b6c";
    const error = await users.update(ID, { title: "CTO", managerId: OTHER, notes: "moved" }).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    // The sent-back fields come first (the lead is one), then the caller's.
    expect(error.fields).toEqual([
      { field: "managerId", requested: OTHER, stored: LEAD },
      { field: "title", requested: "CTO", stored: "Engineer" },
    ]);
    expect(error.user).toMatchObject({ vendor: "onlyoffice", id: ID, title: "Engineer", notes: "moved" });
    expect(sim.users.get(ID)).toEqual({ ...active, notes: "moved" });
    expect(sim.requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
  });

  it("a 503 on the PUT with another writer changing the lead in between is a ConflictError; their lead stays (issue 12)", async () => {
    const active: SimUser = { ...ada, status: 1, terminated: null };
    const sim = await start({
      users: [[ID, structuredClone(active)]],
      fail: { status: 503, when: (req: { method: string }) => req.method === "PUT" },
    });
    let putSent = false;
    const otherWriter: typeof fetch = async (input, init) => {
      if (putSent)
        sim.users.set(ID, { ...(sim.users.get(ID) as SimUser), lead: "2e6d3a4b-5c7f-4a81-9bac-1d2e3f4a5b6c" });
      if (init?.method === "PUT") putSent = true;
      return fetch(input, init);
    };
    const users = connect(
      onlyoffice({ baseUrl: sim.url, token: "oo-sim-token-7c503dfb", maxRetries: 2, fetch: otherWriter }),
    );
    await expect(users.update(ID, { title: "CTO" })).rejects.toBeInstanceOf(ConflictError);
    expect(sim.users.get(ID)).toEqual({ ...active, lead: "2e6d3a4b-5c7f-4a81-9bac-1d2e3f4a5b6c" });
  });

  describe("issue 19: every field the facade can set keeps the departments and the manager role", () => {
    const ENGINEERING = { id: "3fa85f64-5717-4562-b3fc-2c963f66afa6", name: "Engineering", manager: "ada" };
    const RESEARCH = { id: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", name: "Research", manager: null };
    const member: SimUser = {
      ...ada,
      status: 1,
      terminated: null,
      isVisitor: false,
      groups: [ENGINEERING, RESEARCH],
      department: "Engineering, Research",
    };
    const OTHER = "2e6d3a4b-5c7f-4a81-9bac-1d2e3f4a5b6c";
    const changes = {
      givenName: "Augusta",
      familyName: "King",
      email: "augusta@example.com",
      title: "CTO",
      managerId: OTHER,
      notes: "moved",
      active: false,
      departmentId: ENGINEERING.id,
    } as const;
    it.each(Object.entries(changes))("%s", async (field, value) => {
      const { sim, users } = await facade(member);
      await users.update(ID, { [field]: value });
      const stored = sim.users.get(ID);
      // departmentId replaces the list with its one department: the role held there stays (EmployeeApi.cs:608-637).
      const groups = field === "departmentId" ? [ENGINEERING] : [ENGINEERING, RESEARCH];
      expect(stored?.groups).toEqual(groups);
      const put = sim.requests.find((r) => r.method === "PUT" && r.url === `/api/2.0/people/${ID}`);
      // Every PUT sends the department back (an omitted one binds as [] and empties every group).
      if (put) expect((put.body as { department: string[] }).department).toEqual(groups.map((g) => g.id));
      else expect(field).toBe("email");
    });
  });
});
