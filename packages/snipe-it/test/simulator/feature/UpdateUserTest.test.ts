/**
 * Port of Snipe-IT's tests/Feature/Users/Api/UpdateUserTest.php (snipe/snipe-it@5aa5c48018), one
 * `it` per PHP test method, against the simulator. Every method is ported; the checked-out asset
 * of the multi-company tests is the simulator's `holdings` (an asset with its company).
 */
import { describe, expect, it } from "vitest";
import { checkPassword } from "../../../src/simulator.js";
import { actors, factoryUser, featureWorld, ok, route } from "./support.js";

// Company / Department / Location / Group factories → the simulator's directory.
const directory = {
  companies: { 1: "Company A", 2: "Company B" },
  departments: { 1: "Department" },
  locations: { 1: "Location" },
  groups: { 1: "Group A", 2: "Group B" },
};

async function updatesEveryField(method: "patchJson" | "putJson", extra: Record<string, unknown>) {
  const manager = factoryUser();
  const user = factoryUser({ activated: false, remote: false, vip: false });
  const world = featureWorld([manager, user], { directory });
  const api = await world.actingAsForApi(actors.superuser());
  const body = await ok(
    await api[method](route.user(user), {
      first_name: "Mabel",
      last_name: "Mora",
      username: "mabel",
      password: "super-secret",
      ...extra,
      email: "mabel@onlymurderspod.com",
      permissions: '{"a.new.permission":"1"}',
      activated: true,
      phone: "619-555-5555",
      jobtitle: "Host",
      manager_id: manager.id,
      employee_num: "1111",
      notes: "Pretty good artist",
      company_id: 1,
      department_id: 1,
      location_id: 1,
      remote: true,
      groups: 1,
      vip: true,
      start_date: "2021-08-01",
      end_date: "2025-12-31",
    }),
  );
  expect(body.status).toBe("success");
  const stored = world.user(user.id);
  expect(stored).toMatchObject({
    first_name: "Mabel",
    last_name: "Mora",
    username: "mabel",
    email: "mabel@onlymurderspod.com",
    activated: true,
    phone: "619-555-5555",
    jobtitle: "Host",
    manager_id: manager.id,
    employee_num: "1111",
    notes: "Pretty good artist",
    company_id: 1,
    department_id: 1,
    location_id: 1,
    remote: true,
    vip: true,
    start_date: "2021-08-01",
    end_date: "2025-12-31",
  });
  expect(checkPassword(stored as never, "super-secret")).toBe(true);
  expect(JSON.parse(stored?.permissions ?? "{}")).toHaveProperty(["a.new.permission"]);
  expect(stored?.groups).toContain(1);

  // `groups` can be an id or array or ids: `$this->patch()` sends a form body, groups[0]=…&groups[1]=…
  expect((await api.patch(route.user(user), { groups: [1, 2] })).status).toBe(200);
  expect(world.user(user.id)?.groups).toEqual([1, 2]);
}

describe("UpdateUserTest (ported)", () => {
  it("UpdateUserTest::testCanUpdateUserViaPatch", async () => {
    await updatesEveryField("patchJson", {});
  });

  it("UpdateUserTest::testCanUpdateUserViaPut", async () => {
    await updatesEveryField("putJson", { password_confirmation: "super-secret" });
  });

  it("UpdateUserTest::testApiUsersCanBeActivatedWithNumber", async () => {
    const user = factoryUser({ activated: false });
    const world = featureWorld([user]);
    const api = await world.actingAsForApi(actors.superuser());
    await api.patch(route.user(user), { activated: 1 });
    expect(world.user(user.id)?.activated).toBe(true);
  });

  it("UpdateUserTest::testApiUsersCanBeActivatedWithBooleanTrue", async () => {
    const user = factoryUser({ activated: false });
    const world = featureWorld([user]);
    const api = await world.actingAsForApi(actors.superuser());
    await api.patch(route.user(user), { activated: true });
    expect(world.user(user.id)?.activated).toBe(true);
  });

  it("UpdateUserTest::testApiUsersCanBeDeactivatedWithNumber", async () => {
    const user = factoryUser({ activated: true });
    const world = featureWorld([user]);
    const api = await world.actingAsForApi(actors.superuser());
    await api.patch(route.user(user), { activated: 0 });
    expect(world.user(user.id)?.activated).toBe(false);
  });

  it("UpdateUserTest::testApiUsersCanBeDeactivatedWithBooleanFalse", async () => {
    const user = factoryUser({ activated: true });
    const world = featureWorld([user]);
    const api = await world.actingAsForApi(actors.superuser());
    await api.patch(route.user(user), { activated: false });
    expect(world.user(user.id)?.activated).toBe(false);
  });

  it("UpdateUserTest::testUsersScopedToCompanyDuringUpdateWhenMultipleFullCompanySupportEnabled", async () => {
    const [A, B] = [1, 2];
    const inA = factoryUser({ company_id: A });
    const inB = factoryUser({ company_id: B });
    const inNone = factoryUser({ company_id: null });
    const world = featureWorld([inA, inB, inNone], { directory, fullCompanySupport: true });
    const statusOf = async (actor: ReturnType<typeof actors.admin>, target: { id: number }) =>
      (await ok(await (await world.actingAsForApi(actor)).patchJson(route.user(target)))).status;

    expect(await statusOf(actors.admin(A), inA)).toBe("success");
    expect(await statusOf(actors.admin(A), inB)).toBe("error");
    expect(await statusOf(actors.admin(A), inNone)).toBe("error");
    expect(await statusOf(actors.admin(B), inB)).toBe("success");
    expect(await statusOf(actors.admin(B), inA)).toBe("error");
    expect(await statusOf(actors.admin(B), inNone)).toBe("error");
    expect(await statusOf(actors.admin(null), inNone)).toBe("success");
    expect(await statusOf(actors.admin(null), inA)).toBe("error");
    expect(await statusOf(actors.admin(null), inB)).toBe("error");
  });

  it("UpdateUserTest::testUserGroupsAreOnlyUpdatedIfAuthenticatedUserIsSuperUser", async () => {
    const byEditor = factoryUser();
    const bySuperuser = factoryUser();
    const world = featureWorld([byEditor, bySuperuser], { directory });
    await (await world.actingAsForApi(actors.editUsers())).patchJson(route.user(byEditor), { groups: [1] });
    await (await world.actingAsForApi(actors.superuser())).patchJson(route.user(bySuperuser), { groups: [1] });
    expect(world.user(byEditor.id)?.groups).not.toContain(1);
    expect(world.user(bySuperuser.id)?.groups).toContain(1);
  });

  it("UpdateUserTest::testUserGroupsCanBeClearedBySuperUser", async () => {
    const one = factoryUser({ groups: [1] });
    const another = factoryUser({ groups: [1] });
    const world = featureWorld([one, another], { directory });
    await (await world.actingAsForApi(actors.editUsers())).patchJson(route.user(one), { groups: null });
    await (await world.actingAsForApi(actors.superuser())).patchJson(route.user(another), { groups: null });
    expect(world.user(one.id)?.groups).toContain(1);
    expect(world.user(another.id)?.groups).not.toContain(1);
  });

  it("UpdateUserTest::testNonSuperuserCannotUpdateOwnGroups", async () => {
    // The acting user updates themself; the simulator's actor is not a record, the target is.
    const self = factoryUser({ permissions: '{"users.edit":"1"}' });
    const world = featureWorld([self], { directory });
    await (await world.actingAsForApi(actors.editUsers())).patchJson(route.user(self), { groups: [1] });
    expect(world.user(self.id)?.groups).not.toContain(1);
  });

  it("UpdateUserTest::testNonSuperuserCannotUpdateGroups", async () => {
    const self = factoryUser({ permissions: '{"users.edit":"1"}', groups: [1] });
    const world = featureWorld([self], { directory });
    await (await world.actingAsForApi(actors.editUsers())).patchJson(route.user(self), { groups: [2] });
    expect(world.user(self.id)?.groups).not.toContain(2);
    expect(world.user(self.id)?.groups).toContain(1);
  });

  it("UpdateUserTest::testUsersGroupsAreNotClearedIfNoGroupPassedBySuperUser", async () => {
    const user = factoryUser({ groups: [1] });
    const world = featureWorld([user], { directory });
    await (await world.actingAsForApi(actors.superuser())).patchJson(route.user(user), []);
    expect(world.user(user.id)?.groups).toContain(1);
  });

  it("UpdateUserTest::testMultipleGroupsUpdateBySuperUser", async () => {
    const user = factoryUser();
    const world = featureWorld([user], { directory });
    await (await world.actingAsForApi(actors.superuser())).patchJson(route.user(user), { groups: [1, 2] });
    expect(world.user(user.id)?.groups).toEqual([1, 2]);
  });

  for (const name of [
    "testMultiCompanyUserCannotBeMovedIfHasAssetInDifferentCompany",
    "testMultiCompanyUserCanBeUpdatedIfHasAssetInSameCompany",
  ]) {
    it(`UpdateUserTest::${name}`, async () => {
      // Both PHP methods have the same body: an asset of company A, the user moved to B.
      const [A, B] = [1, 2];
      const user = factoryUser({ company_id: A });
      const world = featureWorld([user], { directory, fullCompanySupport: true });
      const api = await world.actingAsForApi(actors.superuser());
      const status = async (res: Promise<Response>) => (await ok(await res)).status;
      // no assets assigned, therefore success
      expect(await status(api.patchJson(route.user(user), { username: "test", company_id: B }))).toBe("success");
      expect(await status(api.putJson(route.user(user), { username: "test", first_name: "Test", company_id: B }))).toBe(
        "success",
      );
      world.holdings[user.id] = { assets: [{ company_id: A }] }; // $asset->checkOut($user, $superUser)
      // asset assigned from another company, therefore error
      const patched = await ok(await api.patchJson(route.user(user), { username: "test", company_id: B }));
      expect(patched).toEqual({
        status: "error",
        messages: {
          company_id: [
            "This user has items assigned that belong to a different company. Please check them in or edit their company.",
          ],
        },
        payload: null,
      });
      expect(await status(api.putJson(route.user(user), { username: "test", first_name: "Test", company_id: B }))).toBe(
        "error",
      );
    });
  }
});
