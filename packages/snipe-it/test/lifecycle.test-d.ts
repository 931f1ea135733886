import { describe, expectTypeOf, it } from "vitest";
import { createUser, deleteUser, listUsers, restoreUser, type User, type UserCreate } from "../src/index.js";

describe("lifecycle types", () => {
  it("createUser requires first_name, username and password; the confirmation is not the caller's", () => {
    const ok: UserCreate = { first_name: "A", username: "a", password: "long-enough", activated: true, groups: [1] };
    // @ts-expect-error username is required
    const noUsername: UserCreate = { first_name: "A", password: "long-enough" };
    // @ts-expect-error password is required
    const noPassword: UserCreate = { first_name: "A", username: "a" };
    // @ts-expect-error password_confirmation is sent for you
    const confirmation: UserCreate = { ...ok, password_confirmation: "long-enough" };
    void [ok, noUsername, noPassword, confirmation];
    expectTypeOf(createUser).returns.resolves.toEqualTypeOf<User>();
  });

  it("listUsers is an AsyncIterable of users with typed vendor filters; delete and restore take the id", () => {
    expectTypeOf(listUsers).returns.toEqualTypeOf<AsyncIterable<User>>();
    type Query = NonNullable<Parameters<typeof listUsers>[1]>;
    const good: Query = { search: "ada", activated: 1, sort: "last_name", order: "asc", pageSize: 100 };
    // @ts-expect-error order is asc or desc
    const bad: Query = { order: "up" };
    // @ts-expect-error paging is the pager's
    const offset: Query = { offset: 2 };
    void [good, bad, offset];
    expectTypeOf(deleteUser).parameter(1).toEqualTypeOf<number>();
    expectTypeOf(restoreUser).parameter(1).toEqualTypeOf<number>();
  });
});
