import { describe, expectTypeOf, it } from "vitest";
import { createUser, deleteUser, listUsers, type User, type UserCreate, type UserSummary } from "../src/index.js";

describe("lifecycle types", () => {
  it("createUser requires FullName and Email, refuses read-only fields, returns the User", () => {
    const ok: UserCreate = { FullName: "Ada", Email: "ada@example.com", Language: 1, UserRoles: [7] };
    // @ts-expect-error Email is required
    const noEmail: UserCreate = { FullName: "Ada" };
    // @ts-expect-error FullName is required
    const noName: UserCreate = { Email: "ada@example.com" };
    // @ts-expect-error read-only field
    const readOnly: UserCreate = { FullName: "Ada", Email: "a@b.co", UpdatedOn: "x" };
    void [ok, noEmail, noName, readOnly];
    expectTypeOf(createUser).returns.resolves.toEqualTypeOf<User>();
  });

  it("listUsers is an AsyncIterable of search records with typed vendor filters", () => {
    expectTypeOf(listUsers).returns.toEqualTypeOf<AsyncIterable<UserSummary>>();
    type Query = NonNullable<Parameters<typeof listUsers>[1]>;
    expectTypeOf<Query>().toMatchTypeOf<{ User_Active?: boolean; pageSize?: number; signal?: AbortSignal }>();
    // @ts-expect-error dir is Ascending or Descending
    const bad: Query = { dir: "up" };
    // @ts-expect-error paging is the pager's
    const page: Query = { page: 2 };
    void [bad, page];
    expectTypeOf(deleteUser).returns.resolves.toEqualTypeOf<void>();
  });
});
