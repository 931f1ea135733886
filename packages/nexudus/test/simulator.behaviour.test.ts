/**
 * One test per trap of the vendor note (shared/vendor-docs/nexudus.md), through the public API
 * against the simulator, asserting what the simulator stored (`sim.users`) and received.
 */
import {
  AuthenticationError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  UnappliedChangesError,
  ValidationError,
} from "@userbridge/core";
import { afterEach, describe, expect, it } from "vitest";
import { type ClientOptions, createClient, getUser, type NexudusClient, updateUser } from "../src/index.js";
import {
  DEFAULT_LOGIN,
  DEFAULT_TOKEN,
  type NexudusSimulator,
  type NexudusSimulatorOptions,
  startSimulator,
} from "../src/simulator.js";
import { methods, puts, store, stored, tapping } from "./sim.js";
import { complete, type Rec, sampleRecord } from "./spec.js";

const started: NexudusSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});
/** A simulator; its rate limit is off unless `vendorLimits` (then the default, the vendor's). */
async function simulator(options: NexudusSimulatorOptions = {}, vendorLimits = false): Promise<NexudusSimulator> {
  const sim = await startSimulator(vendorLimits ? options : { rateLimit: false, ...options });
  started.push(sim);
  return sim;
}
const clientOf = (sim: NexudusSimulator, options: Partial<ClientOptions> = { token: DEFAULT_TOKEN }): NexudusClient =>
  createClient({ baseUrl: sim.url, maxRetries: 0, ...options } as ClientOptions);
const login = (extra: Partial<ClientOptions> = {}) =>
  ({ username: DEFAULT_LOGIN.username, password: DEFAULT_LOGIN.password, ...extra }) as Partial<ClientOptions>;

const ada: Rec = sampleRecord({
  FullName: "Ada Lovelace",
  Active: true,
  IsAdmin: true,
  OnNewEmail: true,
  Devices: "iPad",
  Businesses: [287964677, 627703076],
  UserRoles: [770685918, 800349553],
  ChatRooms: [5],
  Password: "stored-password-hash",
  AccessToken: "stored-access-token",
  TwoFactorSecret: "stored-2fa-secret",
});
const tokenForms = (sim: NexudusSimulator) =>
  sim.requests.filter((r) => r.url === "/api/token").map((r) => (r.body as Record<string, string>).grant_type);

describe("traps of the whole-record PUT", () => {
  it("a PUT of only the required fields clears every other field and list; updateUser keeps them", async () => {
    const sim = await simulator();
    const naive = store(sim, ada);
    const client = clientOf(sim);
    const required = {
      Id: naive,
      FullName: "Ada King",
      Email: "ada@example.com",
      Language: 1 as const,
      PasswordSalt: "s",
    };
    await client.PUT("/api/sys/users", { body: { ...required, LastHelpVisited: 0, InvalidLoginAttempts: 0 } });
    expect(stored(sim, naive)).toMatchObject({
      FullName: "Ada King",
      Active: false,
      IsAdmin: false,
      OnNewEmail: false,
      Devices: null,
      Businesses: [],
      UserRoles: [],
      ChatRooms: [],
    });

    const careful = store(sim, ada);
    await updateUser(client, careful, { FullName: "Ada King" });
    expect(stored(sim, careful)).toMatchObject({
      ...ada,
      Id: careful,
      FullName: "Ada King",
      UpdatedOn: expect.any(String),
    });
  });

  it("a PUT built from a search result wipes roles and business links; updateUser reads the record by id", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    const client = clientOf(sim);
    const { data } = await client.GET("/api/sys/users", { params: { query: { User_Email: "ada@example.com" } } });
    const found = data?.Records.find((r) => r.Id === id) as Rec;
    expect(found).not.toHaveProperty("UserRoles");
    const { UpdatedOn: _on, ...fromSearch } = found;
    await client.PUT("/api/sys/users", { body: { ...fromSearch, IsAdmin: false } as never });
    expect(stored(sim, id)).toMatchObject({ IsAdmin: false, Businesses: [], UserRoles: [], ChatRooms: [] });

    const other = store(sim, ada);
    await updateUser(client, other, { IsAdmin: false });
    expect(stored(sim, other)).toMatchObject({ IsAdmin: false, Businesses: ada.Businesses, UserRoles: ada.UserRoles });
    expect(methods(sim).slice(-3)).toEqual(["GET", "PUT", "GET"]);
  });

  it("secret fields are not sent back as read: the stored ones stay; a new password is sent only when set", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    const client = clientOf(sim);
    await updateUser(client, id, { FullName: "Ada King" });
    const body = puts(sim).at(-1);
    for (const secret of ["Password", "NewPassword", "AccessToken", "TwoFactorSecret"])
      expect(body).not.toHaveProperty(secret);
    expect(stored(sim, id)).toMatchObject({
      Password: "stored-password-hash",
      AccessToken: "stored-access-token",
      TwoFactorSecret: "stored-2fa-secret",
    });
    await updateUser(client, id, { NewPassword: "n3w-pass-phrase" });
    expect(stored(sim, id)).toMatchObject({ NewPassword: "n3w-pass-phrase", Password: "stored-password-hash" });
  });

  it("WasSuccessful:false with HTTP 200 is a ValidationError, and nothing was stored", async () => {
    const sim = await simulator({
      refuse: (next) => (next.Email.endsWith("@blocked.example") ? "Email: is not allowed" : undefined),
    });
    const id = store(sim, ada);
    const error = await updateUser(clientOf(sim), id, { Email: "ada@blocked.example" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([{ path: "", message: "Email: is not allowed" }]);
    expect(stored(sim, id)).toMatchObject({ Email: "ada@example.com" });
  });

  it("a required field the vendor refuses (400, Errors[]) is a ValidationError naming the field", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    const { error } = await clientOf(sim).PUT("/api/sys/users", { body: { Id: id } as never });
    expect(error).toMatchObject({
      WasSuccessful: false,
      Errors: expect.arrayContaining([expect.objectContaining({ PropertyName: "FullName" })]),
    });
    // The client refuses the same before sending: nothing reaches the simulator.
    const before = sim.requests.length;
    const refused = await updateUser(clientOf(sim), id, { FullName: "" }).catch((e) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect(sim.requests).toHaveLength(before);
    expect(stored(sim, id)).toMatchObject({ FullName: "Ada Lovelace" });
  });

  it("a stored Language the PUT refuses (0) must be set by the caller; nothing is written", async () => {
    const sim = await simulator();
    const id = store(sim, { ...ada, Language: 0 });
    const error = await updateUser(clientOf(sim), id, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(methods(sim)).toEqual(["GET"]);
    await updateUser(clientOf(sim), id, { Active: false, Language: 3 });
    expect(stored(sim, id)).toMatchObject({ Language: 3, Active: false, UserRoles: ada.UserRoles });
  });

  it("an unknown id is a NotFoundError (the vendor's JSON string), nothing is written", async () => {
    const sim = await simulator();
    const error = await updateUser(clientOf(sim), 424242, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([{ path: "", message: "Not found" }]);
    expect(methods(sim)).toEqual(["GET"]);
  });
});

/**
 * Issue 12 item 2: the whole-record PUT is never replayed blind. Each case has another writer
 * changing Email and UserRoles after our first PUT was sent and before anything else reaches the
 * vendor; a blind replay of the PUT (built from the record read before) would put them back.
 */
describe("retries of the whole-record PUT (no lost updates)", () => {
  const theirs = { Email: "ada@other-writer.example", UserRoles: [1] };
  /** A client whose next request after its first PUT is preceded by another writer's change. */
  function withOtherWriter(sim: NexudusSimulator, id: number, change: Rec | undefined, options = {}) {
    let sentPut = false;
    let done = change === undefined;
    return clientOf(sim, {
      token: DEFAULT_TOKEN,
      maxRetries: 2,
      ...options,
      fetch: tapping((request) => {
        if (sentPut && !done) {
          done = true;
          sim.users.set(String(id), { ...stored(sim, id), ...change, UpdatedOn: "2026-02-02T00:00:00Z" } as never);
        }
        if (request.method === "PUT") sentPut = true;
      }),
    });
  }
  const onPut = (fail: { status: number; retryAfter?: number; afterApply?: boolean }) => ({
    fail: { ...fail, when: (req: { method: string }) => req.method === "PUT" },
  });
  const cases = [
    ["the connection dropped after the PUT was applied", onPut({ status: 0, afterApply: true }), "Ada King"],
    ["a 503", onPut({ status: 503 }), ada.FullName],
    ["a 409 throttle", onPut({ status: 409, retryAfter: 1 }), ada.FullName],
  ] as const;

  for (const [what, options, fullName] of cases) {
    it(`${what}, another writer in between: ConflictError, one PUT, the other writer's change kept`, async () => {
      const sim = await simulator(options);
      const id = store(sim, ada);
      const error = await updateUser(withOtherWriter(sim, id, theirs), id, { FullName: "Ada King" }).catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["Email", "UserRoles"]));
      expect(methods(sim)).toEqual(["GET", "PUT", "GET"]);
      expect(stored(sim, id)).toMatchObject({ ...theirs, FullName: fullName, Businesses: ada.Businesses });
    });
  }

  it("the connection dropped after the PUT was applied, nobody else wrote: no retry, the re-read verifies it", async () => {
    const sim = await simulator(onPut({ status: 0, afterApply: true }));
    const id = store(sim, ada);
    const user = await updateUser(withOtherWriter(sim, id, undefined), id, { FullName: "Ada King" });
    expect(methods(sim)).toEqual(["GET", "PUT", "GET"]);
    expect(user).toStrictEqual(stored(sim, id));
    expect(stored(sim, id)).toMatchObject({ FullName: "Ada King", Email: ada.Email, UserRoles: ada.UserRoles });
  });

  it("a 503, nobody else wrote: re-read, the same PUT again, then the verification re-read", async () => {
    const sim = await simulator(onPut({ status: 503 }));
    const id = store(sim, ada);
    await updateUser(withOtherWriter(sim, id, undefined), id, { FullName: "Ada King" });
    expect(methods(sim)).toEqual(["GET", "PUT", "GET", "PUT", "GET"]);
    expect(stored(sim, id)).toMatchObject({ FullName: "Ada King", Email: ada.Email, UserRoles: ada.UserRoles });
  });
});

/** Issue 12 item 1: the PUT's answer holds no user, so the record is re-read and compared. */
describe("verified updates", () => {
  it("a change the vendor answered success for but did not store is an UnappliedChangesError", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    const error = await updateUser(
      clientOf(sim, {
        token: DEFAULT_TOKEN,
        // The vendor "did not apply" IsAdmin: its stored value is put back before the re-read.
        fetch: tapping((request) => {
          if (request.method === "GET" && stored(sim, id).FullName === "Ada King") {
            sim.users.set(String(id), { ...stored(sim, id), IsAdmin: true } as never);
          }
        }),
      }),
      id,
      { FullName: "Ada King", IsAdmin: false, NewPassword: "s3cret-Pass!" },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "IsAdmin", requested: false, stored: true }]);
    expect(error.skipped).toEqual(["NewPassword"]);
    expect(error.user).toMatchObject({ Id: id, FullName: "Ada King", IsAdmin: true });
    expect(JSON.stringify(error)).not.toContain("s3cret-Pass!");
    expect(methods(sim)).toEqual(["GET", "PUT", "GET"]);
  });

  it("list edits are verified as sets; verify: false returns the record as written without the re-read", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    const user = await updateUser(clientOf(sim), id, { AddedUserRoles: [5], RemovedUserRoles: [770685918] });
    expect(user.UserRoles).toEqual([800349553, 5]);
    const before = sim.requests.length;
    const unverified = await updateUser(clientOf(sim, { token: DEFAULT_TOKEN, verify: false }), id, { Active: false });
    expect(methods(sim, before)).toEqual(["GET", "PUT"]);
    expect(unverified).toMatchObject({ Active: false, UserRoles: [800349553, 5] });
  });
});

describe("the 409 throttle at one request per 100 ms", () => {
  it("answers back-to-back requests 409 + Retry-After: 1 with an empty body; the client waits and writes once", async () => {
    const sim = await simulator({}, true);
    const id = store(sim, ada);
    const started = Date.now();
    const client = clientOf(sim, { token: DEFAULT_TOKEN, maxRetries: 3 });
    // Two reads back to back (no work between them, unlike the read and the PUT): the second is throttled.
    await Promise.all([getUser(client, id), updateUser(client, id, { FullName: "Ada King" })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const throttles = sim.exchanges.filter((e) => e.status === 409);
    expect(throttles.length).toBeGreaterThan(0);
    expect(throttles.every((e) => e.body === undefined)).toBe(true);
    expect(sim.exchanges.filter((e) => e.operationId === "updateUser" && e.status === 200)).toHaveLength(1);
    expect(stored(sim, id)).toMatchObject({ FullName: "Ada King", UserRoles: ada.UserRoles });
  });

  it("is a RateLimitError (not a ConflictError) when the client may not retry; nothing is written", async () => {
    const sim = await simulator({ fail: { status: 409, retryAfter: 1, when: (req) => req.method === "PUT" } }, true);
    const id = store(sim, ada);
    const error = await updateUser(clientOf(sim), id, { FullName: "Ada King" }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error.retryAfterMs).toBe(1000);
    expect(stored(sim, id)).toMatchObject({ FullName: "Ada Lovelace" });
  });
});

describe("the per-minute limits beside it (NOTE: 120 requests, 60 writes)", () => {
  // The 100 ms window opened up (`rateLimit` overrides it) and the clock ×10, so that only the
  // minute windows (6 s of wall clock here) can throttle this sequential burst.
  const minuteOnly = { rateLimit: { limit: 1_000, windowMs: 100 }, timeScale: 10 };
  const send = (sim: NexudusSimulator, method: string, path: string, body?: unknown) =>
    fetch(`${sim.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });

  it("the 121st request in a minute is a 409 + Retry-After", async () => {
    const sim = await simulator(minuteOnly, true);
    const id = store(sim, ada);
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push(await send(sim, "GET", `/api/sys/users/${id}`));
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(statuses[120]).toBe(409);
    expect(sim.exchanges.at(-1)?.body).toBeUndefined();
  });

  it("the 61st write in a minute is a 409 while reads still pass; the token endpoint is no write", async () => {
    const sim = await simulator(minuteOnly, true);
    const id = store(sim, ada);
    const record = stored(sim, id) as Rec;
    const writes: number[] = [];
    for (let i = 0; i < 61; i++)
      writes.push(await send(sim, "PUT", "/api/sys/users", { ...record, FullName: `Ada ${i}` }));
    expect(writes.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(writes[60]).toBe(409);
    expect(await send(sim, "GET", `/api/sys/users/${id}`)).toBe(200);
    expect(stored(sim, id)).toMatchObject({ FullName: "Ada 59" });
  });
});

describe("authentication", () => {
  it("a bad token is a 401 with the vendor's message: AuthenticationError", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    const error = await getUser(clientOf(sim, { token: "not-the-token" }), id).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "Authorization has been denied for this request." }]);
  });

  it("HTTP Basic with the admin's email and password works on the users API", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    await updateUser(clientOf(sim, login({ basic: true })), id, { Active: false });
    expect(stored(sim, id)).toMatchObject({ Active: false, UserRoles: ada.UserRoles });
    expect(tokenForms(sim)).toEqual([]);
  });

  it("bad credentials are HTTP 400 invalid_grant: AuthenticationError", async () => {
    const sim = await simulator();
    const error = await getUser(clientOf(sim, login({ password: "wrong-password" })), 1).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(400);
    expect(error.issues).toEqual([{ path: "", message: "The user name or password is incorrect." }]);
  });

  it("a two-factor account needs the totp code", async () => {
    const sim = await simulator({ login: { ...DEFAULT_LOGIN, totp: "123456" } });
    const id = store(sim, ada);
    await expect(getUser(clientOf(sim, login()), id)).rejects.toBeInstanceOf(AuthenticationError);
    expect(await getUser(clientOf(sim, login({ totp: () => "123456" })), id)).toMatchObject({ Id: id });
  });

  it("the refresh grant carries client_id (the login email when none was given) and is accepted", async () => {
    const sim = await simulator({ tokenLifetimeSeconds: 1 });
    const id = store(sim, ada);
    const client = clientOf(sim, login());
    await getUser(client, id);
    await new Promise((r) => setTimeout(r, 1000));
    await getUser(client, id);
    expect(tokenForms(sim)).toEqual(["password", "refresh_token"]);
    expect(sim.exchanges.filter((e) => e.operationId === "getToken").map((e) => e.status)).toEqual([200, 200]);
    expect(
      sim.requests.find((r) => r.url === "/api/token" && (r.body as Rec).grant_type === "refresh_token")?.headers
        .client_id,
    ).toBe(DEFAULT_LOGIN.username);
  });

  it("a new token for a client_id invalidates its older refresh tokens: the first worker's refresh fails, it logs in again", async () => {
    const sim = await simulator({ tokenLifetimeSeconds: 1 });
    const id = store(sim, ada);
    const first = clientOf(sim, login({ clientId: "sync-worker" }));
    const second = clientOf(sim, login({ clientId: "sync-worker" }));
    await getUser(first, id);
    await getUser(second, id); // a new token for "sync-worker": the first worker's refresh token dies
    await new Promise((r) => setTimeout(r, 1000));
    expect(await getUser(first, id)).toMatchObject({ Id: id });
    expect(tokenForms(sim)).toEqual(["password", "password", "refresh_token", "password"]);
    expect(sim.exchanges.filter((e) => e.operationId === "getToken").map((e) => e.status)).toEqual([
      200, 200, 400, 200,
    ]);
  });

  it("one client makes one token request for 50 concurrent calls", async () => {
    const sim = await simulator();
    const id = store(sim, ada);
    const client = clientOf(sim, login({ clientId: "app" }));
    await Promise.all(Array.from({ length: 50 }, () => getUser(client, id)));
    expect(tokenForms(sim)).toEqual(["password"]);
  });
});

describe("the simulator's records", () => {
  it("GET by id returns the stored record as is, list fields included", async () => {
    const record = complete({ ...ada, Id: 9 });
    const sim = await simulator({ users: { "9": record as never } });
    expect(await getUser(clientOf(sim), 9)).toStrictEqual(record);
  });
});
