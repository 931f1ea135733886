/**
 * Issue 11 item 4: one test per trap and silent ignore of ONLYOFFICE's people API (our note,
 * checked against ONLYOFFICE/CommunityServer@7c503dfb5e), through the package's public API on the
 * simulator, asserting the stored user afterwards: nothing the caller did not mention changed, and
 * every requested change is stored or reported.
 */
import {
  AuthenticationError,
  InvalidInputError,
  PermissionDeniedError,
  RateLimitError,
  UnappliedChangesError,
  ValidationError,
} from "@userbridge/core";
import { describe, expect, it } from "vitest";
import {
  createClient,
  getUser,
  HiddenContactsError,
  InactiveUserError,
  ManagedUserError,
  ReactivationError,
  updateUser,
} from "../src/index.js";
import type { SimUser } from "../src/simulator.js";
import { ADA, clientOf, GRACE, LEAD, person, RESEARCH, simPerTest, writesOf } from "./sim.js";

const start = simPerTest();
const P = `/api/2.0/people/${ADA}`;

/** Starts a simulator holding `user` (and Grace, another user) and returns it with a client. */
async function portal(user: SimUser = person(), options: Parameters<typeof start>[0] = {}) {
  const grace = person({ id: GRACE, userName: "grace", email: "grace@example.com", contacts: [] });
  const sim = await start({
    users: [[ADA, user], [GRACE, grace], ...(options.users ? [...(options.users as [string, SimUser][])] : [])],
    ...options,
  });
  return { sim, client: clientOf(sim), before: structuredClone(user) };
}
const stored = (sim: { users: Map<string, SimUser> }) => sim.users.get(ADA);

describe("trap: contacts omitted from the PUT are all deleted (EmployeeApi.cs:787, :639-643)", () => {
  it("the simulator is faithful: a PUT without contacts deletes them", async () => {
    const { sim } = await portal();
    await fetch(`${sim.url}${P}`, {
      method: "PUT",
      headers: { authorization: "oo-sim-token-7c503dfb", "content-type": "application/json" },
      body: JSON.stringify({ title: "CTO", isVisitor: false, lead: LEAD }),
    });
    expect(stored(sim)?.contacts).toBeUndefined();
  });

  it("updateUser sends the contacts back: a title change stores the title and nothing else", async () => {
    const { sim, client, before } = await portal();
    await updateUser(client, ADA, { title: "CTO" });
    expect(stored(sim)).toEqual({ ...before, title: "CTO" });
  });

  it("contacts the caller sets replace the list", async () => {
    const { sim, client, before } = await portal();
    await updateUser(client, ADA, { contacts: [{ Type: "mail", Value: "ada@home.example" }] });
    expect(stored(sim)).toEqual({ ...before, contacts: [{ type: "mail", value: "ada@home.example" }] });
  });

  it("without the private-data right (no contacts, email null) it refuses before any write, unless contacts are given", async () => {
    const { sim, client, before } = await portal(person(), { canViewPrivateData: false });
    const error = await updateUser(client, ADA, { title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(HiddenContactsError);
    expect(writesOf(sim)).toEqual([]);
    expect(stored(sim)).toEqual(before);
    await updateUser(client, ADA, { title: "CTO", contacts: [{ Type: "phone", Value: "1" }] });
    expect(stored(sim)).toEqual({ ...before, title: "CTO", contacts: [{ type: "phone", value: "1" }] });
  });
});

describe("trap: isVisitor omitted means false (a guest is promoted, :814-826)", () => {
  it("a guest stays a guest on a title change", async () => {
    const { sim, client, before } = await portal(person({ isVisitor: true }));
    await updateUser(client, ADA, { location: "Paris" });
    expect(stored(sim)).toEqual({ ...before, location: "Paris" });
  });

  it("promoting a guest at the seat quota is the vendor's 500, a ValidationError; nothing stored", async () => {
    const { sim, client, before } = await portal(person({ isVisitor: true }), { seatQuota: 1 });
    const error = await updateUser(client, ADA, { isVisitor: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "", message: "Exceeds the maximum active users (1)" }]);
    expect(stored(sim)).toEqual(before);
  });
});

describe("trap: lead omitted means null for an admin caller (:782-785)", () => {
  it("the lead is kept on a title change, and cleared only when asked", async () => {
    const { sim, client, before } = await portal();
    await updateUser(client, ADA, { title: "CTO" });
    expect(stored(sim)).toEqual({ ...before, title: "CTO" });
    await updateUser(client, ADA, { lead: null });
    const { lead: _lead, ...withoutLead } = before;
    expect(stored(sim)).toEqual({ ...withoutLead, title: "CTO" });
  });
});

describe("trap: a user who is not Active cannot be updated (:734-735)", () => {
  it("a terminated user's title change is refused before any write (no `The user is suspended`)", async () => {
    const { sim, client, before } = await portal(person({ status: 2 }));
    const error = await updateUser(client, ADA, { title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(InactiveUserError);
    expect(error.issues[0].message).toContain("pass disable: false");
    expect(writesOf(sim)).toEqual([]);
    expect(stored(sim)).toEqual(before);
  });

  it("disable: false reactivates through the status endpoint, then applies the rest", async () => {
    const { sim, client, before } = await portal(person({ status: 2 }));
    await updateUser(client, ADA, { disable: false, title: "CTO" });
    expect(writesOf(sim)).toEqual(["PUT /api/2.0/people/status/Active", `PUT ${P}`]);
    expect(stored(sim)).toEqual({ ...before, status: 1, title: "CTO" });
  });

  it("a leave-of-absence user is refused before any write", async () => {
    const { sim, client, before } = await portal(person({ status: 4 }));
    const error = await updateUser(client, ADA, { disable: false }).catch((e) => e);
    expect(error).toBeInstanceOf(InactiveUserError);
    expect(error.message).toContain("leave of absence");
    expect(stored(sim)).toEqual(before);
  });

  it("terminating a terminated user writes nothing and succeeds", async () => {
    const { sim, client, before } = await portal(person({ status: 2 }));
    await expect(updateUser(client, ADA, { disable: true })).resolves.toMatchObject({ status: 2 });
    expect(writesOf(sim)).toEqual([]);
    expect(stored(sim)).toEqual(before);
  });
});

describe("silent ignore: the status endpoint skips some users (:1384-1403)", () => {
  it("at the seat quota a non-guest is not reactivated: ReactivationError, nothing else written", async () => {
    const { sim, client, before } = await portal(person({ status: 2 }), { seatQuota: 1 });
    const error = await updateUser(client, ADA, { disable: false, title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(ReactivationError);
    expect(error.issues[0].message).toContain("seat quota");
    expect(writesOf(sim)).toEqual(["PUT /api/2.0/people/status/Active"]);
    expect(stored(sim)).toEqual(before);
  });

  it("a guest is reactivated even at the seat quota", async () => {
    const { sim, client, before } = await portal(person({ status: 2, isVisitor: true }), { seatQuota: 1 });
    await updateUser(client, ADA, { disable: false });
    expect(stored(sim)).toEqual({ ...before, status: 1 });
  });

  it("the caller's own account is skipped: ReactivationError", async () => {
    const { sim, client, before } = await portal(person({ status: 2, isVisitor: true }), { caller: ADA });
    const error = await updateUser(client, ADA, { disable: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ReactivationError);
    expect(error.issues[0].message).toContain("own account");
    expect(stored(sim)).toEqual(before);
  });

  it.each([
    ["an LDAP user", { isLDAP: true }, "LDAP"],
    ["the owner", { isOwner: true }, "owner"],
  ])("%s is refused before any write (the endpoint would skip it)", async (_, flags, why) => {
    const { sim, client, before } = await portal(person({ status: 2, ...flags }));
    const error = await updateUser(client, ADA, { disable: false }).catch((e) => e);
    expect(error).toBeInstanceOf(InactiveUserError);
    expect(error.message).toContain(why);
    expect(writesOf(sim)).toEqual([]);
    expect(stored(sim)).toEqual(before);
  });
});

describe("silent ignore: LDAP and SSO users (:746-758, :763-766)", () => {
  it.each([
    ["LDAP", { isLDAP: true }],
    ["SSO", { isSSO: true }],
  ])("%s: firstname/lastname/location/title are refused before any write (ManagedUserError)", async (by, flags) => {
    const { sim, client, before } = await portal(person(flags));
    const error = await updateUser(client, ADA, { firstname: "A", lastname: "L", location: "X", title: "T" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ManagedUserError);
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(["firstname", "lastname", "location", "title"]);
    expect(error.message).toContain(by);
    expect(writesOf(sim)).toEqual([]);
    expect(stored(sim)).toEqual(before);
  });

  it.each([
    ["LDAP", { isLDAP: true }],
    ["SSO", { isSSO: true }],
  ])("%s: comment and sex are applied (stored)", async (_, flags) => {
    const { sim, client, before } = await portal(person(flags));
    await updateUser(client, ADA, { comment: "moved", sex: "male" });
    expect(stored(sim)).toEqual({ ...before, notes: "moved", sex: "male" });
  });
});

describe("trap: dates (:738, :768-780)", () => {
  it("1900-01-01 clears birthday and worksfrom; a date sets them", async () => {
    const { sim, client, before } = await portal();
    await updateUser(client, ADA, { birthday: "1900-01-01", worksfrom: "2022-02-02" });
    const { birthday: _b, ...rest } = before;
    expect(stored(sim)).toEqual({ ...rest, workFrom: "2022-02-02T00:00:00.0000000Z" });
  });
});

describe("silent ignores: stored as ONLYOFFICE does, reported as UnappliedChangesError (issue 12)", () => {
  it("title and lead are not applied when the caller is not a People admin", async () => {
    const { sim, client, before } = await portal(person(), { caller: ADA, callerIsAdmin: false });
    const error = await updateUser(client, ADA, { title: "CTO", lead: null, location: "Paris" }).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(stored(sim)).toEqual({ ...before, location: "Paris" });
  });

  it("department is not applied without the edit-groups right; unknown ids are dropped", async () => {
    const { sim, client, before } = await portal(person(), { canEditGroups: false });
    const error = await updateUser(client, ADA, { department: [RESEARCH.id] }).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(stored(sim)).toEqual(before);
    const other = await portal();
    const unknown = "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a";
    const dropped = await updateUser(other.client, ADA, { department: [RESEARCH.id, unknown] }).catch((e) => e);
    expect(dropped).toBeInstanceOf(UnappliedChangesError);
    expect(stored(other.sim)).toEqual({ ...other.before, groups: [RESEARCH], department: "Research" });
  });
});

describe("email (:1093-1145)", () => {
  it("changes through its own endpoint: lower-cased, NotActivated, nothing else changed", async () => {
    const { sim, client, before } = await portal();
    await updateUser(client, ADA, { email: "Ada.L@Example.com" });
    expect(stored(sim)).toEqual({ ...before, email: "ada.l@example.com", activationStatus: 0 });
  });

  it("a replayed change (the vendor's 500 `already registered` for this very user) is a success", async () => {
    const { sim, before } = await portal();
    // The first attempt landed but its answer was lost: the address changes between read and write.
    const client = createClient({
      baseUrl: sim.url,
      token: "oo-sim-token-7c503dfb",
      maxRetries: 0,
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        const request = new Request(input, init);
        if (request.method === "GET" && sim.users.get(ADA)?.email === "ada@example.com") {
          sim.users.set(ADA, { ...before, email: "ada.l@example.com", activationStatus: 0 });
        }
        return answer;
      },
    });
    await expect(updateUser(client, ADA, { email: "ada.l@example.com" })).resolves.toMatchObject({
      email: "ada.l@example.com",
    });
    expect(sim.exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "PUT 500", "GET 200"]);
    expect(stored(sim)).toEqual({ ...before, email: "ada.l@example.com", activationStatus: 0 });
  });

  it("an address another user has is a ValidationError on email; nothing stored", async () => {
    const { sim, client, before } = await portal();
    const error = await updateUser(client, ADA, { email: "grace@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "email", message: "User with this email is already registered" }]);
    expect(stored(sim)).toEqual(before);
  });

  it("a terminated user's email changes after reactivation; disabling changes the email first", async () => {
    const { sim, client, before } = await portal(person({ status: 2 }));
    await updateUser(client, ADA, { disable: false, email: "ada.l@example.com" });
    expect(stored(sim)).toEqual({ ...before, status: 1, email: "ada.l@example.com", activationStatus: 0 });
    await updateUser(client, ADA, { disable: true, email: "ada.m@example.com" });
    expect(stored(sim)).toMatchObject({ status: 2, email: "ada.m@example.com", contacts: before.contacts });
  });
});

describe("errors as ONLYOFFICE answers them", () => {
  it("a wrong password (HTTP 500 at /authentication) is an AuthenticationError; the right one works", async () => {
    const { sim } = await portal(person(), { passwords: { "ada@example.com": "pw-right-1" } });
    const wrong = createClient({ baseUrl: sim.url, userName: "ada@example.com", password: "pw-wrong-1" });
    const error = await getUser(wrong, ADA).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(sim.requests)).not.toContain("pw-wrong-1");
    const right = createClient({ baseUrl: sim.url, userName: "ada@example.com", password: "pw-right-1" });
    await expect(getUser(right, ADA)).resolves.toMatchObject({ id: ADA });
  });

  it("a bad token is the plain-text 401: AuthenticationError `Unauthorized`", async () => {
    const { sim } = await portal();
    const error = await getUser(createClient({ baseUrl: sim.url, token: "nope-123" }), ADA).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "Unauthorized" }]);
  });

  it("an unpaid portal (402) is a PermissionDeniedError; nothing stored", async () => {
    const { sim, client, before } = await portal(person(), { paymentRequired: true });
    expect(await updateUser(client, ADA, { title: "CTO" }).catch((e) => e)).toBeInstanceOf(PermissionDeniedError);
    expect(stored(sim)).toEqual(before);
  });

  it("past the request budget: 503 + Retry-After, waited out, then the update lands", async () => {
    // Two requests per window: a retried PUT is preceded by its re-read (issue 12), both must fit.
    const { sim, before } = await portal(person(), { rateLimit: { limit: 2, windowMs: 600 } });
    const client = createClient({ baseUrl: sim.url, token: "oo-sim-token-7c503dfb", maxRetries: 2 });
    await getUser(client, ADA);
    await updateUser(client, ADA, { title: "CTO" });
    expect(sim.exchanges.map((e) => e.status)).toContain(503);
    expect(stored(sim)).toEqual({ ...before, title: "CTO" });
    const noRetry = createClient({ baseUrl: sim.url, token: "oo-sim-token-7c503dfb", maxRetries: 0 });
    await getUser(noRetry, ADA).catch(() => undefined);
    await getUser(noRetry, ADA).catch(() => undefined);
    const error = await getUser(noRetry, ADA).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
  });

  it("bad input is refused before any request", async () => {
    const { sim, client } = await portal();
    expect(await updateUser(client, ADA, { sex: "other" } as never).catch((e) => e)).toBeInstanceOf(InvalidInputError);
    expect(sim.requests).toEqual([]);
  });
});
