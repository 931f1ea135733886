/**
 * One test per trap and silent ignore of Snipe-IT (shared/vendor-docs/snipe-it.md), through the
 * public API against the simulator, asserting the stored user: nothing unmentioned changed, every
 * requested change stored or reported. Cases ported from Snipe-IT's own tests name them.
 */
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnappliedChangesError,
  ValidationError,
} from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { createClient, getUser, updateUser } from "../../src/index.js";
import { ada, simPerTest, stable } from "./support.js";

const start = simPerTest();

describe("Snipe-IT behaviour (simulator)", () => {
  it("GET answers the bare user; the client HTML-decodes it back to what is stored", async () => {
    const { sim, client, raw } = await start();
    const wire = await raw("/api/v1/users/13").then((r) => r.json());
    expect(wire).not.toHaveProperty("status");
    expect(wire).toMatchObject({
      last_name: "O&#039;Brien",
      jobtitle: "R&amp;D lead",
      department: { name: "R&amp;D" },
    });
    const user = await getUser(client, 13);
    const stored = sim.users.get("13");
    expect(user.last_name).toBe(stored?.last_name);
    expect(user.jobtitle).toBe("R&D lead");
    expect(user.department).toEqual({ id: 2, name: "R&D" });
    expect(user.groups).toEqual({ total: 1, rows: [{ id: 1, name: "Admins" }] });
    expect(user.permissions).toEqual({ "reports.view": 1 });
  });

  it("a value with & < > \" ' round-trips: stored raw, read back equal, no double encoding on write-back", async () => {
    const { sim, client } = await start();
    const value = `O'Brien & "Co" <R&D>`;
    const user = await updateUser(client, 13, { last_name: value });
    expect(sim.users.get("13")?.last_name).toBe(value);
    expect(user.last_name).toBe(value);
    await updateUser(client, 13, { last_name: user.last_name as string });
    expect(sim.users.get("13")?.last_name).toBe(value);
  });

  it("notes come back as the vendor's rendered HTML (stored as written)", async () => {
    const { sim, client } = await start();
    const user = await getUser(client, 13);
    expect(user.notes).toBe("<strong>key</strong> account");
    expect(sim.users.get("13")?.notes).toBe("**key** account");
  });

  it("dates are objects; start_date/end_date are written as Y-m-d", async () => {
    const { sim, client } = await start();
    const user = await updateUser(client, 13, { start_date: "2021-08-01", end_date: "2025-12-31" });
    expect(user.start_date).toEqual({ date: "2021-08-01", formatted: "2021-08-01" });
    expect(user.created_at).toMatchObject({ datetime: "2025-05-23 10:00:00" });
    expect(sim.users.get("13")).toMatchObject({ start_date: "2021-08-01", end_date: "2025-12-31" });
  });

  it("an unknown id on GET is HTTP 200 'User does not exist…' → NotFoundError", async () => {
    const { client } = await start();
    const error = await getUser(client, 404).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(200);
  });

  it("an unknown id on PATCH is HTTP 200 'User not found' → NotFoundError; nothing stored", async () => {
    const { sim, client } = await start();
    const before = structuredClone([...sim.users]);
    await expect(updateUser(client, 404, { jobtitle: "x" })).rejects.toBeInstanceOf(NotFoundError);
    expect([...sim.users]).toEqual(before);
  });

  it("PATCH changes only the fields sent (UpdateUserTest::testCanUpdateUserViaPatch)", async () => {
    const { sim, client } = await start();
    const before = stable(sim.users.get("13"));
    await updateUser(client, 13, { jobtitle: "CTO", vip: true, city: "Lyon" });
    expect(stable(sim.users.get("13"))).toEqual({ ...before, jobtitle: "CTO", vip: true, city: "Lyon" });
  });

  it("the fields the doc page leaves out are stored (User.php $fillable)", async () => {
    const { sim, client } = await start();
    const changes = {
      website: "https://example.com",
      address: "1 Main St",
      state: "RH",
      country: "FR",
      zip: "69001",
      locale: "fr-FR",
      autoassign_licenses: false,
    };
    const before = stable(sim.users.get("13"));
    await updateUser(client, 13, changes);
    expect(stable(sim.users.get("13"))).toEqual({ ...before, ...changes });
  });

  it("two_factor_* are silently ignored by Snipe-IT; the client refuses them before sending", async () => {
    const { sim, client, raw } = await start();
    const before = stable(sim.users.get("13"));
    const answer = await raw("/api/v1/users/13", {
      method: "PATCH",
      body: JSON.stringify({ two_factor_optin: true, two_factor_enrolled: true }),
    }).then((r) => r.json());
    expect(answer.status).toBe("success");
    expect(stable(sim.users.get("13"))).toEqual(before);
    const error = await updateUser(client, 13, { two_factor_optin: true } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(sim.requests).toHaveLength(1);
  });

  it("groups from a non-superuser are silently ignored: reported, other fields stored (testNonSuperuserCannotUpdateGroups)", async () => {
    const { sim, client } = await start({ actor: { superuser: false } });
    const before = stable(sim.users.get("13"));
    const error = await updateUser(client, 13, { jobtitle: "CTO", groups: [2] }).catch((e) => e);
    // Issue 12: the vendor said "success" and did not apply groups: UnappliedChangesError, not ValidationError.
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "groups", requested: [2], stored: [1] }]);
    expect(error.user).toMatchObject({ id: 13, jobtitle: "CTO" });
    expect(stable(sim.users.get("13"))).toEqual({ ...before, jobtitle: "CTO" });
  });

  it("groups from a superuser replace the list; several at once (testMultipleGroupsUpdateBySuperUser)", async () => {
    const { sim, client } = await start();
    const user = await updateUser(client, 13, { groups: [1, 2] });
    expect(sim.users.get("13")?.groups).toEqual([1, 2]);
    expect(user.groups?.rows?.map((g) => g.name)).toEqual(["Admins", "Ops <EU>"]);
  });

  it("groups: null clears them, omitted keeps them (testUserGroupsCanBeClearedBySuperUser, …NotClearedIfNoGroupPassed…)", async () => {
    const { sim, client } = await start();
    await updateUser(client, 13, { jobtitle: "CTO" });
    expect(sim.users.get("13")?.groups).toEqual([1]);
    await updateUser(client, 13, { groups: null });
    expect(sim.users.get("13")?.groups).toEqual([]);
  });

  it("a bad group id fails AFTER the other fields were saved (UsersController.php:502-511)", async () => {
    const { sim, client } = await start();
    const error = await updateUser(client, 13, { jobtitle: "CTO", groups: [99] }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "groups.0", message: "The selected groups.0 is invalid." }]);
    expect(sim.users.get("13")).toMatchObject({ jobtitle: "CTO", groups: [1] });
  });

  it("permissions go as a JSON string and are stored raw (UpdateUserTest.php:38)", async () => {
    const { sim, client } = await start();
    const user = await updateUser(client, 13, { permissions: { "a.new.permission": "1" } });
    expect(sim.users.get("13")?.permissions).toBe('{"a.new.permission":"1"}');
    expect(user.permissions).toEqual({ "a.new.permission": 1 });
  });

  it("permissions from a non-superuser token crash the update (inferred): ServerError, nothing stored", async () => {
    const { sim, client } = await start({ actor: { superuser: false } });
    const before = structuredClone(sim.users.get("13"));
    const error = await updateUser(client, 13, { jobtitle: "x", permissions: { admin: "1" } }).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(sim.users.get("13")).toEqual(before);
  });

  it("validation failures are HTTP 200 with messages per field; nothing stored (unique username)", async () => {
    const { sim, client } = await start();
    const before = structuredClone(sim.users.get("13"));
    const error = await updateUser(client, 13, { username: "grace", jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([{ path: "username", message: "The username must be unique." }]);
    expect(sim.users.get("13")).toEqual(before);
  });

  it("email: the vendor refuses a bad format (HTTP 200), the client before sending; null clears; not unique", async () => {
    const { sim, client, raw } = await start();
    const answer = await raw("/api/v1/users/13", { method: "PATCH", body: '{"email":"nope"}' }).then((r) => r.json());
    expect(answer.messages).toEqual({ email: ["The email field must be a valid email address."] });
    await expect(updateUser(client, 13, { email: "nope" })).rejects.toBeInstanceOf(InvalidInputError);
    await updateUser(client, 13, { email: "grace@example.com" });
    expect(sim.users.get("13")?.email).toBe("grace@example.com");
    await updateUser(client, 13, { email: null });
    expect(sim.users.get("13")?.email).toBeNull();
  });

  it("end_date before start_date is refused per field; nothing stored", async () => {
    const { sim, client } = await start();
    const before = structuredClone(sim.users.get("13"));
    const error = await updateUser(client, 13, { start_date: "2025-01-02", end_date: "2025-01-01" }).catch((e) => e);
    expect(error.issues).toEqual([
      { path: "end_date", message: "The end date field must be a date after or equal to start date." },
    ]);
    expect(sim.users.get("13")).toEqual(before);
  });

  it("'You cannot be your own manager' is an HTTP 200 failure; nothing stored", async () => {
    const { sim, client } = await start();
    const before = structuredClone(sim.users.get("13"));
    const error = await updateUser(client, 13, { manager_id: 13, jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "", message: "You cannot be your own manager" }]);
    expect(sim.users.get("13")).toEqual(before);
  });

  it("the demo lock on users 1 and 2 is an HTTP 200 failure", async () => {
    const { sim, client } = await start({ demoLock: true, users: { "1": { ...ada(), id: 1 } } });
    const error = await updateUser(client, 1, { jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(sim.users.get("1")?.jobtitle).toBe("R&D lead");
  });

  it("a malformed JSON body is 422 'Invalid JSON'; nothing stored", async () => {
    const { sim, raw } = await start();
    const before = structuredClone(sim.users.get("13"));
    const response = await raw("/api/v1/users/13", { method: "PATCH", body: '{"jobtitle":' });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ status: "error", messages: "Invalid JSON", payload: null });
    expect(sim.users.get("13")).toEqual(before);
  });

  it("activated as 1/0 and as booleans (testApiUsersCanBeActivatedWithNumber / …WithBooleanFalse)", async () => {
    const { sim, raw, client } = await start();
    await raw("/api/v1/users/13", { method: "PATCH", body: '{"activated":0}' });
    expect(sim.users.get("13")?.activated).toBe(false);
    await updateUser(client, 13, { activated: true });
    expect(sim.users.get("13")?.activated).toBe(true);
  });

  it("a boolean field with another value is refused per field (User.php rules); nothing stored", async () => {
    const { sim, raw } = await start();
    const before = structuredClone(sim.users.get("13"));
    const answer = await raw("/api/v1/users/13", { method: "PATCH", body: '{"vip":"yes","jobtitle":"x"}' });
    expect(await answer.json()).toEqual({
      status: "error",
      messages: { vip: ["The vip field must be true or false."] },
      payload: null,
    });
    expect(sim.users.get("13")).toEqual(before);
  });

  it("401 is {error} → AuthenticationError; 403 is Laravel's {message} → PermissionDeniedError, nothing stored", async () => {
    const { sim } = await start();
    const wrong = createClient({ baseUrl: sim.url, token: "wrong-token", maxRetries: 0 });
    const e401 = await getUser(wrong, 13).catch((e) => e);
    expect(e401).toBeInstanceOf(AuthenticationError);
    expect(e401.issues).toEqual([{ path: "", message: "Unauthorized or unauthenticated." }]);
    const ro = await start({ actor: { superuser: false, canEdit: false } });
    const before = structuredClone(ro.sim.users.get("13"));
    const e403 = await updateUser(ro.client, 13, { jobtitle: "x" }).catch((e) => e);
    expect(e403).toBeInstanceOf(PermissionDeniedError);
    expect(e403.issues).toEqual([{ path: "", message: "This action is unauthorized." }]);
    expect(ro.sim.users.get("13")).toEqual(before);
  });

  it("the throttle answers 429 without Retry-After: the client backs off, then RateLimitError", async () => {
    const { sim } = await start({ rateLimit: { limit: 1 } });
    const client = createClient({ baseUrl: sim.url, token: "snipeit-sim-token-4f1c", maxRetries: 1 });
    await getUser(client, 13);
    const error = await updateUser(client, 13, { jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBeUndefined();
    expect(sim.exchanges.at(-1)).toMatchObject({ status: 429, body: { messages: "Too many requests" } });
    expect(sim.users.get("13")?.jobtitle).toBe("R&D lead");
  });

  it("GET /users?email= is an exact match (UsersController.php:116-118)", async () => {
    const { raw } = await start();
    const exact = await raw("/api/v1/users?email=ada%40example.com").then((r) => r.json());
    expect(exact.total).toBe(1);
    expect(exact.rows[0].id).toBe(13);
    const partial = await raw("/api/v1/users?email=example.com").then((r) => r.json());
    expect(partial).toEqual({ total: 0, rows: [] });
  });
});
