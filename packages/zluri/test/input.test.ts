/**
 * Input validation: bad input is refused locally with one InvalidInputError naming every
 * problem, and nothing reaches the network (a local server counts what arrives).
 */
import { InvalidInputError } from "@userbridge/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { json, startServer, type TestServer } from "../../../test/support/server.js";
import { createClient, getUser, planUpdate, type UserUpdate, updateUser } from "../src/index.js";

const ID = "64b7f0c2a1d3e4f5a6b7c8d9";
const OID = "681047a5b5c755b83e0ff982";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(json(200, { user: { user_id: ID } }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const client = () => createClient({ baseUrl: server.url, apiKey: "k-123456", maxRetries: 0, verify: false });

async function rejected(changes: unknown, id = ID) {
  const error = await updateUser(client(), id, changes as UserUpdate).catch((e) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(error.operation).toBe("updateUser");
  expect(server.received).toHaveLength(0);
  return error as InvalidInputError;
}

describe("updateUser input validation", () => {
  it("names a malformed ObjectId, an unknown enum value and primary_source without keyword together", async () => {
    const error = await rejected(
      { user_status: "retired", primary_source: { org_integration_id: OID } },
      "64b7f0c2a1d3e4f5a6b7c8dz",
    );
    expect(error.issues).toEqual([
      { path: "user_id", message: "must match ^[0-9a-fA-F]{24}$" },
      { path: "user_status", message: 'must be one of "active", "inactive", "suspended", "unknown"' },
      { path: "primary_source.keyword", message: "is required" },
    ]);
    expect(error.message).toContain("primary_source.keyword: is required");
  });

  it("checks every *_id field, nested ones included", async () => {
    const error = await rejected({
      user_department_id: "123",
      reporting_manager_id: `${OID}0`,
      primary_source: { keyword: "okta", org_integration_id: "g".repeat(24), integration_id: 42 },
      user_custom_fields: [{ field_id: OID, field_value: 1 }, { field_id: "x", field_value: 2 }, { field_value: 3 }],
    });
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "user_department_id", message: "must match ^[0-9a-fA-F]{24}$" },
        { path: "reporting_manager_id", message: "must match ^[0-9a-fA-F]{24}$" },
        { path: "primary_source.org_integration_id", message: "must match ^[0-9a-fA-F]{24}$" },
        { path: "primary_source.integration_id", message: "must be string" },
        { path: "user_custom_fields.1.field_id", message: "must match ^[0-9a-fA-F]{24}$" },
        { path: "user_custom_fields.2.field_id", message: "is required" },
      ]),
    );
    expect(error.issues).toHaveLength(6);
  });

  it("takes the enums exactly as documented (no other spelling or case)", async () => {
    const error = await rejected({
      user_account_type: "Employee",
      optimization_inclusion: "Excluded for Unused", // how the list filter spells it, not the update
    });
    expect(error.issues.map((i) => i.path)).toEqual(["user_account_type", "optimization_inclusion"]);
  });

  it.each(["not-an-email", "ada@localhost", "ada..lovelace@example.com", ".ada@example.com", "ada@example.com "])(
    "refuses the email %j (as Prism's format check does)",
    async (email) => {
      const error = await rejected({ user_email: email, user_personal_email: email });
      expect(error.issues).toEqual([
        { path: "user_email", message: "must be a valid email" },
        { path: "user_personal_email", message: "must be a valid email" },
      ]);
    },
  );

  it("refuses unknown fields, wrong types and an empty change", async () => {
    const error = await rejected({ nickname: "x", user_archive: "yes", user_name: 7 });
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "nickname", message: "is not a known field" },
        { path: "user_archive", message: "must be boolean" },
        { path: "user_name", message: "must be string" },
      ]),
    );
    expect((await rejected({})).issues).toEqual([{ path: "", message: "no field to change" }]);
    // Undefined members vanish on the wire, so they do not count as a change.
    expect((await rejected({ user_name: undefined })).issues).toEqual([{ path: "", message: "no field to change" }]);
    expect((await rejected(null)).issues).toEqual([{ path: "", message: "must be an object of the fields to change" }]);
  });

  it("refuses what cannot be sent as JSON instead of throwing something untyped", async () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 100; i++) cur = cur.a = {};
    for (const field_value of [10n, deep]) {
      const error = await rejected({ user_custom_fields: [{ field_id: OID, field_value }] });
      expect(error.issues[0]?.message).toMatch(/^must be (JSON data|a number, not a BigInt)/);
    }
  });

  it("drops prototype keys from the input", async () => {
    const changes = JSON.parse(`{"user_name":"Ada","__proto__":{"admin":true}}`);
    const plan = await planUpdate(client(), ID, changes);
    expect(plan.writes[0]?.body).toEqual({ user_name: "Ada" });
    expect(Object.getPrototypeOf(plan.writes[0]?.body)).toBe(Object.prototype);
  });

  it("planUpdate validates the same way and sends nothing", async () => {
    const error = await planUpdate(client(), "nope", { user_status: "gone" } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(["user_id", "user_status"]);
    const plan = await planUpdate(client(), ID, { user_designation: "CTO" });
    expect(plan).toMatchObject({
      vendor: "zluri",
      reads: [],
      writes: [
        { method: "PATCH", path: "/users/{user_id}", pathParams: { user_id: ID }, body: { user_designation: "CTO" } },
      ],
    });
    expect(server.received).toHaveLength(0);
  });

  it("sends a valid update (the server above does answer)", async () => {
    await updateUser(client(), ID, { user_email: "Ada.Lovelace+it@Example.co.uk" });
    expect(server.received).toHaveLength(1);
  });
});

describe("getUser input validation", () => {
  it.each(["", "64b7f0c2a1d3e4f5a6b7c8d", "../users", 42])("refuses the id %j before sending", async (id) => {
    const error = await getUser(client(), id as string).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.operation).toBe("getUser");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path).toBe("user_id");
    expect(server.received).toHaveLength(0);
  });
});
