/**
 * Property: any generated update is either refused locally with InvalidInputError (nothing
 * sent) or accepted by Prism without a violation, and then exactly the planned body went out.
 * Never an untyped throw. Bodies are valid ones with up to two "near misses" planted in them
 * (bad ObjectIds, enum spellings, borderline emails, wrong types, unknown fields, a
 * primary_source without keyword, undefined members), so that a check we lack or get wrong
 * surfaces as a Prism violation on an otherwise valid request.
 */
import { InvalidInputError } from "@userbridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { assertHostileRefused } from "../../../test/support/hostile.js";
import { createClient, findUserByEmail, getUser, planUpdate, type UserUpdate, updateUser } from "../src/index.js";

const ID = "64b7f0c2a1d3e4f5a6b7c8d9"; // the user in the spec's examples

const junk = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }), fc.constant([]));
const hex24 = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), minLength: 24, maxLength: 24 });
const badObjectId = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."0123456789abcdefg"), minLength: 23, maxLength: 25 }),
  hex24.map((s) => ` ${s}`),
  hex24.map((s) => `${s}\n`),
  junk,
);
const badEmail = fc.oneof(
  fc.constantFrom(
    "ada@localhost", // fine for ajv-formats' "fast" check, not for Prism's "full" one
    "ada..l@example.com",
    ".ada@example.com",
    "ada.@example.com",
    "ada@-example.com",
    "ada@example..com",
    "ADA@EXAMPLE.COM", // valid: the property holds either way
    "a@b.c",
    "ada lovelace@example.com",
    "ada@exämple.com",
    "",
  ),
  fc.string({ maxLength: 12 }),
  junk,
);
const STATUS = ["active", "inactive", "suspended", "unknown"];
const ACCOUNT = ["group", "service", "employee", "external"];
const OPTIMIZATION = [
  "include for all optimizations",
  "exclude for all optimizations",
  "exclude for undeprovisioned",
  "exclude for unused",
];
const badEnum = (values: string[]) =>
  fc.oneof(
    fc.constantFrom(...values).map((v) => v.toUpperCase()),
    fc.constantFrom(...values).map((v) => v.replace(/ /g, "_")),
    fc.constantFrom(...values).map((v) => ` ${v}`),
    fc.constantFrom("Excluded for Unused", "Included for all Optimizations", "deleted"),
    junk,
  );

const primarySource = fc.record(
  { keyword: fc.string({ minLength: 1, maxLength: 10 }), org_integration_id: hex24, integration_id: hex24 },
  { requiredKeys: ["keyword"] },
);
const customField = fc.record({ field_id: hex24, field_value: fc.jsonValue({ maxDepth: 2 }) });

const validChanges = fc.record(
  {
    user_name: fc.string(),
    user_email: fc.emailAddress(),
    user_personal_email: fc.emailAddress(),
    user_department_id: hex24,
    user_status: fc.constantFrom(...STATUS),
    reporting_manager_id: hex24,
    user_designation: fc.string(),
    user_account_type: fc.constantFrom(...ACCOUNT),
    user_archive: fc.boolean(),
    optimization_inclusion: fc.constantFrom(...OPTIMIZATION),
    primary_source: primarySource,
    user_custom_fields: fc.array(customField, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** One near miss: a field and the value planted there. */
const nearMiss: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constantFrom("user_department_id", "reporting_manager_id"), badObjectId),
  fc.tuple(fc.constantFrom("user_email", "user_personal_email"), badEmail),
  fc.tuple(fc.constant("user_status"), badEnum(STATUS)),
  fc.tuple(fc.constant("user_account_type"), badEnum(ACCOUNT)),
  fc.tuple(fc.constant("optimization_inclusion"), badEnum(OPTIMIZATION)),
  fc.tuple(fc.constantFrom("user_name", "user_designation", "user_archive"), junk),
  fc.tuple(
    fc.constant("primary_source"),
    fc.oneof(
      fc.record({ org_integration_id: hex24, integration_id: hex24 }, { requiredKeys: [] }), // no keyword
      fc.record({ keyword: fc.oneof(fc.constant(""), junk), org_integration_id: fc.oneof(hex24, badObjectId) }),
      primarySource.map((p) => ({ ...p, source: "okta" })),
      junk,
    ),
  ),
  fc.tuple(
    fc.constant("user_custom_fields"),
    fc.oneof(
      fc.array(fc.record({ field_id: badObjectId, field_value: fc.jsonValue({ maxDepth: 1 }) }), {
        minLength: 1,
        maxLength: 2,
      }),
      fc.array(fc.record({ field_id: hex24, field_value: fc.jsonValue() }, { requiredKeys: ["field_id"] }), {
        minLength: 1,
      }),
      customField.map((f) => [{ ...f, field_name: "Country" }]),
      junk,
    ),
  ),
  fc.tuple(fc.constantFrom("nickname", "user_id", "email", "status", "User_Name"), fc.string({ maxLength: 5 })),
  fc.tuple(fc.constantFrom("user_name", "user_status", "primary_source"), fc.constant(undefined)),
);

const input = fc.record({
  // The example user, or a malformed id (another valid id would make Prism answer with the
  // example user, and updateUser re-read a user Prism does not have).
  id: fc.oneof(
    { weight: 5, arbitrary: fc.constant(ID) },
    { weight: 1, arbitrary: badObjectId.filter((s) => !/^[0-9a-fA-F]{24}$/.test(String(s))) },
  ),
  changes: fc
    .tuple(validChanges, fc.array(nearMiss, { maxLength: 2 }))
    .map(([valid, misses]) => Object.assign({ ...valid }, Object.fromEntries(misses))),
});

describe("zluri updateUser property (against Prism)", () => {
  it("refuses locally or is accepted by Prism without a violation, never an untyped throw", async () => {
    const rec = recordingFetch();
    const client = createClient({
      baseUrl: prismUrl("zluri"),
      apiKey: "prop-key",
      fetch: rec.fetch,
      maxRetries: 0,
      verify: false,
    });
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(input, async ({ id, changes }) => {
        rec.log.length = 0;
        const outcome = await updateUser(client, id as string, changes as UserUpdate).then(
          (user) => ({ user }),
          (error: unknown) => ({ error }),
        );
        if ("error" in outcome) {
          expect(outcome.error).toBeInstanceOf(InvalidInputError);
          expect(rec.log).toHaveLength(0);
          refused++;
          return;
        }
        accepted++;
        expect(rec.violations()).toEqual([]);
        expect(rec.log.map((r) => [r.method, r.status])).toEqual([["PATCH", 200]]);
        expect(outcome.user.user_id).toBe(ID);
        // Exactly the planned write went out, with no field the caller did not give.
        const plan = await planUpdate(client, id as string, changes as UserUpdate);
        expect(JSON.parse(rec.log[0]?.requestBody ?? "")).toEqual(plan.writes[0]?.body);
        expect(Object.keys(plan.writes[0]?.body as object).every((k) => k in changes)).toBe(true);
      }),
      { numRuns: 400 },
    );
    // Both sides of the property were exercised.
    expect(accepted).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(40);
  });
});

describe("zluri: hostile caller data (issue 22)", () => {
  it("null or non-object changes, throwing getters and Proxies, Dates, class instances, toJSON objects: InvalidInputError naming the path, nothing sent", async () => {
    const rec = recordingFetch();
    const client = createClient({ baseUrl: prismUrl("zluri"), apiKey: "prop-key", fetch: rec.fetch, maxRetries: 0 });
    await assertHostileRefused({
      keys: ["user_name", "user_designation", "user_email", "user_custom_fields"],
      valid: fc.record({ user_name: fc.constant("Ada"), user_archive: fc.boolean() }, { requiredKeys: [] }),
      update: (changes) => updateUser(client, ID, changes as never),
      plan: (changes) => planUpdate(client, ID, changes as never),
      get: (id) => getUser(client, id as never),
      find: (email) => findUserByEmail(client, email as never),
      sent: () => rec.log.length,
    });
  });
});
