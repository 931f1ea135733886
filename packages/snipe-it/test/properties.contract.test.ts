import { InvalidInputError } from "@userbridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { assertHostileRefused } from "../../../test/support/hostile.js";
import { createClient, findUserByEmail, getUser, planUpdate, updateUser } from "../src/index.js";

const rec = recordingFetch();
// Prism answers its example user, not the change: nothing to verify against.
const client = createClient({
  baseUrl: prismUrl("snipe-it"),
  token: "t0ken-value",
  fetch: rec.fetch,
  maxRetries: 0,
  verify: false,
});

/** Bodies near the spec: right and wrong types, formats, unknown keys, nulls. */
const value = fc.oneof(
  fc.string(),
  fc.emailAddress(),
  fc.integer({ min: -5, max: 5000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("2021-08-01", "https://example.com", '{"admin":"1"}'),
  fc.array(fc.integer({ min: -1, max: 20 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom("admin", "superuser", "reports.view"), fc.constantFrom("1", "0", "-1", "2")),
);
const key = fc.constantFrom(
  "first_name",
  "last_name",
  "username",
  "password",
  "email",
  "jobtitle",
  "phone",
  "notes",
  "employee_num",
  "activated",
  "manager_id",
  "company_id",
  "department_id",
  "location_id",
  "remote",
  "two_factor_optin",
  "two_factor_enrolled",
  "permissions",
  "groups",
  "vip",
  "start_date",
  "website",
  "zip",
  "nickname",
  "__proto__",
);
/** Valid bodies (every field right), so that the "accepted by Prism" side is well exercised too. */
const valid = fc
  .record(
    {
      first_name: fc.string({ minLength: 1, maxLength: 40 }),
      last_name: fc.string({ maxLength: 40 }),
      email: fc.constantFrom("ada@example.com", "grace.hopper@example.org"),
      jobtitle: fc.option(fc.string({ maxLength: 40 })),
      activated: fc.boolean(),
      manager_id: fc.option(fc.integer({ min: 1, max: 5000 })),
      groups: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 })),
      permissions: fc.dictionary(fc.constantFrom("admin", "reports.view"), fc.constantFrom("1", "0", "-1")),
    },
    { requiredKeys: [] },
  )
  .filter((b) => Object.keys(b).length > 0);
const body = fc.oneof(valid, fc.dictionary(key, value, { maxKeys: 5 }));
const id = fc.oneof(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: -3, max: 0 }), fc.double());

describe("snipe-it: any input is rejected locally or accepted by Prism", () => {
  it("never sends a request Prism flags, never throws an untyped error", async () => {
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(id, body, async (userId, changes) => {
        rec.log.length = 0;
        try {
          await updateUser(client, userId, changes as never);
          accepted++;
          expect(rec.log).toHaveLength(1);
          expect(rec.violations()).toEqual([]);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          expect((error as InvalidInputError).issues.length).toBeGreaterThan(0);
          expect(rec.log).toHaveLength(0);
          rejected++;
        }
      }),
      { numRuns: 150 },
    );
    // The generators must exercise both sides, or the property proves nothing.
    expect(accepted).toBeGreaterThan(5);
    expect(rejected).toBeGreaterThan(5);
  });
});

describe("snipe-it: hostile caller data (issue 22)", () => {
  it("null or non-object changes, throwing getters and Proxies, Dates, class instances, toJSON objects: InvalidInputError naming the path, nothing sent", async () => {
    await assertHostileRefused({
      keys: ["jobtitle", "first_name", "notes", "employee_num", "permissions"],
      valid: fc.record({ first_name: fc.constant("Ada"), activated: fc.boolean() }, { requiredKeys: [] }),
      update: (changes) => updateUser(client, 13, changes as never),
      plan: (changes) => planUpdate(client, 13, changes as never),
      get: (id) => getUser(client, id as never),
      find: (email) => findUserByEmail(client, email as never),
      sent: () => rec.log.length,
    });
  });
});
