/**
 * RFC 7644 Users operations behind the gateway, for every vendor over its simulator: reads,
 * filters, PATCH (with and without path, value filters, no-ops), PUT, DELETE, ETags; the stored
 * user is checked at the simulator.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  editable,
  email,
  fleetVendors,
  type Gateway,
  newUser,
  patch,
  startGateway,
  userNameOf,
  vendorIds,
  verbs,
} from "./support.js";

let gw: Gateway;
beforeEach(async () => {
  gw = await startGateway();
});
afterEach(async () => {
  await gw.stop();
});

describe.each(fleetVendors)("%s behind the gateway", (vendor) => {
  const id = vendorIds[vendor]!(1);
  const field = editable(vendor);
  const send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    gw.send(vendor, method, path, body, headers);
  const filter = (f: string, extra = "") => send("GET", `/Users?filter=${encodeURIComponent(f)}${extra}`);

  it("GET /Users/{id}: the user in SCIM, with meta, a strong ETag and application/scim+json", async () => {
    const r = await send("GET", `/Users/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(r.body).toMatchObject({
      schemas: expect.arrayContaining(["urn:ietf:params:scim:schemas:core:2.0:User"]),
      id,
      userName: userNameOf(vendor, 1),
      emails: [{ value: email(1), type: "work", primary: true }],
      active: true,
      meta: { resourceType: "User", location: `http://gateway.test/scim/v2/${vendor}/Users/${id}` },
    });
    expect(r.body.meta.version).toMatch(/^"[\w-]+"$/);
    expect(r.headers.get("etag")).toBe(r.body.meta.version);
    expect(r.body.password).toBeUndefined();
    const again = await send("GET", `/Users/${id}`, undefined, { "if-none-match": r.body.meta.version });
    expect(again.status).toBe(304);
  });

  it("GET /Users/{id} of an unknown user: 404 in the SCIM error schema", async () => {
    const r = await send("GET", `/Users/${vendorIds[vendor]!(99)}`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" });
  });

  it('filters: emails.value and emails[type eq "work"].value (case-insensitive), id, userName; and/or; absent answers an empty list', async () => {
    const one = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
    };
    for (const f of [
      `emails.value eq "${email(1).toUpperCase()}"`,
      `emails[type eq "work"].value eq "${email(1)}"`,
      `emails[type eq "work" and value eq "${email(1)}"]`,
      `id eq "${id}"`,
      `userName eq "${userNameOf(vendor, 1)}" and emails.value eq "${email(1)}"`,
      `id eq "${id}" or userName eq "nobody@example.com"`,
    ]) {
      const r = await filter(f, "&startIndex=1&count=100");
      expect(r.status, f).toBe(200);
      expect(r.body, f).toMatchObject(one);
      expect(r.body.Resources[0].id, f).toBe(id);
    }
    const both = await filter(`emails.value eq "${email(1)}" or emails.value eq "${email(2)}"`);
    expect(both.body.Resources.map((u: { id: string }) => u.id)).toEqual([id, vendorIds[vendor]!(2)]);
    const paged = await filter(
      `emails.value eq "${email(1)}" or emails.value eq "${email(2)}"`,
      "&startIndex=2&count=1",
    );
    expect(paged.body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 });
    expect(paged.body.Resources[0].id).toBe(vendorIds[vendor]!(2));
    const none = await filter(`userName eq "nobody-${crypto.randomUUID()}@example.com"`);
    expect(none.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    const mismatch = await filter(`id eq "${id}" and emails.value eq "${email(2)}"`);
    expect(mismatch.body.totalResults).toBe(0);
  });

  it("an unsupported or malformed filter is 400 invalidFilter", async () => {
    for (const f of [
      `nickName eq "x"`,
      `userName eq`,
      `emails.value gt 3`,
      `active eq "yes"`,
      `password eq "x"`,
      `name.foo eq "x"`,
    ]) {
      const r = await filter(f);
      expect(r.status, f).toBe(400);
      expect(r.body, f).toMatchObject({ status: "400", scimType: "invalidFilter" });
    }
  });

  it("PATCH replace with a path stores the value at the vendor; a no-op PATCH writes nothing", async () => {
    const r = await send("PATCH", `/Users/${id}`, patch({ op: "replace", path: field.path, value: "Chief Tester" }));
    expect(r.status).toBe(200);
    expect(field.read(r.body)).toBe("Chief Tester");
    const stored = await send("GET", `/Users/${id}`);
    expect(field.read(stored.body)).toBe("Chief Tester");
    expect(JSON.stringify(gw.sims[vendor]!.users.get(id))).toContain("Chief Tester");
    const writes = gw.writes(vendor);
    const noop = await send("PATCH", `/Users/${id}`, patch({ op: "replace", path: field.path, value: "Chief Tester" }));
    expect(noop.status).toBe(200);
    expect(gw.writes(vendor)).toBe(writes);
    expect(noop.body.meta.version).toBe(stored.body.meta.version);
  });

  it("Okta's deactivation PATCH {op: replace, value: {active: false}}, then reactivation; the inactive user is still found", async () => {
    const off = await send("PATCH", `/Users/${id}`, patch({ op: "replace", value: { active: false } }));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await send("GET", `/Users/${id}`)).body.active).toBe(false);
    const found = await filter(`userName eq "${userNameOf(vendor, 1)}" and emails.value eq "${email(1)}"`);
    expect(found.body.Resources[0]).toMatchObject({ id, active: false });
    const on = await send("PATCH", `/Users/${id}`, patch({ op: "replace", value: { active: true } }));
    expect(on.body.active).toBe(true);
  });

  it("Entra's PATCH: op in any case, string booleans, path-less keys with dots and URNs", async () => {
    const off = await send("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const on = await send("PATCH", `/Users/${id}`, patch({ op: "REPLACE", path: "Active", value: "True" }));
    expect(on.body.active).toBe(true);
    const key = field.path === "title" ? "urn:ietf:params:scim:schemas:core:2.0:User:title" : "displayName";
    const r = await send("PATCH", `/Users/${id}`, patch({ op: "Add", value: { [key]: "Via URN" } }));
    expect(r.status).toBe(200);
    expect(field.read(r.body)).toBe("Via URN");
  });

  it('PATCH with a value filter in the path (emails[type eq "work"].value) changes the email', async () => {
    const next = `renamed-${vendor}@example.com`;
    const r = await send(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "replace", path: 'emails[type eq "work"].value', value: next }),
    );
    expect(r.status).toBe(200);
    expect(r.body.emails).toEqual([{ value: next, type: "work", primary: true }]);
    expect(JSON.stringify(gw.sims[vendor]!.users.get(id))).toContain(next);
    const miss = await send(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "replace", path: 'emails[type eq "home"].value', value: "x@example.com" }),
    );
    expect(miss.status).toBe(400);
    expect(miss.body.scimType).toBe("noTarget");
  });

  it("PATCH errors: remove without path is noTarget, an unknown attribute invalidPath, id mutability, a bad body invalidSyntax", async () => {
    expect((await send("PATCH", `/Users/${id}`, patch({ op: "remove" }))).body.scimType).toBe("noTarget");
    expect(
      (await send("PATCH", `/Users/${id}`, patch({ op: "replace", path: "shoeSize", value: 1 }))).body.scimType,
    ).toBe("invalidPath");
    expect((await send("PATCH", `/Users/${id}`, patch({ op: "replace", path: "id", value: "1" }))).body.scimType).toBe(
      "mutability",
    );
    expect((await send("PATCH", `/Users/${id}`, patch({ op: "remove", path: "userName" }))).body.scimType).toBe(
      "mutability",
    );
    expect((await send("PATCH", `/Users/${id}`, { Operations: [] })).body.scimType).toBe("invalidSyntax");
    expect((await send("PATCH", `/Users/${id}`, patch({ op: "move", path: "title" }))).body.scimType).toBe(
      "invalidSyntax",
    );
    expect(gw.writes(vendor)).toBe(0);
  });

  it("externalId is kept by the gateway: set by PATCH, found by filter, unique per vendor, removed by PATCH", async () => {
    const set = await send("PATCH", `/Users/${id}`, patch({ op: "add", path: "externalId", value: "okta-00u1" }));
    expect(set.body.externalId).toBe("okta-00u1");
    const found = await filter('externalId eq "okta-00u1"');
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    expect((await filter('externalId eq "OKTA-00U1"')).body.totalResults).toBe(0); // caseExact
    const taken = await send(
      "PATCH",
      `/Users/${vendorIds[vendor]!(2)}`,
      patch({ op: "add", path: "externalId", value: "okta-00u1" }),
    );
    expect(taken.status).toBe(409);
    expect(taken.body.scimType).toBe("uniqueness");
    const removed = await send("PATCH", `/Users/${id}`, patch({ op: "remove", path: "externalId" }));
    expect(removed.body.externalId).toBeUndefined();
    expect((await filter('externalId eq "okta-00u1"')).body.totalResults).toBe(0);
  });

  it("PUT of the whole user (Okta's App Integration Wizard apps) updates what changed, deactivation included", async () => {
    const current = (await send("GET", `/Users/${id}`)).body;
    const { meta: _meta, ...user } = current;
    const body = { ...user, [field.path]: "Put Value", active: false, externalId: "ext-put" };
    const r = await send("PUT", `/Users/${id}`, body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ active: false, externalId: "ext-put", [field.path]: "Put Value" });
    const stored = await send("GET", `/Users/${id}`);
    expect(stored.body).toMatchObject({ active: false, [field.path]: "Put Value" });
    const missing = await send("PUT", `/Users/${id}`, { schemas: user.schemas, active: true });
    expect(missing.status).toBe(400);
  });

  it("If-Match: the current version writes, a stale one is 412 and writes nothing", async () => {
    const { version } = (await send("GET", `/Users/${id}`)).body.meta;
    const ok = await send("PATCH", `/Users/${id}`, patch({ op: "replace", path: field.path, value: "First" }), {
      "if-match": version,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.meta.version).not.toBe(version);
    const writes = gw.writes(vendor);
    const stale = await send("PATCH", `/Users/${id}`, patch({ op: "replace", path: field.path, value: "Second" }), {
      "if-match": version,
    });
    expect(stale.status).toBe(412);
    expect(gw.writes(vendor)).toBe(writes);
    expect((await send("DELETE", `/Users/${id}`, undefined, { "if-match": version })).status).toBe(412);
  });

  it("DELETE deactivates by default (204); then 404 for every operation and absent from queries (RFC 7644 §3.6)", async () => {
    await send("PATCH", `/Users/${id}`, patch({ op: "add", path: "externalId", value: "ext-deleted" }));
    const r = await send("DELETE", `/Users/${id}`);
    expect(r.status).toBe(204);
    expect(gw.logs.at(-1)).toMatchObject({ vendor, operation: "delete", id, status: 204, token: 0 });
    // The vendor keeps the user, inactive.
    expect(gw.sims[vendor]!.users.has(id)).toBe(true);
    const gone = { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" };
    const get = await send("GET", `/Users/${id}`);
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject(gone);
    expect((await send("PUT", `/Users/${id}`, newUser(vendor, "put.after.delete"))).body).toMatchObject(gone);
    const reactivate = await send("PATCH", `/Users/${id}`, patch({ op: "replace", path: "active", value: true }));
    expect(reactivate.body).toMatchObject(gone);
    expect((await send("DELETE", `/Users/${id}`)).body).toMatchObject(gone);
    for (const f of [`emails.value eq "${email(1)}"`, `id eq "${id}"`, 'externalId eq "ext-deleted"']) {
      const found = await filter(f);
      expect(found.status, f).toBe(200);
      expect(found.body.totalResults, f).toBe(0);
    }
    // Its externalId is free again.
    const other = vendorIds[vendor]!(2);
    const taken = await send(
      "PATCH",
      `/Users/${other}`,
      patch({ op: "add", path: "externalId", value: "ext-deleted" }),
    );
    expect(taken.status).toBe(200);
  });

  it("POST for a person deleted through SCIM re-provisions the vendor's user: 201, same id, active again, no second user", async () => {
    const before = gw.sims[vendor]!.users.size;
    expect((await send("DELETE", `/Users/${id}`)).status).toBe(204);
    const body = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: userNameOf(vendor, 1),
      emails: [{ value: email(1), type: "work", primary: true }],
      externalId: "ext-back",
      [field.path]: "Back Again",
      ...(vendor === "snipe-it" ? { password: "Correct-Horse-9-Battery" } : {}),
    };
    const r = await send("POST", "/Users", body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ id, active: true, externalId: "ext-back", [field.path]: "Back Again" });
    expect(r.headers.get("location")).toBe(`http://gateway.test/scim/v2/${vendor}/Users/${id}`);
    expect(gw.sims[vendor]!.users.size).toBe(before);
    expect((await send("GET", `/Users/${id}`)).body).toMatchObject({ id, active: true });
    expect((await filter('externalId eq "ext-back"')).body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    // A second POST is a duplicate again.
    expect((await send("POST", "/Users", body)).status).toBe(409);
  });

  it("PATCH removing (or emptying) a required attribute: 400 mutability, nothing sent to the vendor (RFC 7644 §3.5.2.2)", async () => {
    const core = (await send("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).body.attributes as {
      name: string;
      required: boolean;
      subAttributes?: { name: string; required: boolean }[];
    }[];
    const required = core.flatMap((a) =>
      a.name === "userName"
        ? []
        : a.required
          ? [a.name]
          : (a.subAttributes ?? []).filter((s) => s.required).map((s) => `${a.name}.${s.name}`),
    );
    expect(required.length).toBeGreaterThan(0);
    const writes = gw.writes(vendor);
    for (const path of required) {
      for (const operation of [
        { op: "remove", path },
        { op: "replace", path, value: path === "emails" ? [] : "" },
      ]) {
        const r = await send("PATCH", `/Users/${id}`, patch(operation));
        expect(r.status, JSON.stringify(operation)).toBe(400);
        expect(r.body.scimType).toBe("mutability");
      }
    }
    const admin = await send("PATCH", `/Users/${id}`, patch({ op: "remove", path: "active" }));
    expect(admin.body.scimType).toBe("mutability");
    expect(gw.writes(vendor)).toBe(writes);
  });

  it("discovery: ServiceProviderConfig, ResourceTypes and Schemas describe this vendor", async () => {
    const spc = await send("GET", "/ServiceProviderConfig");
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      sort: { supported: false },
      etag: { supported: true },
    });
    const types = await send("GET", "/ResourceTypes");
    expect(types.body.Resources[0]).toMatchObject({ id: "User", endpoint: "/Users" });
    const schemas = await send("GET", "/Schemas");
    const user = schemas.body.Resources.find((s: { id: string }) => s.id.endsWith("core:2.0:User"));
    const names = user.attributes.map((a: { name: string }) => a.name);
    expect(names).toContain("userName");
    expect(names).toContain("emails");
    expect(names).toContain("active");
    const one = await send("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
    expect(one.body.id).toBe("urn:ietf:params:scim:schemas:core:2.0:User");
  });
});

describe("the gateway itself", () => {
  it("refuses a request without a valid token (401 with WWW-Authenticate), answers /health without one", async () => {
    const r = await gw.handler(new Request("http://gateway.test/scim/v2/zluri/Users/x"));
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await gw.send("zluri", "GET", "/Users", undefined, {
      authorization: "Bearer wrong-token-0123456789",
    });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain("wrong-token");
    expect((await gw.handler(new Request("http://gateway.test/health"))).status).toBe(200);
  });

  it("refuses bodies above the bound (413) and content types that are not JSON (415)", async () => {
    const big = await gw.send("zluri", "PATCH", `/Users/${vendorIds.zluri!(1)}`, { pad: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    const xml = await gw.send("zluri", "PATCH", `/Users/${vendorIds.zluri!(1)}`, "<x/>", {
      "content-type": "application/xml",
    });
    expect(xml.status).toBe(415);
    expect(gw.writes("zluri")).toBe(0);
  });

  it("answers 404 for an unknown vendor or endpoint, 405 for a wrong method", async () => {
    expect((await gw.send("acme", "GET", "/Users")).status).toBe(404);
    expect((await gw.send("zluri", "GET", "/Groups")).status).toBe(404);
    expect((await gw.send("zluri", "DELETE", "/Users")).status).toBe(405);
  });

  it("POST of a user whose email the vendor already has: 409 uniqueness (Okta links instead of duplicating)", async () => {
    for (const vendor of ["zluri", "nexudus", "onlyoffice"] as const) {
      const r = await gw.send(vendor, "POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: email(2),
        emails: [{ value: email(2), type: "work", primary: true }],
      });
      expect(r.status, vendor).toBe(409);
      expect(r.body, vendor).toMatchObject({ status: "409", scimType: "uniqueness" });
    }
  });

  it("needs a token unless told otherwise", () => {
    expect(() => startGatewaySync()).toThrow(TypeError);
  });
});

import { createScimHandler } from "../src/handler.js";
import { MemoryScimStore } from "../src/store.js";

function startGatewaySync() {
  return createScimHandler({ vendors: {}, store: new MemoryScimStore() });
}

describe("a vendor's queue bound", () => {
  it("answers 429 with Retry-After once maxPending requests are in progress for a vendor, and serves again after", async () => {
    // Each vendor read waits until released, so that requests stay in progress.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let waiting = 0;
    const slow = await startGateway({ maxPending: 2, retryAfterSeconds: 7 }, (backend) =>
      backend.vendor === "zluri"
        ? {
            ...backend,
            get: async (id) => {
              waiting++;
              await held;
              return backend.get(id);
            },
          }
        : backend,
    );
    try {
      const id = vendorIds.zluri!(1);
      const started = [slow.send("zluri", "GET", `/Users/${id}`), slow.send("zluri", "GET", `/Users/${id}`)];
      while (waiting < 2) await new Promise((r) => setTimeout(r, 5));
      const third = await slow.send("zluri", "GET", `/Users/${id}`);
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("7");
      expect(third.body).toMatchObject({ status: "429" });
      // Other vendors are not held up by zluri's queue.
      expect((await slow.send("nexudus", "GET", `/Users/${vendorIds.nexudus!(1)}`)).status).toBe(200);
      release();
      expect((await Promise.all(started)).map((r) => r.status)).toEqual([200, 200]);
      expect((await slow.send("zluri", "GET", `/Users/${id}`)).status).toBe(200);
    } finally {
      release();
      await slow.stop();
    }
  });
});

describe.each(fleetVendors)("%s: create, list and delete (the facade's lifecycle verbs)", (vendor) => {
  const can = verbs[vendor];
  const send = (method: string, path: string, body?: unknown) => gw.send(vendor, method, path, body);

  it("GET /Users pages every user in a stable order (501 where the vendor cannot list)", async () => {
    const all = await send("GET", "/Users");
    if (!can.list) {
      expect(all.status).toBe(501);
      return;
    }
    expect(all.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 3 });
    const ids = all.body.Resources.map((u: { id: string }) => u.id);
    expect([...ids].sort()).toEqual([1, 2, 3].map((i) => vendorIds[vendor]!(i)).sort());
    const two = await send("GET", "/Users?startIndex=2&count=2");
    expect(two.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 2 });
    expect(two.body.Resources.map((u: { id: string }) => u.id)).toEqual(ids.slice(1, 3));
    const none = await send("GET", "/Users?count=0");
    expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    expect((await send("GET", "/Users?count=x")).status).toBe(400);
  });

  it("filters that need a listing (sw, co, pr, not, ne) are answered by listing, else 400 invalidFilter", async () => {
    const f = `displayName sw "user" and not (emails.value eq "${email(2)}")`;
    const r = await send("GET", `/Users?filter=${encodeURIComponent(f)}`);
    if (!can.list) {
      expect(r.status).toBe(400);
      expect(r.body.scimType).toBe("invalidFilter");
      return;
    }
    expect(r.status).toBe(200);
    expect(r.body.Resources.map((u: { id: string }) => u.id).sort()).toEqual(
      [vendorIds[vendor]!(1), vendorIds[vendor]!(3)].sort(),
    );
    const co = await send("GET", `/Users?filter=${encodeURIComponent('emails.value co "USER3@"')}`);
    expect(co.body.Resources.map((u: { id: string }) => u.id)).toEqual([vendorIds[vendor]!(3)]);
    const pr = await send("GET", `/Users?filter=${encodeURIComponent("externalId pr")}`);
    expect(pr.body.totalResults).toBe(0);
  });

  it("POST /Users creates the user at the vendor (201) with what the vendor keeps; 501 where it cannot create", async () => {
    const body = newUser(vendor, `created.${vendor}`, { externalId: "ext-created", title: "Analyst" });
    const r = await send("POST", "/Users", body);
    if (!can.create) {
      expect(r.status).toBe(501);
      expect(gw.writes(vendor)).toBe(0);
      return;
    }
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const stored = gw.sims[vendor]!.users.get(r.body.id);
    expect(JSON.stringify(stored)).toContain(body.emails[0]!.value);
    const read = await send("GET", `/Users/${r.body.id}`);
    expect(read.body).toMatchObject({
      id: r.body.id,
      userName: body.userName,
      externalId: "ext-created",
      active: true,
    });
    expect(read.body.displayName).toBe("New Person");
    if (vendor !== "nexudus") expect(read.body.title).toBe("Analyst");
    const byExt = await send("GET", `/Users?filter=${encodeURIComponent('externalId eq "ext-created"')}`);
    expect(byExt.body.Resources.map((u: { id: string }) => u.id)).toEqual([r.body.id]);
    const dupExt = await send("POST", "/Users", newUser(vendor, `other.${vendor}`, { externalId: "ext-created" }));
    expect(dupExt.status).toBe(409);
    const missing = await send("POST", "/Users", { schemas: body.schemas, emails: body.emails });
    expect(missing.status).toBe(400);
  });

  it("DELETE with deleteMode delete removes the user (then 404), 501 where the vendor cannot delete", async () => {
    const deleting = await startGateway({ deleteMode: "delete" });
    try {
      const id = vendorIds[vendor]!(3);
      await deleting.send(vendor, "PATCH", `/Users/${id}`, patch({ op: "add", path: "externalId", value: "ext-gone" }));
      if (vendor === "onlyoffice") {
        // ONLYOFFICE deletes only a terminated user: an active one is refused (400), nothing deleted.
        const refused = await deleting.send(vendor, "DELETE", `/Users/${id}`);
        expect(refused.status).toBe(400);
        expect(deleting.sims[vendor]!.users.has(id)).toBe(true);
        await deleting.send(vendor, "PATCH", `/Users/${id}`, patch({ op: "replace", path: "active", value: false }));
      }
      const r = await deleting.send(vendor, "DELETE", `/Users/${id}`);
      if (!can.delete) {
        expect(r.status).toBe(501);
        expect((await deleting.send(vendor, "GET", `/Users/${id}`)).status).toBe(200);
        return;
      }
      expect(r.status).toBe(204);
      expect((await deleting.send(vendor, "GET", `/Users/${id}`)).status).toBe(404);
      // Snipe-IT deletes softly (deleted_at set; restorable); the others remove the record.
      if (vendor === "snipe-it")
        expect((deleting.sims[vendor]!.users.get(id) as { deleted_at: unknown }).deleted_at).not.toBeNull();
      else expect(deleting.sims[vendor]!.users.has(id)).toBe(false);
      expect(await deleting.store.findBy(vendor, "externalId", "ext-gone")).toBeUndefined();
    } finally {
      await deleting.stop();
    }
  });
});

describe("a backend without the lifecycle verbs (an update-only adapter's connection)", () => {
  it("POST and GET /Users answer 501, a filter that needs a listing 400 invalidFilter, DELETE in delete mode 501; nothing written", async () => {
    // Every verb the facade's lifecycle adds, left out: what fromConnected(connect(snipeIt(...))) gives.
    const bare = await startGateway({ deleteMode: "delete" }, ({ list: _l, create: _c, delete: _d, ...rest }) => rest);
    try {
      const vendor = "snipe-it";
      const created = await bare.send(vendor, "POST", "/Users", newUser(vendor, "bare.person"));
      expect(created.status).toBe(501);
      expect(created.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "501" });
      expect((await bare.send(vendor, "GET", "/Users")).status).toBe(501);
      const f = await bare.send(vendor, "GET", `/Users?filter=${encodeURIComponent('displayName sw "user"')}`);
      expect(f.status).toBe(400);
      expect(f.body.scimType).toBe("invalidFilter");
      expect((await bare.send(vendor, "DELETE", `/Users/${vendorIds[vendor]!(3)}`)).status).toBe(501);
      expect(bare.writes(vendor)).toBe(0);
      // Lookups by the vendor's own filters still work.
      const found = await bare.send(
        vendor,
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(vendor, 2)}"`)}`,
      );
      expect(found.body.totalResults).toBe(1);
    } finally {
      await bare.stop();
    }
  });
});
