import { describe, expectTypeOf, it } from "vitest";
import * as zluri from "../src/index.js";
import { createUser, listUsers, type User, type UserCreate } from "../src/index.js";

describe("lifecycle types", () => {
  it("createUser requires user_name and user_email, with the create's own field names", () => {
    const ok: UserCreate = { user_name: "A", user_email: "a@b.co", account_type: "external" };
    // @ts-expect-error user_email is required
    const noEmail: UserCreate = { user_name: "A" };
    // @ts-expect-error the create takes account_type, not the update's user_account_type
    const updateName: UserCreate = { user_name: "A", user_email: "a@b.co", user_account_type: "external" };
    // @ts-expect-error the create's status has no "unknown"
    const unknown: UserCreate = { user_name: "A", user_email: "a@b.co", user_status: "unknown" };
    void [ok, noEmail, updateName, unknown];
    expectTypeOf(createUser).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(listUsers).returns.toEqualTypeOf<AsyncIterable<User>>();
  });

  it("offers no deleteUser: Zluri documents none", () => {
    // @ts-expect-error no delete in the package
    void zluri.deleteUser;
  });
});
