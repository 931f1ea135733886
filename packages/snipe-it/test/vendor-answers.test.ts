/**
 * Each test answers exactly what Snipe-IT's code answers (cited per test, at
 * snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054) from a local node:http server.
 */
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnappliedChangesError,
  ValidationError,
} from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { json, serverPerTest } from "../../../test/support/server.js";
import { createClient, getUser, planUpdate, updateUser } from "../src/index.js";
import { renderedUser } from "./support/rendered.js";

const serve = serverPerTest();
// Canned answers, mostly not the change asked for: verification only where a test turns it on.
const clientFor = (url: string, maxRetries = 0, verify = false) =>
  createClient({ baseUrl: url, token: "tok-abcdef", maxRetries, verify });
const envelope = (status: "success" | "error", messages: unknown, payload: unknown = null) => ({
  status,
  messages,
  payload,
});
const updated = (overrides: Record<string, unknown> = {}) =>
  json(200, envelope("success", "User was successfully updated.", renderedUser(overrides)));
const sentBody = (server: { received: { body: string }[] }) => JSON.parse(server.received[0]?.body ?? "null");

describe("snipe-it: reading a user", () => {
  it("returns the bare user GET /users/{id} answers (UsersController.php:434)", async () => {
    const server = await serve(json(200, renderedUser()));
    const user = await getUser(clientFor(server.url), 13);
    expect(user.id).toBe(13);
    expect(user.username).toBe("ada");
  });

  it("turns the HTTP-200 'User does not exist…' envelope into NotFoundError (UsersController.php:437)", async () => {
    const message = "User does not exist or you do not have permission view them.";
    const server = await serve(json(200, envelope("error", message)));
    const error = await getUser(clientFor(server.url), 99).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([{ path: "", message }]);
  });

  it("HTML-decodes every plain string, keeps notes as rendered HTML and dates as objects (UsersTransformer.php)", async () => {
    const server = await serve(json(200, renderedUser()));
    const user = await getUser(clientFor(server.url), 13);
    expect(user.last_name).toBe("O'Brien");
    expect(user.name).toBe("Ada O'Brien");
    expect(user.jobtitle).toBe("R&D lead");
    expect(user.manager?.name).toBe('Grace "Amazing" Hopper');
    expect(user.department?.name).toBe("R&D");
    expect(user.groups?.rows?.[0]?.name).toBe("Ops <EU>");
    expect(user.notes).toBe("<strong>key</strong> account &amp; friend");
    expect(user.start_date).toEqual({ date: "2025-06-01", formatted: "2025-06-01" });
    expect(user.created_at).toEqual({ datetime: "2025-05-23 10:00:00", formatted: "2025-05-23 10:00 AM" });
  });
});

describe("snipe-it: updating a user", () => {
  it("HTML-decodes the updated user it returns (UsersController.php:517)", async () => {
    const server = await serve(updated({ first_name: "Zo&#039;e" }));
    const user = await updateUser(clientFor(server.url), 13, { first_name: "Zo'e" });
    expect(user.first_name).toBe("Zo'e");
    expect(user.department?.name).toBe("R&D");
    expect(sentBody(server)).toEqual({ first_name: "Zo'e" });
  });

  it("sends permissions as a JSON string, as the vendor's tests do (UpdateUserTest.php:38), from an object", async () => {
    const server = await serve(updated());
    await updateUser(clientFor(server.url), 13, { permissions: { "reports.view": "1", admin: "-1" } });
    expect(sentBody(server)).toEqual({ permissions: '{"reports.view":"1","admin":"-1"}' });
  });

  it("sends a permissions string as given, refuses one that is not a JSON object, and sends null", async () => {
    const server = await serve(updated());
    const client = clientFor(server.url);
    await updateUser(client, 13, { permissions: '{"reports.view":"0"}' });
    expect(sentBody(server)).toEqual({ permissions: '{"reports.view":"0"}' });
    for (const bad of ["[1]", "nope", '{"reports.view":"2"}']) {
      const error = await updateUser(client, 13, { permissions: bad }).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.issues[0].path).toMatch(/^permissions/);
    }
    await updateUser(client, 13, { permissions: null });
    expect(JSON.parse(server.received[1]?.body ?? "")).toEqual({ permissions: null });
    expect(server.received).toHaveLength(2);
  });

  it("offers the fillable fields the doc page leaves out, and null for email and groups (User.php:42-110)", async () => {
    const server = await serve(updated({ groups: null }));
    const changes = {
      vip: true,
      start_date: "2021-08-01",
      end_date: "2025-12-31",
      website: "https://example.com",
      address: "1 Main St",
      city: "Lyon",
      state: "RH",
      country: "FR",
      zip: "69001",
      locale: "fr-FR",
      autoassign_licenses: false,
      email: null,
      groups: null,
    };
    await updateUser(clientFor(server.url), 13, changes);
    expect(sentBody(server)).toEqual(changes);
  });

  it("refuses two_factor_optin / two_factor_enrolled: Snipe-IT never applies them (not in User.php:42-73)", async () => {
    const server = await serve(updated());
    const error = await updateUser(clientFor(server.url), 13, {
      two_factor_optin: true,
      two_factor_enrolled: false,
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([
      { path: "two_factor_optin", message: "is not a known field" },
      { path: "two_factor_enrolled", message: "is not a known field" },
    ]);
    expect(server.received).toHaveLength(0);
  });

  it("reports groups a non-superuser token could not set, which Snipe-IT ignores silently (UsersController.php:504)", async () => {
    // A non-superuser's PATCH with groups: "success", and the user's groups unchanged.
    const server = await serve(updated({ jobtitle: "CTO" }));
    const error = await updateUser(clientFor(server.url, 0, true), 13, { jobtitle: "CTO", groups: [1, 2] }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "groups", requested: [1, 2], stored: expect.anything() }]);
    expect(error.user.jobtitle).toBe("CTO");
  });

  it("accepts groups that were applied (superuser token), in any order", async () => {
    const rows = [
      { id: 2, name: "B" },
      { id: 1, name: "A" },
    ];
    const server = await serve(updated({ groups: { total: 2, rows } }));
    const user = await updateUser(clientFor(server.url, 0, true), 13, { groups: [1, 2] });
    expect(user.groups?.total).toBe(2);
    const cleared = await serve(updated({ groups: null }));
    await expect(updateUser(clientFor(cleared.url, 0, true), 13, { groups: null })).resolves.toMatchObject({
      groups: null,
    });
  });

  it("plans a PATCH only: PUT is a full update in Snipe-IT (SaveUserRequest.php:53-57)", async () => {
    const plan = await planUpdate(clientFor("http://127.0.0.1:9"), 13, { jobtitle: "CTO" });
    expect(plan.writes.map((w) => w.method)).toEqual(["PATCH"]);
  });

  it("keeps the per-field messages of an HTTP-200 validation failure (UsersController.php:519, Handler.php:182)", async () => {
    const messages = { username: ["The username must be unique."] };
    const server = await serve(json(200, envelope("error", messages)));
    const error = await updateUser(clientFor(server.url), 13, { username: "taken" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "username", message: "The username must be unique." }]);
  });

  it("maps the HTTP-200 'User not found' of route-model binding to NotFoundError (Handler.php:100-102)", async () => {
    const server = await serve(json(200, envelope("error", "User not found")));
    const error = await updateUser(clientFor(server.url), 99, { jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

describe("snipe-it: real statuses", () => {
  it("401 {error} → AuthenticationError (Handler.php:174)", async () => {
    const server = await serve(json(401, { error: "Unauthorized or unauthenticated." }));
    const error = await getUser(clientFor(server.url), 13).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "Unauthorized or unauthenticated." }]);
  });

  it("403 Laravel {message} → PermissionDeniedError with the message (UsersController.php:452, Handler.php:160)", async () => {
    const server = await serve(json(403, { message: "This action is unauthorized." }));
    const error = await updateUser(clientFor(server.url), 13, { jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.issues).toEqual([{ path: "", message: "This action is unauthorized." }]);
  });

  it("422 'Invalid JSON' envelope → ValidationError (Handler.php:72-74)", async () => {
    const server = await serve(json(422, envelope("error", "Invalid JSON")));
    const error = await updateUser(clientFor(server.url), 13, { jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect(error.issues).toEqual([{ path: "", message: "Invalid JSON" }]);
  });

  it("429 envelope without Retry-After: backs off, retries, then RateLimitError (Handler.php:113-114)", async () => {
    const tooMany = json(429, envelope("error", "Too many requests"));
    const server = await serve([tooMany, json(200, renderedUser())]);
    const user = await getUser(clientFor(server.url, 1), 13);
    expect(user.id).toBe(13);
    expect(server.received).toHaveLength(2);

    const always = await serve(tooMany);
    const error = await updateUser(clientFor(always.url, 1), 13, { jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.issues).toEqual([{ path: "", message: "Too many requests" }]);
    expect(always.received).toHaveLength(2);
  });
});
