import { describe, expectTypeOf, it } from "vitest";
import {
  type ClientOptions,
  createClient,
  type NexudusClient,
  type User,
  type UserUpdate,
  updateUser,
} from "../src/index.js";

describe("public types", () => {
  it("UserUpdate is a partial of the writable fields, without Id or read-only fields", () => {
    expectTypeOf<UserUpdate>().toMatchTypeOf<{
      FullName?: string;
      Language?: 1 | 2 | 3;
      UserRoles?: number[] | null;
    }>();
    const ok: UserUpdate = { FullName: "Ada", Language: 3, AddedUserRoles: [5] };
    // @ts-expect-error Id is the id argument, not a change
    const id: UserUpdate = { Id: 5 };
    // @ts-expect-error read-only field
    const readOnly: UserUpdate = { UpdatedOn: "2025-01-01" };
    // @ts-expect-error eLanguage is 1..3 on writes
    const language: UserUpdate = { Language: 0 };
    void [ok, id, readOnly, language];
  });

  it("updateUser returns the User record", () => {
    expectTypeOf(updateUser).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(updateUser).parameter(0).toEqualTypeOf<NexudusClient>();
  });

  it("ClientOptions takes exactly one way to authenticate", () => {
    createClient({ token: "t" });
    createClient({ username: "a", password: "b", clientId: "c", totp: () => "123456" });
    createClient({ username: "a", password: "b", basic: true });
    // @ts-expect-error a token and a password at once
    const both: ClientOptions = { token: "t", username: "a", password: "b" };
    // @ts-expect-error client_id belongs to the token endpoint, not to Basic
    const basicWithClient: ClientOptions = { username: "a", password: "b", basic: true, clientId: "c" };
    // @ts-expect-error no credentials
    const none: ClientOptions = { baseUrl: "https://spaces.nexudus.com" };
    void [both, basicWithClient, none];
  });
});
