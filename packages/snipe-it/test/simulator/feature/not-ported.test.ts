/**
 * Snipe-IT's users API feature tests (tests/Feature/Users/Api/*.php at snipe/snipe-it@5aa5c48018)
 * that are NOT ported, and why:
 *
 * - UsersForSelectListTest (testUsersAreReturned, testUsersCanBeSearchedByFirstAndLastName,
 *   testUsersCanBeSearchedByEmail, testUsersScopedToCompanyWhenMultipleFullCompanySupportEnabled,
 *   testUsersScopedToCompanyDuringSearchWhenMultipleFullCompanySupportEnabled): they test
 *   GET /api/v1/users/selectlist (UsersController::selectlist, :323-370), the select2 menu's
 *   paginated list, which our client does not use and the simulator does not model: it answers
 *   501 "not simulated" (asserted below).
 *
 * Every method of UpdateUserTest, UserSearchTest, ViewUserTest, StoreUsersTest, DeleteUsersTest and
 * RestoreUserTest is ported (next to this file).
 * What the ported tests cannot check: the activity log (none is written or read) and real assets
 * (a checked-out asset is the simulator's `holdings` entry with its company).
 */
import { describe, expect, it } from "vitest";
import { actors, factoryUser, featureWorld } from "./support.js";

describe("routes the ported tests would need but the simulator does not model", () => {
  it.each([["GET", "/api/v1/users/selectlist"]])("%s %s answers 501 'not simulated'", async (method, path) => {
    const api = await featureWorld([factoryUser()]).actingAsForApi(actors.superuser());
    const res = await api.json(method, path);
    expect(res.status).toBe(501);
    expect(await res.json()).toEqual({ error: `not simulated: ${method} ${path}`, method, path });
  });
});
