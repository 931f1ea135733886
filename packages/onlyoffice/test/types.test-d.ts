import { describe, expectTypeOf, it } from "vitest";
import { type ClientOptions, createClient, getUser, type User, type UserUpdate, updateUser } from "../src/index.js";

describe("public types", () => {
  it("takes a token, or a user name and password", () => {
    expectTypeOf<{ baseUrl: string; token: string }>().toExtend<ClientOptions>();
    expectTypeOf<{ baseUrl: string; userName: string; password: string }>().toExtend<ClientOptions>();
    // @ts-expect-error a user name needs its password
    createClient({ baseUrl: "https://office.example.com", userName: "admin@example.com" });
    // @ts-expect-error some credential is required
    createClient({ baseUrl: "https://office.example.com" });
  });

  it("admits only the fields a caller may change", () => {
    expectTypeOf<UserUpdate>().toHaveProperty("email");
    expectTypeOf<UserUpdate["lead"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<UserUpdate["sex"]>().toEqualTypeOf<"male" | "female" | undefined>();
    const client = createClient({ baseUrl: "https://office.example.com", token: "t" });
    // @ts-expect-error not a field of the update
    void updateUser(client, "id", { nickname: "x" });
    // @ts-expect-error contacts use the request's {Type, Value}
    void updateUser(client, "id", { contacts: [{ type: "mail", value: "a@example.com" }] });
  });

  it("returns the unwrapped employee", () => {
    const client = createClient({ baseUrl: "https://office.example.com", token: "t" });
    expectTypeOf(getUser(client, "id")).resolves.toEqualTypeOf<User>();
    expectTypeOf(updateUser(client, "id", { title: "CTO" })).resolves.toEqualTypeOf<User>();
    expectTypeOf<User["isVisitor"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<User["status"]>().toEqualTypeOf<1 | 2 | 4 | undefined>();
  });
});
