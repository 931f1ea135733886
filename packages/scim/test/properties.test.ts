/**
 * Whatever a client sends, the gateway answers with SCIM (a result, or an error with the RFC's
 * status and scimType), never a 500: filters and PATCH bodies drawn by fast-check, against the
 * Zluri and Snipe-IT simulators (one email-login vendor, one login-name vendor).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { email, type Gateway, patch, startGateway, vendorIds } from "./support.js";

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw.stop();
});

const attribute = fc.constantFrom(
  "userName",
  "USERNAME",
  "id",
  "externalId",
  "emails.value",
  'emails[type eq "work"].value',
  "emails.type",
  "name.givenName",
  "displayName",
  "title",
  "active",
  "nickName",
  "meta.lastModified",
  "urn:ietf:params:scim:schemas:core:2.0:User:userName",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
  "password",
  "x",
);
const op = fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ");
const value = fc.oneof(
  fc.constantFrom(`"${email(1)}"`, `"user1"`, '"x"', "true", "false", "null", "42"),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
);
const comparison = fc.oneof(
  fc.tuple(attribute, op, value).map(([a, o, v]) => `${a} ${o} ${v}`),
  attribute.map((a) => `${a} pr`),
);
const filter = fc.oneof(
  comparison,
  fc.tuple(comparison, fc.constantFrom("and", "or"), comparison).map(([a, j, b]) => `${a} ${j} ${b}`),
  comparison.map((c) => `not (${c})`),
  fc.string({ maxLength: 20 }),
);

describe.each(["zluri", "snipe-it"] as const)("%s", (vendor) => {
  it("answers any filter with a list or a 400 invalidFilter", async () => {
    await fc.assert(
      fc.asyncProperty(filter, async (f) => {
        const r = await gw.send(vendor, "GET", `/Users?filter=${encodeURIComponent(f)}`);
        // An empty filter is no filter: every user, which needs the vendor's listing (501 without it).
        if (f.trim() === "") expect([200, 501]).toContain(r.status);
        else if (r.status === 200) {
          expect(r.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
          expect(r.body.Resources.length).toBe(r.body.itemsPerPage);
        } else {
          expect(r.status, f).toBe(400);
          expect(r.body.scimType, f).toBe("invalidFilter");
        }
      }),
      { numRuns: 150 },
    );
  });

  it("answers any PATCH with the user or a SCIM 400/409, never a 500", async () => {
    const id = vendorIds[vendor]!(3);
    const path = fc.oneof(
      attribute,
      fc.constantFrom("title", "name", "emails", 'emails[type eq "work"]', "externalId", "active", "meta", "id"),
      fc.string({ maxLength: 10 }),
    );
    const val = fc.oneof(
      fc.constantFrom("False", "TRUE", "", null, 1, [], {}, { value: "a@example.com" }),
      fc.string({ maxLength: 8 }),
      fc.boolean(),
    );
    const operation = fc.record(
      { op: fc.constantFrom("add", "Replace", "remove", "REMOVE", "copy"), path, value: val },
      { requiredKeys: ["op"] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 3 }), async (ops) => {
        const r = await gw.send(vendor, "PATCH", `/Users/${id}`, patch(...ops));
        expect([200, 400, 409], JSON.stringify(ops)).toContain(r.status);
        if (r.status !== 200) {
          expect(r.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
          expect(r.body.status).toBe(String(r.status));
        }
      }),
      { numRuns: 150 },
    );
  });
});
