import { describe, expectTypeOf, it } from "vitest";
import { type ClientOptions, createClient, type User, type UserUpdate, updateUser } from "../src/index.js";

describe("public types", () => {
  it("UserUpdate has the writable fields and groups, but no id and no admin", () => {
    expectTypeOf<UserUpdate>().toHaveProperty("groups").toEqualTypeOf<string[] | undefined>();
    expectTypeOf<UserUpdate>().toHaveProperty("group_strings").toEqualTypeOf<string | undefined>();
    expectTypeOf<UserUpdate["status"]>().toEqualTypeOf<"Active" | "Pending" | "Disabled" | undefined>();
    expectTypeOf<UserUpdate>().not.toHaveProperty("id");
    expectTypeOf<UserUpdate>().not.toHaveProperty("admin");
    const client = createClient({ tenant: "acme", token: "t" });
    // @ts-expect-error the id comes from the path, never from the changes
    void updateUser(client, "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e", { id: "x", title: "CTO" });
    // @ts-expect-error `admin` was removed from the API
    void updateUser(client, "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e", { admin: true });
  });

  it("User carries groups split from group_strings", () => {
    expectTypeOf<User["groups"]>().toEqualTypeOf<string[]>();
    expectTypeOf<User["last_login"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("ClientOptions takes a tenant or a baseUrl, not both", () => {
    expectTypeOf<{ tenant: "acme"; token: "t" }>().toExtend<ClientOptions>();
    expectTypeOf<{ baseUrl: "https://acme.mynonemployee.com/api"; token: "t" }>().toExtend<ClientOptions>();
    expectTypeOf<{ tenant: "acme"; baseUrl: "https://x"; token: "t" }>().not.toExtend<ClientOptions>();
    expectTypeOf<{ token: "t" }>().not.toExtend<ClientOptions>();
  });
});
