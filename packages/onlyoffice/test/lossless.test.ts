/**
 * updateUser against the ONLYOFFICE simulator (src/simulator.ts, every rule cited from Community
 * Server): whatever the user and the partial change, nothing the caller did not mention changes,
 * and what the caller mentioned is stored, or the update is refused before any write.
 */
import type { Simulator } from "@userbridge/core/simulator";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  InactiveUserError,
  ManagedUserError,
  planUpdate,
  type UserUpdate,
  updateUser,
} from "../src/index.js";
import { type SimUser, startSimulator } from "../src/simulator.js";
import { ENGINEERING, RESEARCH } from "./sim.js";

const RESET = "1900-01-01";
const OPS = { id: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", name: "Operations", manager: null };
const GROUPS = [ENGINEERING, RESEARCH, OPS];
let sim: Simulator<SimUser>;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: false, groups: GROUPS });
  client = createClient({ baseUrl: sim.url, token: "oo-sim-token-7c503dfb", maxRetries: 0 });
});
afterAll(() => sim.stop());

function reset(user: SimUser) {
  sim.users.clear();
  sim.users.set(String(user.id), structuredClone(user));
  sim.requests.length = 0;
  sim.exchanges.length = 0;
}
const writes = () =>
  sim.requests.filter((r) => r.method !== "GET").map((r) => ({ method: r.method, url: r.url, body: r.body }));

const guid = fc.uuid().map((g) => g.toLowerCase());
const word = fc.string({ minLength: 1, maxLength: 8 });
const day = fc.constantFrom("1990-12-10", "2001-02-03", "2021-03-01");
const stamp = (d: string) => `${d}T00:00:00.0000000Z`; // UTC is `Z` (ApiDateTime.cs:163)
const address = fc.stringMatching(/^[a-z]{1,8}$/).map((s) => `${s}@example.com`);
const groupSet = fc.subarray(GROUPS);
type Group = NonNullable<SimUser["groups"]>[number];
const withGroups = (groups: Group[]) =>
  groups.length ? { groups, department: groups.map((g) => g.name).join(", ") } : { department: "" };
/** The read's display name: "{first} {last}", HTML-encoded (EmployeeWraper.cs:44, DisplayUserSettings.cs:57-84). */
const displayName = (first: unknown, last: unknown) =>
  `${first ?? ""} ${last ?? ""}`
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
/** Removes the keys whose value is undefined (what the read leaves out). */
const compact = (o: object): SimUser =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as SimUser;

const storedUser: fc.Arbitrary<SimUser> = fc
  .record({
    id: guid,
    firstName: word,
    lastName: word,
    email: address,
    contacts: fc.option(
      fc.array(fc.record({ type: fc.constantFrom("mail", "phone", "skype"), value: word }), {
        minLength: 1,
        maxLength: 3,
      }),
      { nil: undefined },
    ),
    birthday: fc.option(day.map(stamp), { nil: undefined }),
    sex: fc.option(fc.constantFrom("male", "female"), { nil: undefined }),
    status: fc.constantFrom(1 as const, 1 as const, 2 as const, 2 as const, 4 as const),
    workFrom: fc.option(day.map(stamp), { nil: undefined }),
    groups: groupSet,
    location: fc.option(word, { nil: undefined }),
    notes: fc.option(word, { nil: undefined }),
    title: word,
    lead: fc.option(guid, { nil: undefined }),
    isVisitor: fc.boolean(),
    isLDAP: fc.constantFrom(false, false, false, true),
    isSSO: fc.constantFrom(false, false, false, true),
  })
  .map(({ groups, ...u }) =>
    compact({
      ...u,
      displayName: displayName(u.firstName, u.lastName),
      userName: u.email.split("@")[0],
      activationStatus: 1 as const,
      terminated: u.status === 2 ? "2024-01-01T00:00:00.0000000+00:00" : null,
      ...withGroups(groups),
      avatar: "/images/default_user_photo_size_82-82.png",
      isAdmin: false,
      isOwner: false,
    }),
  );

/** A random partial change; values sometimes equal the current ones (an unchanged field). */
const changesFor = (u: SimUser): fc.Arbitrary<UserUpdate> =>
  fc
    .record(
      {
        email: fc.oneof(address, fc.constant(String(u.email).toUpperCase())),
        isVisitor: fc.boolean(),
        firstname: fc.oneof(word, fc.constant(String(u.firstName))),
        lastname: word,
        // null is our API's "clear" where ONLYOFFICE can clear (quirks.ts wireBody).
        comment: fc.oneof(word, fc.constant(""), fc.constant(null)),
        department: fc.oneof(
          groupSet.map((gs) => gs.map((g) => g.id)),
          fc.constant(null),
        ),
        title: fc.oneof(word, fc.constant(String(u.title)), fc.constant(""), fc.constant(null)),
        location: fc.oneof(word, fc.constant(""), fc.constant(null)),
        sex: fc.constantFrom("male" as const, "female" as const),
        birthday: fc.constantFrom("1985-07-04", RESET, null),
        worksfrom: fc.constantFrom("2020-01-01", RESET, null),
        contacts: fc.option(
          fc.array(fc.record({ Type: fc.constantFrom("mail", "phone"), Value: word }), { maxLength: 2 }),
          { nil: null },
        ),
        files: fc.constant("https://cdn.example.com/avatar.png"),
        disable: fc.option(fc.boolean(), { nil: null }),
        lead: fc.option(guid, { nil: null }),
      },
      { requiredKeys: [] },
    )
    .filter((c) => Object.keys(c).length > 0);

/** The fields ONLYOFFICE ignores for LDAP/SSO users (EmployeeApi.cs:746-758). */
const COMMON = { firstname: "firstName", lastname: "lastName", title: "title", location: "location" } as const;

/** What a correct partial update stores, or which error it must raise (the test's own oracle). */
function expected(u: SimUser, c: UserUpdate): { error: "managed" | "inactive" } | { after: SimUser } {
  const emailChanges = c.email !== undefined && c.email.toLowerCase() !== String(u.email).toLowerCase();
  if (u.isLDAP || u.isSSO) {
    const common = Object.entries(COMMON).some(
      ([k, f]) => k in c && String(c[k as keyof typeof COMMON] ?? "") !== String(u[f] ?? ""),
    );
    if (common || emailChanges) return { error: "managed" };
  }
  const others = Object.keys(c).filter((k) => k !== "email" && k !== "disable");
  if (u.status === 2 && c.disable === true && others.length === 0 && !emailChanges) return { after: u };
  if (u.status === 4 || (u.status === 2 && (c.disable !== false || u.isLDAP))) return { error: "inactive" };
  const date = (sent: string | null | undefined, current: string | undefined) =>
    sent === undefined ? current : sent === RESET || sent === null ? undefined : stamp(sent);
  const text = (sent: string | null | undefined, current: string | null | undefined) =>
    sent === undefined ? current : sent === "" || sent === null ? undefined : sent;
  const contacts =
    c.contacts !== undefined ? (c.contacts ?? []).map((x) => ({ type: x.Type, value: x.Value })) : u.contacts;
  const newGroups = c.department !== undefined;
  const groups: Group[] = newGroups ? GROUPS.filter((g) => c.department?.includes(g.id)) : (u.groups ?? []);
  const terminating = c.disable === true;
  // A PUT is sent when anything but the email (and a reactivation's `disable`) changes: it re-saves the names.
  const put = Object.keys(c).some((k) => k !== "email" && !(k === "disable" && u.status === 2));
  const firstName = (c.firstname ?? u.firstName) as string;
  const lastName = (c.lastname ?? u.lastName) as string;
  return {
    after: compact({
      ...u,
      firstName,
      lastName,
      displayName: put ? displayName(firstName, lastName) : u.displayName,
      notes: text(c.comment, u.notes),
      title: text(c.title, u.title),
      location: text(c.location, u.location),
      sex: c.sex ?? u.sex,
      birthday: date(c.birthday, u.birthday ?? undefined),
      workFrom: date(c.worksfrom, u.workFrom ?? undefined),
      contacts: contacts?.length ? contacts : undefined,
      groups: undefined,
      ...(newGroups ? withGroups(groups) : { groups: u.groups, department: u.department }),
      avatar: c.files ?? u.avatar,
      status: terminating ? 2 : 1,
      terminated: terminating
        ? (expect.any(String) as unknown as string)
        : c.disable === false && u.status === 1
          ? null
          : u.terminated,
      isVisitor: c.isVisitor ?? u.isVisitor,
      lead: c.lead !== undefined ? (c.lead ?? undefined) : u.lead,
      email: emailChanges ? (c.email as string).toLowerCase() : u.email,
      activationStatus: emailChanges ? 0 : u.activationStatus,
    }),
  };
}

/** A planned request's URL (path parameters filled in). */
const urlOf = (w: { path: string; pathParams?: Record<string, string | number> }) =>
  w.path.replace(/\{(\w+)\}/g, (_, k: string) => String(w.pathParams?.[k]));

describe("updateUser is lossless on the ONLYOFFICE simulator", () => {
  it("for random users and random partial changes, stores exactly the changes (and sends what planUpdate plans)", async () => {
    await fc.assert(
      fc.asyncProperty(
        // The dry run is compared with what was sent in one run out of four (it costs a read).
        storedUser.chain((u) => fc.tuple(fc.constant(u), changesFor(u), fc.constantFrom(true, false, false, false))),
        async ([user, changes, checkPlan]) => {
          reset(user);
          const id = String(user.id);
          const want = expected(user, changes);
          if ("error" in want) {
            const error = await updateUser(client, id, changes).catch((e) => e);
            expect(error).toBeInstanceOf(want.error === "managed" ? ManagedUserError : InactiveUserError);
            expect(writes()).toEqual([]);
            expect(sim.users.get(id)).toEqual(user);
            return;
          }
          const plan = checkPlan ? await planUpdate(client, id, changes) : undefined;
          expect(writes()).toEqual([]);
          const returned = await updateUser(client, id, changes);
          expect(sim.users.get(id)).toEqual(want.after);
          expect(returned).toEqual(sim.users.get(id));
          // updateUser sent exactly the planned writes, in order.
          if (plan) {
            expect(writes()).toEqual(plan.writes.map((w) => ({ method: w.method, url: urlOf(w), body: w.body })));
          }
        },
      ),
      { numRuns: 1000 },
    );
    // ~6 s of CPU; the generous timeout is for a loaded CI machine (shared cores), not for the work.
  }, 120_000);
});
