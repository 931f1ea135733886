import { InvalidInputError } from "@userbridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { assertHostileRefused } from "../../../test/support/hostile.js";
import { createClient, findUserByEmail, getUser, planUpdate, type UserUpdate, updateUser } from "../src/index.js";

const FIELDS = [
  "name",
  "email",
  "type",
  "profile_id",
  "title",
  "status",
  "login",
  "group_strings",
  "locale",
  "sailpoint_identity_id",
] as const;

// Values that fit some field, values that fit none, and everything in between.
const value = fc.oneof(
  fc.string(),
  fc.emailAddress(),
  fc.uuid(),
  fc.constantFrom("Active", "Pending", "Disabled", "NeprofileUser", "NeaccessUser", "fr-CA", "en", "es-419", ""),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
);
const groupName = fc.oneof(
  { weight: 12, arbitrary: fc.string({ minLength: 1 }).filter((s) => !s.includes(",") && s.trim() === s) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom("Administrator_group", "Dev,Ops", " padded", "") },
  { weight: 1, arbitrary: fc.integer() },
);
const groups = fc.oneof(fc.array(groupName, { maxLength: 5 }), value);
const wellTyped = fc.record(
  {
    name: fc.string({ minLength: 1 }),
    email: fc.emailAddress(),
    type: fc.constantFrom("NeprofileUser", "NeaccessUser"),
    profile_id: fc.uuid(),
    title: fc.string(),
    status: fc.constantFrom("Active", "Pending", "Disabled"),
    login: fc.string({ minLength: 1 }),
    locale: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("fr-CA", "en", "pt-BR", "es-419", "zh-Hant-TW") },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    ),
    sailpoint_identity_id: fc.string(),
    groups: fc.array(groupName, { maxLength: 5 }),
  },
  { requiredKeys: [] },
);
const changes = fc.oneof(
  { weight: 6, arbitrary: wellTyped },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS, "groups"), value, { maxKeys: 4 }) },
  { weight: 2, arbitrary: fc.record({ groups }, { requiredKeys: ["groups"] }) },
  // The removed `admin`, a caller-supplied `id`, unknown keys, non-objects.
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom("admin", "id", "user"), fc.string()), value) },
  { weight: 1, arbitrary: fc.anything() },
);
const id = fc.oneof({ weight: 8, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.string() });

describe("sailpoint-nerm properties against Prism", () => {
  it("any body is rejected locally with InvalidInputError or accepted by Prism without a violation", async () => {
    const rec = recordingFetch();
    const client = createClient({
      baseUrl: prismUrl("sailpoint-nerm"),
      token: "t",
      fetch: rec.fetch,
      maxRetries: 0,
      verify: false,
    });
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(id, changes, async (userId, input) => {
        rec.log.length = 0;
        let result: unknown;
        try {
          result = await updateUser(client, userId, input as UserUpdate);
        } catch (error) {
          // Anything but InvalidInputError (a 400 from Prism, an untyped throw) fails the property.
          if (!(error instanceof InvalidInputError)) throw error;
          expect(error.issues.length).toBeGreaterThan(0);
          expect(rec.log).toHaveLength(0);
          rejected++;
          return;
        }
        expect(rec.violations()).toEqual([]);
        expect(rec.log.map((r) => r.status)).toEqual([200]);
        const body = JSON.parse(rec.log[0]?.requestBody ?? "null");
        expect(body.user.id).toBe(userId);
        expect(Array.isArray((result as { groups: unknown }).groups)).toBe(true);
        accepted++;
      }),
      { numRuns: 500 },
    );
    // Both outcomes must be well represented, or the property says little.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it("any id is rejected locally or read without a violation", async () => {
    const rec = recordingFetch();
    const client = createClient({
      baseUrl: prismUrl("sailpoint-nerm"),
      token: "t",
      fetch: rec.fetch,
      maxRetries: 0,
      verify: false,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uuid(), fc.string(), fc.constantFrom("..", ".", "a/b", "%2e%2e")),
        async (userId) => {
          rec.log.length = 0;
          try {
            const user = await getUser(client, userId);
            expect(rec.violations()).toEqual([]);
            expect(user.id).toBeTypeOf("string");
          } catch (error) {
            if (!(error instanceof InvalidInputError)) throw error;
            expect(rec.log).toHaveLength(0);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("sailpoint-nerm: hostile caller data (issue 22)", () => {
  it("null or non-object changes, throwing getters and Proxies, Dates, class instances, toJSON objects: InvalidInputError naming the path, nothing sent", async () => {
    const rec = recordingFetch();
    const client = createClient({ baseUrl: prismUrl("sailpoint-nerm"), token: "t", fetch: rec.fetch, maxRetries: 0 });
    const ID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";
    await assertHostileRefused({
      keys: ["name", "title", "email", "login", "groups"],
      valid: fc.record({ name: fc.constant("Ada"), title: fc.constant("CTO") }, { requiredKeys: [] }),
      update: (changes) => updateUser(client, ID, changes as never),
      plan: (changes) => planUpdate(client, ID, changes as never),
      get: (id) => getUser(client, id as never),
      find: (email) => findUserByEmail(client, email as never),
      sent: () => rec.log.length,
    });
  });
});
