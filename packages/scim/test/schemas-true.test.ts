/**
 * /Schemas is true: for every vendor, every attribute it advertises as readWrite is written by a
 * PATCH and read back, a value sent for a readOnly one leaves it as it was, and the
 * writeOnly password is accepted and never returned.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fleetVendors, type Gateway, patch, startGateway, vendorIds } from "./support.js";

let gw: Gateway;
beforeEach(async () => {
  gw = await startGateway();
});
afterEach(async () => {
  await gw.stop();
});

interface Attr {
  name: string;
  type: string;
  mutability: string;
  multiValued: boolean;
  subAttributes?: Attr[];
}

/**
 * A value each vendor accepts for an attribute (ids are those the simulators know). ONLYOFFICE's
 * departmentId is left out: its simulator knows only the groups of its seeded users, and the
 * fleet seeds none (an unknown group is dropped by ONLYOFFICE, which the facade reports as unapplied).
 */
function sample(vendor: string, attr: string): unknown {
  const other = vendorIds[vendor]!(2);
  const values: Record<string, unknown> = {
    userName: vendor === "snipe-it" || vendor === "sailpoint-nerm" ? "renamed.login" : "renamed@example.com",
    "name.givenName": "Grace",
    "name.familyName": "Hopper",
    displayName: "Grace Hopper",
    emails: [{ value: "grace@example.com", type: "work", primary: true }],
    phoneNumbers: [{ value: "+1 555 0100", type: "work", primary: true }],
    title: "Rear Admiral",
    locale: vendor === "nexudus" ? "en-GB" : "fr-FR",
    active: false,
    employeeNumber: "E-1906",
    "manager.value": other,
    departmentId: vendor === "snipe-it" ? "1" : vendor === "zluri" ? "64b7f0c2a1d3e4f5a6b7c8d9" : undefined,
    locationId: "1",
    notes: "Wrote the first compiler",
    admin: true,
  };
  return values[attr];
}

describe.each(fleetVendors)("%s", (vendor) => {
  it("every readWrite attribute of /Schemas is written and read back; readOnly ones keep their value", async () => {
    const id = vendorIds[vendor]!(1);
    const schemas = (await gw.send(vendor, "GET", "/Schemas")).body.Resources as { id: string; attributes: Attr[] }[];
    const checked: string[] = [];
    const all = schemas.flatMap((schema) =>
      schema.attributes.flatMap((a) =>
        (a.type === "complex" && !a.multiValued
          ? (a.subAttributes ?? []).map((sub) => ({ ...sub, name: `${a.name}.${sub.name}` }))
          : [a]
        ).map((leaf) => ({ schema: schema.id, leaf })),
      ),
    );
    // active last: ONLYOFFICE refuses any other change to a terminated user (its simulator says so).
    all.sort((x, y) => Number(x.leaf.name === "active") - Number(y.leaf.name === "active"));
    for (const { schema, leaf } of all) {
      const core = schema.endsWith(":core:2.0:User");
      const full = core ? leaf.name : `${schema}:${leaf.name}`;
      const read = (body: Record<string, unknown>) => {
        const root = (core ? body : body[schema]) as Record<string, unknown> | undefined;
        return leaf.name.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], root);
      };
      const value = sample(vendor, leaf.name);
      if (value === undefined) continue;
      if (leaf.mutability === "readOnly") {
        // A value sent for a readOnly attribute is ignored (RFC 7644 §3.5.1): the user keeps its own.
        const now = (await gw.send(vendor, "GET", `/Users/${id}`)).body;
        const r = await gw.send(vendor, "PATCH", `/Users/${id}`, patch({ op: "replace", path: full, value }));
        expect(r.status, full).toBe(200);
        expect(read(r.body), `${full} is readOnly`).toEqual(read(now));
        continue;
      }
      const r = await gw.send(vendor, "PATCH", `/Users/${id}`, patch({ op: "replace", path: full, value }));
      expect(r.status, `${full}: ${JSON.stringify(r.body)}`).toBe(200);
      if (leaf.mutability === "writeOnly") {
        expect(read(r.body), full).toBeUndefined();
      } else {
        const after = (await gw.send(vendor, "GET", `/Users/${id}`)).body;
        expect(read(after), full).toEqual(value);
      }
      checked.push(full);
    }
    expect(checked.length).toBeGreaterThan(2);
  });
});
