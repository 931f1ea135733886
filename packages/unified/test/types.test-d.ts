import { describe, expectTypeOf, it } from "vitest";
import { snipeIt } from "../src/adapters/snipe-it.js";
import { connect, type NormalizedUser } from "../src/index.js";

const users = connect(snipeIt({ baseUrl: "https://assets.example.com", token: "t" }));

describe("compile-time capabilities", () => {
  it("admits the fields the adapter supports, typed", () => {
    expectTypeOf(users.update).toBeCallableWith("13", { title: "CTO", active: true, email: "a@example.com" });
    expectTypeOf(users.update("13", { title: "CTO" })).resolves.toEqualTypeOf<
      NormalizedUser<"snipe-it", import("@userbridge/snipe-it").User>
    >();
  });

  it("rejects a field the vendor cannot set", () => {
    // @ts-expect-error Snipe-IT cannot set `admin`
    users.update("13", { admin: true });
    // @ts-expect-error Snipe-IT cannot set `displayName` (its name is derived)
    users.plan("13", { displayName: "Ada" });
    // @ts-expect-error not a normalized field at all
    users.update("13", { nickname: "x" });
  });

  it("rejects a value of the wrong type", () => {
    // @ts-expect-error `active` is a boolean
    users.update("13", { active: "yes" });
  });

  it("types the vendor escape hatch from the vendor's schema", () => {
    expectTypeOf(users.update).toBeCallableWith("13", { vendor: { remote: true, groups: [1, 2] } });
    // @ts-expect-error `remote` is a boolean in the Snipe-IT spec
    users.update("13", { vendor: { remote: "yes" } });
    // @ts-expect-error not a Snipe-IT field
    users.update("13", { vendor: { favourite_colour: "blue" } });
  });

  it("exposes the capabilities as a literal union", () => {
    expectTypeOf(users.capabilities).toEqualTypeOf<
      readonly (
        | "givenName"
        | "familyName"
        | "email"
        | "username"
        | "password"
        | "title"
        | "departmentId"
        | "managerId"
        | "locationId"
        | "employeeNumber"
        | "phone"
        | "notes"
        | "active"
      )[]
    >();
  });
});
