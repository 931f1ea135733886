/** Port of Snipe-IT's tests/Feature/Users/Api/RestoreUserTest.php (snipe/snipe-it@5aa5c48018), one `it` per method. */
import { describe, expect, it } from "vitest";
import { actors, factoryUser, featureWorld, ok, route } from "./support.js";

const deleteUsers = (companyId: number | null = null) => ({ ...actors.plain(companyId), canDelete: true });
const gone = { deleted_at: "2025-01-01 00:00:00" };
const restore = (u: { id: number } | string) =>
  `${typeof u === "string" ? `/api/v1/users/${u}` : route.user(u)}/restore`;
const statusOf = async (res: Response) => (await ok(res)).status;

describe("RestoreUserTest (ported)", () => {
  it("RestoreUserTest::testErrorReturnedViaApiIfUserDoesNotExist", async () => {
    const api = await featureWorld([]).actingAsForApi(deleteUsers());
    expect(await statusOf(await api.json("POST", restore("invalid-id")))).toBe("error");
  });

  it("RestoreUserTest::testErrorReturnedViaApiIfUserIsNotDeleted", async () => {
    const user = factoryUser();
    const api = await featureWorld([user]).actingAsForApi(deleteUsers());
    const body = await ok(await api.json("POST", restore(user)));
    expect(body).toEqual({
      status: "error",
      messages: null,
      payload: "The User was not deleted and therefore cannot be restored",
    });
  });

  it("RestoreUserTest::testDeniedPermissionsForRestoringUserViaApi", async () => {
    const user = factoryUser(gone);
    const api = await featureWorld([user]).actingAsForApi(actors.plain());
    expect((await api.json("POST", restore(user))).status).toBe(403);
  });

  it("RestoreUserTest::testSuccessPermissionsForRestoringUserViaApi", async () => {
    const user = factoryUser(gone);
    const world = featureWorld([user]);
    const body = await ok(await (await world.actingAsForApi(actors.admin())).json("POST", restore(user)));
    expect(body).toEqual({ status: "success", messages: "User was successfully restored.", payload: null });
    expect(world.user(user.id)?.deleted_at).toBeNull();
  });

  it("RestoreUserTest::testPermissionsForRestoringIfNotInSameCompanyAndNotSuperadmin", async () => {
    const [A, B] = [1, 2];
    const fromA = factoryUser({ company_id: A, ...gone });
    const fromB = factoryUser({ company_id: B, ...gone });
    const world = featureWorld([fromA, fromB], { fullCompanySupport: true });
    const asA = await world.actingAsForApi(deleteUsers(A));
    expect(await statusOf(await asA.json("POST", restore(fromB)))).toBe("error");
    expect(world.user(fromB.id)?.deleted_at).not.toBeNull();
    const asB = await world.actingAsForApi(deleteUsers(B));
    expect(await statusOf(await asB.json("POST", restore(fromA)))).toBe("error");
    expect(world.user(fromA.id)?.deleted_at).not.toBeNull();
    const su = await world.actingAsForApi(actors.superuser());
    expect(await statusOf(await su.json("POST", restore(fromA)))).toBe("success");
    expect(world.user(fromA.id)?.deleted_at).toBeNull();
  });
});
