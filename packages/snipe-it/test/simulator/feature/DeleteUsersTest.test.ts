/**
 * Port of Snipe-IT's tests/Feature/Users/Api/DeleteUsersTest.php (snipe/snipe-it@5aa5c48018), one
 * `it` per method. Locations and license seats are the simulator's `holdings` of the user.
 */
import { describe, expect, it } from "vitest";
import { actors, factoryUser, featureWorld, ok, route } from "./support.js";

const deleteUsers = (companyId: number | null = null, id?: number) => ({
  ...actors.plain(companyId),
  canDelete: true,
  ...(id === undefined ? {} : { id }),
});
const gone = { deleted_at: "2025-01-01 00:00:00" };
const statusOf = async (res: Response) => (await ok(res)).status;

describe("DeleteUsersTest (ported)", () => {
  it("DeleteUsersTest::testRequiresPermission", async () => {
    const user = factoryUser();
    const world = featureWorld([user]);
    const res = await (await world.actingAsForApi(actors.plain())).json("DELETE", route.user(user));
    expect(res.status).toBe(403);
    expect(world.user(user.id)?.deleted_at).toBeNull();
  });

  it("DeleteUsersTest::testErrorReturnedViaApiIfUserDoesNotExist", async () => {
    const api = await featureWorld([]).actingAsForApi(deleteUsers());
    expect(await statusOf(await api.json("DELETE", "/api/v1/users/invalid-id"))).toBe("error");
  });

  it("DeleteUsersTest::testErrorReturnedViaApiIfUserIsAlreadyDeleted", async () => {
    const user = factoryUser(gone);
    const api = await featureWorld([user]).actingAsForApi(deleteUsers());
    expect(await statusOf(await api.json("DELETE", route.user(user)))).toBe("error");
  });

  it("DeleteUsersTest::testDisallowUserDeletionViaApiIfStillManagingPeople", async () => {
    const manager = factoryUser();
    const reports = Array.from({ length: 5 }, () => factoryUser({ manager_id: manager.id }));
    const world = featureWorld([manager, ...reports]);
    const body = await ok(await (await world.actingAsForApi(deleteUsers())).json("DELETE", route.user(manager)));
    expect(body.status).toBe("error");
    expect(body.messages).toEqual({
      managed_users: ["This user still manages 5 users. Please select another manager for them first."],
    });
    expect(world.user(manager.id)?.deleted_at).toBeNull();
  });

  it("DeleteUsersTest::testDisallowUserDeletionViaApiIfStillManagingLocations", async () => {
    const manager = factoryUser();
    const world = featureWorld([manager], { holdings: { [manager.id]: { managedLocations: 5 } } });
    const body = await ok(await (await world.actingAsForApi(deleteUsers())).json("DELETE", route.user(manager)));
    expect(body.status).toBe("error");
    expect(world.user(manager.id)?.deleted_at).toBeNull();
  });

  it("DeleteUsersTest::testDisallowUserDeletionViaApiIfStillHasLicenses", async () => {
    const manager = factoryUser();
    const world = featureWorld([manager], { holdings: { [manager.id]: { licenses: 5 } } });
    const body = await ok(await (await world.actingAsForApi(deleteUsers())).json("DELETE", route.user(manager)));
    expect(body.status).toBe("error");
    expect(body.messages).toEqual({
      assigned_licenses: ["This user still has 5 license seats assigned. Please check them in first."],
    });
  });

  it("DeleteUsersTest::testUsersCannotDeleteThemselves", async () => {
    const user = factoryUser({ permissions: '{"users.delete":"1"}' });
    const world = featureWorld([user]);
    const body = await ok(
      await (await world.actingAsForApi(deleteUsers(null, user.id))).json("DELETE", route.user(user)),
    );
    expect(body).toEqual({
      status: "error",
      messages: { user: ["We would feel really bad if you deleted yourself, please reconsider."] },
      payload: null,
    });
    expect(world.user(user.id)?.deleted_at).toBeNull();
  });

  it("DeleteUsersTest::testAdheresToFullMultipleCompaniesSupportScoping", async () => {
    const [A, B] = [1, 2];
    const fromA = factoryUser({ company_id: A });
    const fromB = factoryUser({ company_id: B });
    const world = featureWorld([fromA, fromB], { fullCompanySupport: true });
    const as = (actor: ReturnType<typeof deleteUsers>) => world.actingAsForApi(actor);
    expect(await statusOf(await (await as(deleteUsers(A, fromA.id))).json("DELETE", route.user(fromB)))).toBe("error");
    expect(world.user(fromB.id)?.deleted_at).toBeNull();
    expect(await statusOf(await (await as(deleteUsers(B, fromB.id))).json("DELETE", route.user(fromA)))).toBe("error");
    expect(world.user(fromA.id)?.deleted_at).toBeNull();
    const su = await world.actingAsForApi(actors.superuser());
    expect(await statusOf(await su.json("DELETE", route.user(fromA)))).toBe("success");
    expect(world.user(fromA.id)?.deleted_at).not.toBeNull();
  });

  it("DeleteUsersTest::testCanDeleteUser", async () => {
    const user = factoryUser();
    const world = featureWorld([user]);
    const body = await ok(await (await world.actingAsForApi(deleteUsers())).json("DELETE", route.user(user)));
    expect(body).toEqual({ status: "success", messages: "User was successfully deleted.", payload: null });
    expect(world.user(user.id)?.deleted_at).not.toBeNull();
  });
});
