/**
 * Lossless partial updates over Nexudus's whole-record PUT, against the simulator
 * (@userbridge/nexudus/simulator), whose PUT replaces the whole record like the vendor does: every
 * writable field left out is cleared. Its rate limit is off here (the property sends ~3,000 requests).
 */
import { ApiError, ConflictError, InvalidInputError } from "@userbridge/core";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient, getUser, type NexudusClient, planUpdate, type UserUpdate, updateUser } from "../src/index.js";
import { type NexudusSimulator, startSimulator } from "../src/simulator.js";
import { applied, change, legacyRecord, storedRecord } from "./arbitraries.js";
import * as sim from "./sim.js";
import { LIST_EDITS, type Rec, SECRETS } from "./spec.js";

let simulator: NexudusSimulator;
let client: NexudusClient;
/** Runs before each request the client sends (another writer, a tap); reset after each test. */
let before: ((request: sim.Tapped) => void) | undefined;

beforeAll(async () => {
  simulator = await startSimulator({ rateLimit: false });
  client = createClient({
    baseUrl: simulator.url,
    token: "nexudus-simulator-token",
    maxRetries: 0,
    fetch: sim.tapping((request) => {
      if (request.method === "PUT") sent.push({ at: received(), body: request.json() });
      before?.(request);
    }),
  });
});
afterAll(() => simulator.stop());
afterEach(() => {
  before = undefined;
});

const store = (record: Rec) => sim.store(simulator, record);
const storedOf = (id: number) => sim.stored(simulator, id);
/** The PUT bodies as the client sent them (the simulator's record redacts secret-looking values). */
const sent: { at: number; body: Rec }[] = [];
const puts = (from = 0) => sent.filter((p) => p.at >= from).map((p) => p.body);

const ada: Rec = {
  Id: 0,
  UniqueId: "d3767b81-49c3-4167-bd0b-d185a079e9ff",
  CreatedOn: "2017-02-24T23:45:48Z",
  UpdatedOn: "2025-01-15T10:30:00Z",
  UpdatedBy: "admin@example.com",
  IsNew: false,
  SystemId: "crm-42",
  TwoFactorEnabled: true,
  DefaultBusinessId: 287964677,
  FullName: "Ada Lovelace",
  Email: "ada@example.com",
  Language: 1,
  PasswordSalt: "6f1c2a9e",
  LastHelpVisited: 3,
  InvalidLoginAttempts: 0,
  Password: "stored-password-hash",
  NewPassword: null,
  AccessToken: "stored-access-token",
  TwoFactorSecret: "stored-2fa-secret",
  Active: true,
  IsAdmin: false,
  OnNewEmail: true,
  Businesses: [287964677, 627703076],
  AddedBusinesses: null,
  RemovedBusinesses: null,
  UserRoles: [800349553, 770685918, 800349553],
  AddedUserRoles: null,
  RemovedUserRoles: null,
  ChatRooms: [],
  AddedChatRooms: null,
  RemovedChatRooms: null,
};

const methods = (from: number) => sim.methods(simulator, from);
const received = () => simulator.requests.length;
const without = ({ UpdatedOn: _on, UpdatedBy: _by, ...rest }: Rec) => rest;

describe("updateUser over the whole-record PUT", () => {
  it("stores the old record with exactly the changes applied, nothing else altered (1,000 cases)", async () => {
    let written = 0;
    await fc.assert(
      fc.asyncProperty(storedRecord, change, async (record, changes) => {
        const id = store(record);
        const old = structuredClone(storedOf(id));
        const from = received();
        const user = await updateUser(client, id, changes as UserUpdate);
        const stored = storedOf(id);
        expect(without(stored)).toStrictEqual(without(applied(old, changes)));
        expect(stored.UpdatedOn).not.toBe(old.UpdatedOn);
        expect(user).toStrictEqual(stored);
        expect(methods(from)).toEqual(["GET", "PUT", "GET"]);
        const [body] = puts(from);
        for (const secret of SECRETS) expect(secret in (body as Rec), secret).toBe(secret in changes);
        for (const edit of LIST_EDITS) expect(body).not.toHaveProperty(edit);
        written++;
      }),
      { numRuns: 1000 },
    );
    expect(written).toBe(1000);
  }, 120_000);

  it("refuses a stored value the PUT rejects unless the change sets it, else writes as above", async () => {
    await fc.assert(
      fc.asyncProperty(legacyRecord, change, async (record, changes) => {
        const id = store(record);
        const old = structuredClone(storedOf(id));
        const from = received();
        const outcome = await updateUser(client, id, changes as UserUpdate).then(
          (user) => ({ user }),
          (error: unknown) => ({ error }),
        );
        const stored = storedOf(id);
        const refused =
          (![1, 2, 3].includes(old.Language as number) && !("Language" in changes)) ||
          (old.PasswordSalt === null && !("PasswordSalt" in changes));
        if (refused) {
          expect((outcome as { error?: unknown }).error).toBeInstanceOf(InvalidInputError);
          expect(stored).toStrictEqual(old);
          expect(methods(from)).toEqual(["GET"]);
        } else {
          if ("error" in outcome) throw outcome.error;
          expect(without(stored)).toStrictEqual(without(applied(old, changes)));
          expect(outcome.user).toStrictEqual(stored);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("sends exactly the PUT that planUpdate planned, and planUpdate sends no write", async () => {
    await fc.assert(
      fc.asyncProperty(storedRecord, change, async (record, changes) => {
        const id = store({ ...record, Language: 2, PasswordSalt: "salt" });
        const from = received();
        const plan = await planUpdate(client, id, changes as UserUpdate);
        expect(methods(from)).toEqual(["GET"]);
        expect(plan.reads).toEqual([
          { method: "GET", path: "/api/sys/users/{id}", pathParams: { id }, purpose: expect.any(String) },
        ]);
        expect(plan.writes).toHaveLength(1);
        await updateUser(client, id, changes as UserUpdate);
        const sent = puts(from);
        expect(sent).toStrictEqual([plan.writes[0]?.body]);
        expect(plan.writes[0]).toMatchObject({ method: "PUT", path: "/api/sys/users" });
      }),
      { numRuns: 100 },
    );
  });

  it("never sends Password, NewPassword, AccessToken or TwoFactorSecret unless the caller changes them", async () => {
    const id = store(ada);
    await updateUser(client, id, { FullName: "Ada King" });
    const [body] = puts().slice(-1);
    for (const secret of SECRETS) expect(body).not.toHaveProperty(secret);
    expect(storedOf(id)).toMatchObject({
      FullName: "Ada King",
      Password: "stored-password-hash",
      AccessToken: "stored-access-token",
      TwoFactorSecret: "stored-2fa-secret",
    });

    await updateUser(client, id, { NewPassword: "n3w-pass-phrase" });
    const [second] = puts().slice(-1);
    expect(second).toHaveProperty("NewPassword", "n3w-pass-phrase");
    expect(storedOf(id)).toMatchObject({ NewPassword: "n3w-pass-phrase", Password: "stored-password-hash" });
    for (const secret of ["Password", "AccessToken", "TwoFactorSecret"]) expect(second).not.toHaveProperty(secret);
  });

  it("strips the read-only fields and sends every writable field read", async () => {
    const id = store(ada);
    await updateUser(client, id, { Active: false });
    const [body] = puts().slice(-1);
    for (const readOnly of [
      "UniqueId",
      "CreatedOn",
      "UpdatedOn",
      "UpdatedBy",
      "IsNew",
      "SystemId",
      "TwoFactorEnabled",
    ]) {
      expect(body).not.toHaveProperty(readOnly);
    }
    expect(body).toMatchObject({
      Id: id,
      FullName: "Ada Lovelace",
      LastHelpVisited: 3,
      OnNewEmail: true,
      Active: false,
    });
    expect(storedOf(id)).toMatchObject({ SystemId: "crm-42", TwoFactorEnabled: true, UniqueId: ada.UniqueId });
  });

  it("keeps Businesses, UserRoles and ChatRooms exactly as read (order and repeats) unless changed", async () => {
    const id = store(ada);
    await updateUser(client, id, { IsAdmin: true });
    const [body] = puts().slice(-1);
    expect(body).toMatchObject({ Businesses: ada.Businesses, UserRoles: ada.UserRoles, ChatRooms: [] });
    expect(storedOf(id)).toMatchObject({ UserRoles: [800349553, 770685918, 800349553] });

    await updateUser(client, id, { AddedUserRoles: [5, 770685918], RemovedBusinesses: [287964677] });
    const [edit] = puts().slice(-1);
    expect(edit).toMatchObject({ UserRoles: [800349553, 770685918, 5], Businesses: [627703076], ChatRooms: [] });
    expect(edit).not.toHaveProperty("AddedUserRoles");
    expect(storedOf(id)).toMatchObject({ AddedUserRoles: null, UserRoles: [800349553, 770685918, 5] });

    await updateUser(client, id, { ChatRooms: [9] });
    expect(storedOf(id)).toMatchObject({ ChatRooms: [9], UserRoles: [800349553, 770685918, 5] });
  });

  it("does not clear a field passed as undefined", async () => {
    const id = store(ada);
    await updateUser(client, id, { FullName: undefined, Active: false } as unknown as UserUpdate);
    expect(storedOf(id)).toMatchObject({ FullName: "Ada Lovelace", Active: false });
  });

  it("refuses a stored Language outside 1..3 unless the caller sets Language, naming the stored value", async () => {
    const id = store({ ...ada, Language: 0 });
    const from = received();
    const error = await updateUser(client, id, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([
      { path: "Language", message: "must be one of 1, 2, 3 (the record has 0): set Language in the changes" },
    ]);
    expect(methods(from)).toEqual(["GET"]);
    expect(storedOf(id)).toMatchObject({ Language: 0, Active: true });

    const user = await updateUser(client, id, { Active: false, Language: 3 });
    expect(user).toMatchObject({ Language: 3, Active: false });
    expect(storedOf(id)).toMatchObject({ Language: 3, Active: false });
  });

  it("returns the record as written, stamped with the vendor's UpdatedOn", async () => {
    const id = store(ada);
    const user = await updateUser(client, id, { Email: "ada@lovelace.example" });
    expect(user).toStrictEqual(storedOf(id));
    expect(user.UpdatedOn).not.toBe(ada.UpdatedOn);
    expect(await getUser(client, id)).toStrictEqual(user);
  });
});

// Concurrent writers: the PUT is never replayed blind (a re-read before any retry, ConflictError
// if the record moved): simulator.behaviour.test.ts, "retries of the whole-record PUT". A write
// landing between the read and the first PUT is the remaining window (no ETag), see the README.

describe("only the single-record GET feeds a PUT", () => {
  /** A client whose GET by id gets another answer: `answer(record read)`. */
  const answering = (answer: (read: Rec, url: URL) => Promise<Rec> | Rec) =>
    createClient({
      baseUrl: simulator.url,
      token: "nexudus-simulator-token",
      maxRetries: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const response = await fetch(request);
        if (request.method !== "GET") return response;
        const body = await answer((await response.json()) as Rec, new URL(request.url));
        return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
      },
    });

  it("refuses a read without the list fields (a search result of the simulator): nothing is written", async () => {
    const id = store(ada);
    // The search endpoint's record for this user: no Businesses, UserRoles, ChatRooms.
    const fromSearch = answering(async (read) => {
      const page = await fetch(`${simulator.url}/api/sys/users?User_Email=${encodeURIComponent(String(read.Email))}`, {
        headers: { authorization: "Bearer nexudus-simulator-token" },
      });
      const { Records } = (await page.json()) as { Records: Rec[] };
      return Records.find((r) => r.Id === id) as Rec;
    });
    const from = received();
    const error = await updateUser(fromSearch, id, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error.message).toContain("not the full record");
    expect(methods(from)).toEqual(["GET", "GET"]); // the read and the search; no PUT
    await expect(planUpdate(fromSearch, id, { Active: false })).rejects.toThrow(/not the full record/);
    expect(storedOf(id)).toMatchObject({ Active: true, UserRoles: ada.UserRoles });
  });

  it("refuses a read of another record", async () => {
    const id = store(ada);
    const error = await updateUser(
      answering((read) => ({ ...read, Id: id + 1 })),
      id,
      { Active: false },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(puts().some((b) => b.Id === id)).toBe(false);
  });
});
