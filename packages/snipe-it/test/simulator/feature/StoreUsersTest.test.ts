/** Port of Snipe-IT's tests/Feature/Users/Api/StoreUsersTest.php (snipe/snipe-it@5aa5c48018), one `it` per method. */
import { describe, expect, it } from "vitest";
import { actors, factoryUser, featureWorld, ok, route } from "./support.js";

const createUsers = () => ({ ...actors.plain(), canCreate: true });
const joe = { first_name: "Joe", username: "joe", password: "joe_password", password_confirmation: "joe_password" };

describe("StoreUsersTest (ported)", () => {
  it("StoreUsersTest::testRequiresPermission", async () => {
    const world = featureWorld([factoryUser()]);
    const res = await (await world.actingAsForApi(actors.plain())).json("POST", route.users, joe);
    expect(res.status).toBe(403);
  });

  it("StoreUsersTest::testCompanyIdNeedsToBeInteger", async () => {
    const world = featureWorld([], { directory: { companies: { 1: "Company" } } });
    const api = await world.actingAsForApi(createUsers());
    const body = await ok(await api.json("POST", route.users, { company_id: [1], ...joe }));
    expect(body.status).toBe("error");
    expect(body.messages).toHaveProperty("company_id");
  });

  it("StoreUsersTest::testDepartmentIdNeedsToBeInteger", async () => {
    const world = featureWorld([], { directory: { departments: { 1: "Department" } } });
    const api = await world.actingAsForApi(createUsers());
    const body = await ok(await api.json("POST", route.users, { department_id: [1], ...joe }));
    expect(body.status).toBe("error");
    expect(body.messages).toHaveProperty("department_id");
  });

  it("StoreUsersTest::testCanStoreUser", async () => {
    const world = featureWorld([]);
    const api = await world.actingAsForApi(createUsers());
    const body = await ok(
      await api.json("POST", route.users, {
        first_name: "Darth",
        username: "darthvader",
        password: "darth_password",
        password_confirmation: "darth_password",
      }),
    );
    expect(body.status).toBe("success");
    const id = (body.payload as { id: number }).id;
    expect(world.user(id)).toMatchObject({ first_name: "Darth", username: "darthvader" });
  });
});
