/** Port of Snipe-IT's tests/Feature/Users/Api/ViewUserTest.php (snipe/snipe-it@5aa5c48018). */
import { describe, expect, it } from "vitest";
import { actors, factoryUser, featureWorld, route } from "./support.js";

describe("ViewUserTest (ported)", () => {
  it("ViewUserTest::testCanReturnUser", async () => {
    const user = factoryUser();
    const api = await featureWorld([user]).actingAsForApi(actors.viewUsers());
    const res = await api.getJson(route.user(user));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: user.id, username: user.username });
  });
});
