/**
 * Port of Snipe-IT's tests/Feature/Users/Api/UserSearchTest.php (snipe/snipe-it@5aa5c48018), one
 * `it` per PHP test method, against the simulator's users index.
 */
import { describe, expect, it } from "vitest";
import { actors, factoryUser, featureWorld, ok, route } from "./support.js";

type Row = { name: string; first_name: string };
const rows = async (res: Response) => (await ok(res)).rows as Row[];
const deleted = { deleted_at: "2025-01-01 00:00:00" };

describe("UserSearchTest (ported)", () => {
  it("UserSearchTest::testCanSearchByUserFirstAndLastName", async () => {
    const world = featureWorld([
      factoryUser({ first_name: "Luke", last_name: "Skywalker" }),
      factoryUser({ first_name: "Darth", last_name: "Vader" }),
    ]);
    const api = await world.actingAsForApi(actors.viewUsers());
    const results = await rows(await api.getJson(route.users, { search: "luke sky" }));
    expect(results).toHaveLength(1);
    expect(results.some((r) => r.name.includes("Luke"))).toBe(true);
    expect(results.some((r) => r.name.includes("Darth"))).toBe(false);
  });

  const query = (deletedFlag: string) => ({
    deleted: deletedFlag,
    company_id: "",
    search: "user",
    order: "asc",
    offset: "0",
    limit: "20",
  });

  it("UserSearchTest::testResultsWhenSearchingForActiveUsers", async () => {
    const world = featureWorld([
      factoryUser({ first_name: "Active", last_name: "User" }),
      factoryUser({ first_name: "Deleted", last_name: "User", ...deleted }),
    ]);
    const api = await world.actingAsForApi(actors.viewUsers());
    const firstNames = (await rows(await api.getJson(route.users, query("false")))).map((r) => r.first_name);
    expect(firstNames).toContain("Active");
    expect(firstNames).not.toContain("Deleted");
  });

  it("UserSearchTest::testResultsWhenSearchingForDeletedUsers", async () => {
    const world = featureWorld([
      factoryUser({ first_name: "Active", last_name: "User" }),
      factoryUser({ first_name: "Deleted", last_name: "User", ...deleted }),
    ]);
    const api = await world.actingAsForApi(actors.viewUsers());
    const firstNames = (await rows(await api.getJson(route.users, query("true")))).map((r) => r.first_name);
    expect(firstNames).not.toContain("Active");
    expect(firstNames).toContain("Deleted");
  });

  const companies = () =>
    featureWorld(
      [
        factoryUser({ first_name: "Company A", last_name: "User", company_id: 1 }),
        factoryUser({ first_name: "Company B", last_name: "User", company_id: 2 }),
      ],
      { fullCompanySupport: true },
    );

  it("UserSearchTest::testUsersScopedToCompanyWhenMultipleFullCompanySupportEnabled", async () => {
    const api = await companies().actingAsForApi(actors.viewUsers(1));
    const names = (await rows(await api.getJson(route.users))).map((r) => r.name);
    expect(names.some((n) => n.includes("Company A"))).toBe(true);
    expect(names.some((n) => n.includes("Company B"))).toBe(false);
  });

  it("UserSearchTest::testUsersScopedToCompanyDuringSearchWhenMultipleFullCompanySupportEnabled", async () => {
    const api = await companies().actingAsForApi(actors.viewUsers(1));
    // 'company_id' => null: http_build_query leaves it out.
    const results = await rows(
      await api.getJson(route.users, {
        deleted: "false",
        company_id: null,
        search: "user",
        order: "asc",
        offset: "0",
        limit: "20",
      }),
    );
    const names = results.map((r) => r.name);
    expect(names.some((n) => n.includes("Company A"))).toBe(true);
    expect(names.some((n) => n.includes("Company B"))).toBe(false);
  });

  it("UserSearchTest::testUsersIndexWhenInvalidSortFieldIsPassed", async () => {
    const api = await featureWorld([factoryUser()]).actingAsForApi(actors.viewUsers());
    const res = await api.getJson(route.users, { sort: "assets" });
    expect(res.status).toBe(200);
    expect((await res.json()).total).toBe(1);
  });
});
