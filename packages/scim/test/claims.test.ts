/**
 * One create per person at a time (issue 23): concurrent POSTs of the same person (an identity
 * provider's retry racing its first try) create one user, at a vendor that would happily create
 * two. Across gateway instances the PostgreSQL store's claims do the same
 * (postgres.scale.test.ts).
 */
import { describe, expect, it } from "vitest";
import { createScimHandler } from "../src/handler.js";
import { MemoryScimStore } from "../src/store.js";
import { lenientVendor } from "./lenient-vendor.js";
import { SCIM, TOKEN } from "./support.js";

const person = (mail: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: mail,
  emails: [{ value: mail, primary: true }],
  displayName: "Claim Test",
  ...extra,
});

function post(handler: (r: Request) => Promise<Response>, body: unknown): Promise<Response> {
  return handler(
    new Request("http://gateway.test/scim/v2/lenient/Users", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": SCIM },
      body: JSON.stringify(body),
    }),
  );
}

describe("concurrent creates of one person", () => {
  it("ten identical POSTs at once: one 201, nine 409 uniqueness, one user at the vendor", async () => {
    const vendor = lenientVendor();
    const handler = createScimHandler({ vendors: { lenient: vendor }, tokens: [TOKEN], store: new MemoryScimStore() });
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(handler, person("ada@example.com"))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((a) => a.status === 409)) expect((await a.json()).scimType).toBe("uniqueness");
    expect(vendor.users.map((u) => u.email)).toEqual(["ada@example.com"]);
  });

  it("the same person under other spellings (userName case, same externalId, same email) is still one create", async () => {
    const vendor = lenientVendor();
    const handler = createScimHandler({ vendors: { lenient: vendor }, tokens: [TOKEN], store: new MemoryScimStore() });
    const answers = await Promise.all([
      post(handler, person("Grace@Example.com", { externalId: "okta-1" })),
      post(handler, person("grace@example.com", { externalId: "okta-1" })),
      post(handler, person("grace.alias@example.com", { externalId: "okta-1" })),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(vendor.users).toHaveLength(1);
  });

  it("different people are not held back by each other", async () => {
    const vendor = lenientVendor(50);
    const handler = createScimHandler({ vendors: { lenient: vendor }, tokens: [TOKEN], store: new MemoryScimStore() });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(handler, person(`p${i}@example.com`))));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    // Ten different people are created side by side at the vendor (serialized: one at a time).
    expect(vendor.mostCreatesAtOnce).toBe(10);
  });
});
