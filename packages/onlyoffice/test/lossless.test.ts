/**
 * updateUser against a stateful fake that applies ONLYOFFICE's documented PUT semantics
 * (test/fake.ts): whatever the user and the partial change, nothing the caller did not mention
 * changes, and what the caller mentioned is stored.
 */
import { InvalidInputError, ValidationError } from "@userbridge/core";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createClient,
  InactiveUserError,
  ManagedUserError,
  planUpdate,
  type UserUpdate,
  updateUser,
} from "../src/index.js";
import { type Fake, render, type StoredUser, startFake } from "./fake.js";

const RESET = "1900-01-01";
let fake: Fake;
const client = () => createClient({ baseUrl: fake.url, token: "fake-token", maxRetries: 0 });

function reset(...users: StoredUser[]) {
  fake.users.clear();
  for (const u of users) fake.users.set(u.id, structuredClone(u));
  fake.received.length = 0;
}

beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());

const guid = fc.uuid();
const word = fc.string({ minLength: 1, maxLength: 8 });
const day = fc.constantFrom("1990-12-10", "2001-02-03", "2021-03-01");
const address = fc.stringMatching(/^[a-z]{1,8}$/).map((s) => `${s}@example.com`);

const storedUser: fc.Arbitrary<StoredUser> = fc.record({
  id: guid,
  firstName: word,
  lastName: word,
  email: address,
  notes: fc.oneof(fc.constant(""), word),
  title: word,
  location: fc.oneof(fc.constant(""), word),
  sex: fc.constantFrom("male" as const, "female" as const, null),
  birthday: fc.option(day, { nil: null }),
  workFrom: fc.option(day, { nil: null }),
  contacts: fc.array(fc.record({ type: fc.constantFrom("mail", "phone", "skype"), value: word }), { maxLength: 3 }),
  groups: fc.array(guid, { maxLength: 3 }),
  status: fc.constantFrom(1 as const, 1 as const, 2 as const, 2 as const, 4 as const),
  isVisitor: fc.boolean(),
  lead: fc.option(guid, { nil: null }),
  isLDAP: fc.constantFrom(false, false, false, true),
  isSSO: fc.constantFrom(false, false, false, true),
  avatar: fc.constant("/images/default_user_photo_size_82-82.png"),
});

/** A random partial change; values sometimes equal the current ones (an unchanged field). */
const changesFor = (u: StoredUser): fc.Arbitrary<UserUpdate> =>
  fc
    .record(
      {
        email: fc.oneof(address, fc.constant(u.email.toUpperCase())),
        isVisitor: fc.boolean(),
        firstname: fc.oneof(word, fc.constant(u.firstName)),
        lastname: word,
        comment: word,
        department: fc.array(guid, { maxLength: 3 }),
        title: fc.oneof(word, fc.constant(u.title)),
        location: word,
        sex: fc.constantFrom("male" as const, "female" as const),
        birthday: fc.constantFrom("1985-07-04", RESET),
        worksfrom: fc.constantFrom("2020-01-01", RESET),
        contacts: fc.array(fc.record({ Type: fc.constantFrom("mail", "phone"), Value: word }), { maxLength: 2 }),
        files: fc.constant("https://cdn.example.com/avatar.png"),
        disable: fc.option(fc.boolean(), { nil: null }),
        lead: fc.option(guid, { nil: null }),
      },
      { requiredKeys: [] },
    )
    .filter((c) => Object.keys(c).length > 0);

/** The fields ONLYOFFICE ignores for LDAP/SSO users (EmployeeApi.cs:746-758). */
const COMMON = {
  firstname: "firstName",
  lastname: "lastName",
  title: "title",
  location: "location",
} as const;

/** What a correct partial update stores, or which error it must raise (the test's own oracle). */
function expected(u: StoredUser, c: UserUpdate): { error: "managed" | "inactive" } | { after: StoredUser } {
  const emailChanges = c.email !== undefined && c.email.toLowerCase() !== u.email.toLowerCase();
  if (u.isLDAP || u.isSSO) {
    const common = Object.entries(COMMON).some(
      ([k, field]) => k in c && String(c[k as keyof typeof COMMON] ?? "") !== String(u[field] ?? ""),
    );
    if (common || emailChanges) return { error: "managed" };
  }
  const others = Object.keys(c).filter((k) => k !== "email" && k !== "disable");
  if (u.status === 2 && c.disable === true && others.length === 0 && !emailChanges) return { after: u };
  if (u.status === 4 || (u.status === 2 && (c.disable !== false || u.isLDAP))) return { error: "inactive" };
  const date = (sent: string | undefined, current: string | null) =>
    sent === undefined ? current : sent === RESET ? null : sent;
  return {
    after: {
      ...u,
      firstName: c.firstname ?? u.firstName,
      lastName: c.lastname ?? u.lastName,
      notes: c.comment ?? u.notes,
      title: c.title ?? u.title,
      location: c.location ?? u.location,
      sex: c.sex ?? u.sex,
      birthday: date(c.birthday, u.birthday),
      workFrom: date(c.worksfrom, u.workFrom),
      contacts: c.contacts ? c.contacts.map((x) => ({ type: x.Type, value: x.Value })) : u.contacts,
      groups: c.department ?? u.groups,
      avatar: c.files ?? u.avatar,
      status: c.disable == null ? u.status : c.disable ? 2 : 1,
      isVisitor: c.isVisitor ?? u.isVisitor,
      lead: c.lead !== undefined ? c.lead : u.lead,
      email: emailChanges ? (c.email as string).toLowerCase() : u.email,
    },
  };
}

/** A planned request's URL (path parameters filled in). */
const urlOf = (w: { path: string; pathParams?: Record<string, string | number> }) =>
  w.path.replace(/\{(\w+)\}/g, (_, k: string) => String(w.pathParams?.[k]));

describe("updateUser is lossless on a stateful fake with ONLYOFFICE's PUT semantics", () => {
  it("for random users and random partial changes, stores exactly the changes (and sends what planUpdate plans)", async () => {
    await fc.assert(
      fc.asyncProperty(
        storedUser.chain((u) => fc.tuple(fc.constant(u), changesFor(u))),
        async ([user, changes]) => {
          reset(user);
          const want = expected(user, changes);
          if ("error" in want) {
            const error = await updateUser(client(), user.id, changes).catch((e) => e);
            expect(error).toBeInstanceOf(want.error === "managed" ? ManagedUserError : InactiveUserError);
            expect(fake.writes()).toEqual([]);
            expect(fake.users.get(user.id)).toEqual(user);
            return;
          }
          const plan = await planUpdate(client(), user.id, changes);
          expect(fake.writes()).toEqual([]);
          const returned = await updateUser(client(), user.id, changes);
          expect(fake.users.get(user.id)).toEqual(want.after);
          expect(returned).toEqual(render(want.after));
          // updateUser sent exactly the planned writes, in order.
          expect(
            fake.writes().map((r) => ({ method: r.method, url: r.url, body: JSON.parse(r.body) as unknown })),
          ).toEqual(plan.writes.map((w) => ({ method: w.method, url: urlOf(w), body: w.body })));
        },
      ),
      { numRuns: 300 },
    );
  });
});

const base: StoredUser = {
  id: "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21",
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@example.com",
  notes: "",
  title: "Engineer",
  location: "London",
  sex: "female",
  birthday: "1990-12-10",
  workFrom: "2021-03-01",
  contacts: [{ type: "phone", value: "+44 20 7946 0000" }],
  groups: ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
  status: 1,
  isVisitor: true,
  lead: "0b1e3f7c-52c4-4d6e-9a0b-2f8c6d4e1a37",
  isLDAP: false,
  isSSO: false,
  avatar: "/images/a.png",
};
const bodies = () => fake.writes().map((r) => ({ path: r.url, body: JSON.parse(r.body) as unknown }));

describe("updateUser on the fake, case by case", () => {
  beforeEach(() => reset(base, { ...base, id: "5c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f", email: "taken@example.com" }));

  it("the fake is faithful: a naive PUT of one field promotes the guest and clears the lead", async () => {
    const response = await fetch(`${fake.url}/api/2.0/people/${base.id}`, {
      method: "PUT",
      headers: { authorization: "fake-token", "content-type": "application/json" },
      body: JSON.stringify({ title: "CTO" }),
    });
    expect(response.status).toBe(200);
    expect(fake.users.get(base.id)).toMatchObject({ title: "CTO", isVisitor: false, lead: null });
  });

  it("sends the current isVisitor, lead and contacts back, and lists only when they change", async () => {
    const user = await updateUser(client(), base.id, { title: "CTO" });
    expect(bodies()).toEqual([
      {
        path: `/api/2.0/people/${base.id}`,
        body: {
          isVisitor: true,
          lead: base.lead,
          contacts: [{ Type: "phone", Value: "+44 20 7946 0000" }],
          title: "CTO",
        },
      },
    ]);
    expect(user).toMatchObject({ title: "CTO", isVisitor: true, lead: base.lead, contacts: base.contacts });
  });

  it("sends lead: null and contacts: [] for a user without either (what the read omits)", async () => {
    reset({ ...base, lead: null, isVisitor: false, contacts: [] });
    await updateUser(client(), base.id, { location: "Paris" });
    expect(bodies()).toEqual([
      { path: `/api/2.0/people/${base.id}`, body: { isVisitor: false, lead: null, contacts: [], location: "Paris" } },
    ]);
  });

  it("lets the caller change isVisitor and lead explicitly", async () => {
    await updateUser(client(), base.id, { isVisitor: false, lead: null });
    expect(fake.users.get(base.id)).toMatchObject({ isVisitor: false, lead: null });
  });

  it("changes the email through its own endpoint, after the PUT", async () => {
    const user = await updateUser(client(), base.id, { email: "ada.l@example.com", title: "CTO" });
    expect(bodies().map((b) => b.path)).toEqual([`/api/2.0/people/${base.id}`, `/api/2.0/people/${base.id}/email`]);
    expect(bodies()[0]?.body).not.toHaveProperty("email");
    expect(bodies()[1]?.body).toEqual({ email: "ada.l@example.com" });
    expect(user).toMatchObject({ email: "ada.l@example.com", title: "CTO" });
  });

  it("changes the email before disabling the user (the email endpoint refuses terminated users)", async () => {
    await updateUser(client(), base.id, { email: "ada.l@example.com", disable: true });
    expect(bodies().map((b) => b.path)).toEqual([`/api/2.0/people/${base.id}/email`, `/api/2.0/people/${base.id}`]);
    expect(fake.users.get(base.id)).toMatchObject({ email: "ada.l@example.com", status: 2 });
  });

  it("reactivates a terminated user through the status endpoint, then changes the email; refuses it without", async () => {
    reset({ ...base, status: 2 });
    const error = await updateUser(client(), base.id, { email: "ada.l@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(InactiveUserError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "disable", message: expect.stringContaining("the user is terminated") }]);
    expect(fake.writes()).toEqual([]);
    await updateUser(client(), base.id, { email: "ada.l@example.com", disable: false });
    expect(bodies()).toEqual([
      { path: "/api/2.0/people/status/Active", body: { userIds: [base.id] } },
      { path: `/api/2.0/people/${base.id}/email`, body: { email: "ada.l@example.com" } },
    ]);
    expect(fake.users.get(base.id)).toMatchObject({ email: "ada.l@example.com", status: 1, contacts: base.contacts });
  });

  it("does not send an unchanged email (the vendor would call the user's own address 'in use')", async () => {
    const user = await updateUser(client(), base.id, { email: "ADA@example.com" });
    expect(fake.writes()).toEqual([]);
    expect(user.email).toBe("ada@example.com");
    const plan = await planUpdate(client(), base.id, { email: "ADA@example.com", title: "CTO" });
    expect(plan.writes.map((w) => w.path)).toEqual(["/api/2.0/people/{userid}"]);
  });

  it("keeps the vendor's message when the address is in use (HTTP 500), as a ValidationError on email", async () => {
    const error = await updateUser(client(), base.id, { email: "taken@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(500);
    expect(error.issues).toEqual([{ path: "email", message: "User with this email is already registered" }]);
  });

  it.each([
    ["LDAP", { isLDAP: true }],
    ["SSO", { isSSO: true }],
  ])("raises ManagedUserError before any write for a %s user's common fields and email", async (by, flags) => {
    reset({ ...base, ...flags });
    const error = await updateUser(client(), base.id, {
      firstname: "Augusta",
      title: "x",
      email: "new@example.com",
      department: [],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ManagedUserError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.name).toBe("ManagedUserError");
    expect(error.issues).toEqual(
      ["firstname", "title", "email"].map((path) => ({ path, message: `read-only: the user is managed by ${by}` })),
    );
    expect(fake.writes()).toEqual([]);
    expect(fake.received.map((r) => r.method)).toEqual(["GET"]);
  });

  it("accepts an LDAP user's unchanged common fields and the fields ONLYOFFICE does apply", async () => {
    reset({ ...base, isLDAP: true });
    await updateUser(client(), base.id, {
      firstname: "Ada",
      title: "Engineer",
      comment: "moved",
      sex: "male",
      department: [],
      disable: true,
    });
    expect(fake.users.get(base.id)).toMatchObject({
      groups: [],
      status: 2,
      notes: "moved",
      sex: "male",
      isVisitor: true,
      lead: base.lead,
      contacts: base.contacts,
    });
  });

  it("plans without writing: the read is listed, the writes are returned", async () => {
    const plan = await planUpdate(client(), base.id, { title: "CTO", email: "a2@example.com" });
    expect(fake.received.map((r) => r.method)).toEqual(["GET"]);
    expect(plan.reads).toEqual([expect.objectContaining({ method: "GET", path: "/api/2.0/people/{userid}" })]);
    expect(plan.writes.map((w) => [w.method, w.path, w.body])).toEqual([
      [
        "PUT",
        "/api/2.0/people/{userid}",
        { isVisitor: true, lead: base.lead, contacts: [{ Type: "phone", Value: "+44 20 7946 0000" }], title: "CTO" },
      ],
      ["PUT", "/api/2.0/people/{userid}/email", { email: "a2@example.com" }],
    ]);
  });
});
