/** Type tests (vitest typecheck): what the public types admit and refuse. */
import { describe, expectTypeOf, it } from "vitest";
import {
  type CallOptions,
  type ClientOptions,
  createClient,
  getUser,
  planUpdate,
  type User,
  type UserUpdate,
  updateUser,
  type ZluriClient,
} from "../src/index.js";

describe("@userbridge/zluri types", () => {
  it("needs an apiKey; the base URL is optional", () => {
    expectTypeOf(createClient).parameter(0).toEqualTypeOf<ClientOptions>();
    expectTypeOf<ClientOptions["apiKey"]>().toEqualTypeOf<string>();
    // @ts-expect-error apiKey is required
    createClient({ baseUrl: "https://api-ext.zluri.com/ext/v2" });
  });

  it("getUser and updateUser resolve to a User; ids are strings", () => {
    expectTypeOf(getUser).parameters.toEqualTypeOf<[ZluriClient, string, (CallOptions | undefined)?]>();
    expectTypeOf(getUser).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(updateUser).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(planUpdate).parameter(2).toEqualTypeOf<UserUpdate>();
  });

  it("UserUpdate admits the documented fields and values only", () => {
    const ok: UserUpdate = {
      user_status: "suspended",
      user_account_type: "service",
      optimization_inclusion: "exclude for unused",
      primary_source: { keyword: "okta" },
      user_custom_fields: [{ field_id: "679b613f315ee0a11cb67bd1", field_value: ["any", 1] }],
    };
    expectTypeOf(ok).toExtend<UserUpdate>();
    // @ts-expect-error not one of the four statuses
    const status: UserUpdate = { user_status: "retired" };
    // @ts-expect-error the read's spelling is not the update's
    const inclusion: UserUpdate = { optimization_inclusion: "Excluded for Unused" };
    // @ts-expect-error keyword is required in primary_source
    const source: UserUpdate = { primary_source: { integration_id: "5f9a1c2b3d4e5f6a7b8c9d0e" } };
    // @ts-expect-error unknown field
    const unknown: UserUpdate = { nickname: "Ada" };
    void [status, inclusion, source, unknown];
  });
});
