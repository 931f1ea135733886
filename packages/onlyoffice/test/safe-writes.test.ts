/**
 * Issue 12 for ONLYOFFICE, against the simulator: (1) the PUT's answer is compared with the
 * changes (verified updates, silent ignores reported, no extra request); (2) the PUT, which sends
 * isVisitor, lead and contacts back as read, is never replayed blind after a dropped connection, a
 * 503 or the 503 + Retry-After throttle while another writer changed `lead` and `contacts`.
 */
import { ConflictError, UnappliedChangesError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { createClient, updateUser } from "../src/index.js";
import type { OnlyofficeSimulatorOptions, SimUser } from "../src/simulator.js";
import { ADA, clientOf, ENGINEERING, GRACE, LEAD, person, RESEARCH, simPerTest } from "./sim.js";

const start = simPerTest();
const TOKEN = "oo-sim-token-7c503dfb";

async function portal(user: SimUser = person(), options: OnlyofficeSimulatorOptions = {}) {
  const sim = await start({ users: [[ADA, user]], ...options });
  return { sim, client: clientOf(sim), before: structuredClone(user) };
}
const methods = (sim: { requests: { method: string }[] }) => sim.requests.map((r) => r.method);

describe("verified updates: the PUT's answer is compared with the changes (no extra request)", () => {
  it("names, comment, sex, dates, lead, contacts, department and email in the vendor's forms all verify", async () => {
    // A portal at UTC+3: a bare date is local, one with Z an instant (ApiDateTime.cs:80-109).
    const { sim, client } = await portal(person(), { utcOffsetMinutes: 180, groups: [ENGINEERING, RESEARCH] });
    const user = await updateUser(client, ADA, {
      firstname: "Augusta",
      comment: "",
      sex: "female",
      birthday: "1815-12-10",
      worksfrom: "2022-02-01T21:00:00Z",
      lead: GRACE.toUpperCase(),
      contacts: [{ Type: "skype", Value: "ada.k" }],
      department: [RESEARCH.id.toUpperCase(), ENGINEERING.id],
      email: "Ada.King@Example.com",
    });
    expect(user).toMatchObject({
      firstName: "Augusta",
      birthday: "1815-12-10T00:00:00.0000000+03:00",
      workFrom: "2022-02-02T00:00:00.0000000+03:00",
      lead: GRACE,
      email: "ada.king@example.com",
    });
    expect(user.notes).toBeUndefined();
    expect(methods(sim)).toEqual(["GET", "PUT", "PUT"]);
  });

  it("1900-01-01 clears a date: verified as cleared", async () => {
    const { client } = await portal();
    const user = await updateUser(client, ADA, { birthday: "1900-01-01", worksfrom: "1900-01-01T00:00:00" });
    expect(user.birthday).toBeUndefined();
    expect(user.workFrom).toBeUndefined();
  });

  it("title and lead of a caller who is not a People admin (:754-757, :782-785): UnappliedChangesError", async () => {
    const { sim, client, before } = await portal(person(), { caller: ADA, callerIsAdmin: false });
    const error = await updateUser(client, ADA, {
      title: "CTO",
      lead: null,
      location: "Paris",
      files: "https://cdn.example/ada.png",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([
      // The sent-back fields come first (lead is one of them), then the caller's.
      { field: "lead", requested: null, stored: LEAD },
      { field: "title", requested: "CTO", stored: "Engineer" },
    ]);
    expect(error.skipped).toEqual(["files"]);
    expect(error.user).toMatchObject({ location: "Paris", title: "Engineer", lead: LEAD });
    expect(sim.users.get(ADA)).toEqual({ ...before, location: "Paris", avatar: "https://cdn.example/ada.png" });
    expect(methods(sim)).toEqual(["GET", "PUT"]);
  });

  it("department without the edit-groups right, or naming an unknown group (:610, :625-628): UnappliedChangesError", async () => {
    const { client } = await portal(person(), { canEditGroups: false, groups: [ENGINEERING, RESEARCH] });
    const error = await updateUser(client, ADA, { department: [RESEARCH.id] }).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "department", requested: [RESEARCH.id], stored: [ENGINEERING] }]);
    const other = await portal(person(), { groups: [ENGINEERING, RESEARCH] });
    const unknown = "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a";
    const dropped = await updateUser(other.client, ADA, { department: [RESEARCH.id, unknown] }).catch((e) => e);
    expect(dropped).toBeInstanceOf(UnappliedChangesError);
    expect(dropped.fields).toEqual([{ field: "department", requested: [RESEARCH.id, unknown], stored: [RESEARCH] }]);
  });

  it("isVisitor: true for an administrator is ignored (:806-812): UnappliedChangesError", async () => {
    const { client } = await portal(person({ isAdmin: true }));
    const error = await updateUser(client, ADA, { isVisitor: true }).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "isVisitor", requested: true, stored: false }]);
  });

  it("verify: false returns the answer as it is", async () => {
    const { sim } = await portal(person(), { caller: ADA, callerIsAdmin: false });
    const client = createClient({ baseUrl: sim.url, token: TOKEN, maxRetries: 0, verify: false });
    await expect(updateUser(client, ADA, { title: "CTO" })).resolves.toMatchObject({ title: "Engineer" });
  });
});

/**
 * Issue 12 item 2: another writer changes `lead` and `contacts` after our first PUT was sent and
 * before anything else reaches the portal; a blind replay of the PUT (built from the read before)
 * would put the old ones back.
 */
describe("retries of the PUT never replay the record read before the wait", () => {
  const theirs = { lead: GRACE, contacts: [{ type: "mail", value: "ada@other-writer.example" }] };
  /** A client whose next request after its first PUT is preceded by another writer's change. */
  function withOtherWriter(sim: { url: string; users: Map<string, SimUser> }, change: Partial<SimUser> | undefined) {
    let sentPut = false;
    let done = change === undefined;
    return createClient({
      baseUrl: sim.url,
      token: TOKEN,
      maxRetries: 2,
      fetch: async (input, init) => {
        if (sentPut && !done) {
          done = true;
          sim.users.set(ADA, { ...sim.users.get(ADA), ...change });
        }
        if (init?.method === "PUT") sentPut = true;
        return fetch(input, init);
      },
    });
  }
  const onPut = (fail: { status: number; retryAfter?: number; afterApply?: boolean }) => ({
    fail: { ...fail, when: (req: { method: string }) => req.method === "PUT" },
  });
  const cases = [
    ["the connection dropped after the PUT was applied", onPut({ status: 0, afterApply: true }), "CTO"],
    ["a 503", onPut({ status: 503 }), "Engineer"],
    ["the 503 + Retry-After throttle", onPut({ status: 503, retryAfter: 1 }), "Engineer"],
  ] as const;

  for (const [what, options, title] of cases) {
    it(`${what}, another writer in between: ConflictError, one PUT, their lead and contacts kept`, async () => {
      const { sim, before } = await portal(person(), options);
      const error = await updateUser(withOtherWriter(sim, theirs), ADA, { title: "CTO" }).catch((e) => e);
      expect(sim.users.get(ADA)).toEqual({ ...before, ...theirs, title });
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.issues.map((i: { path: string }) => i.path)).toEqual(["lead", "contacts"]);
      expect(methods(sim)).toEqual(["GET", "PUT", "GET"]);
    });
  }

  it("a 503, nobody else wrote: re-read, then the same PUT again", async () => {
    const { sim, before } = await portal(person(), onPut({ status: 503 }));
    await updateUser(withOtherWriter(sim, undefined), ADA, { title: "CTO" });
    expect(methods(sim)).toEqual(["GET", "PUT", "GET", "PUT"]);
    expect(sim.users.get(ADA)).toEqual({ ...before, title: "CTO" });
  });

  it("the connection dropped after a lead change was applied: the re-read holds it, no retry, verified", async () => {
    const { sim, before } = await portal(person(), onPut({ status: 0, afterApply: true }));
    const user = await updateUser(withOtherWriter(sim, undefined), ADA, { lead: GRACE.toUpperCase() });
    expect(methods(sim)).toEqual(["GET", "PUT", "GET"]);
    expect(user).toEqual({ ...before, lead: GRACE });
    expect(sim.users.get(ADA)).toEqual({ ...before, lead: GRACE });
  });
});
