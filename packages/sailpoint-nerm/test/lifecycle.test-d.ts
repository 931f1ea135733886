import { describe, expectTypeOf, it } from "vitest";
import { createUser, deleteUser, listUsers, type User, type UserCreate } from "../src/index.js";

describe("lifecycle types", () => {
  it("createUser requires name, email, type and login", () => {
    const ok: UserCreate = { name: "A", email: "a@b.co", type: "NeaccessUser", login: "a", groups: ["g"] };
    // @ts-expect-error login is required
    const noLogin: UserCreate = { name: "A", email: "a@b.co", type: "NeaccessUser" };
    // @ts-expect-error type is one of NeprofileUser, NeaccessUser
    const badType: UserCreate = { name: "A", email: "a@b.co", type: "Robot", login: "a" };
    void [ok, noLogin, badType];
    expectTypeOf(createUser).returns.resolves.toEqualTypeOf<User>();
  });

  it("listUsers is an AsyncIterable of users with typed vendor filters; deleteUser takes the id", () => {
    expectTypeOf(listUsers).returns.toEqualTypeOf<AsyncIterable<User>>();
    type Query = NonNullable<Parameters<typeof listUsers>[1]>;
    // @ts-expect-error user_status is Active, Pending or Disabled
    const bad: Query = { user_status: "Gone" };
    // @ts-expect-error paging is the pager's
    const offset: Query = { offset: 2 };
    void [bad, offset];
    expectTypeOf(deleteUser).parameter(1).toEqualTypeOf<string>();
  });
});
