/**
 * What Okta and Microsoft Entra ID send, replayed in order against the gateway over every vendor's
 * simulator, with the stored user checked at the simulator afterwards.
 * Okta: https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20
 * Entra: https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
 * and https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility
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

const q = (filter: string, paging = "") => `/Users?filter=${encodeURIComponent(filter)}${paging}`;

describe.each(fleetVendors)("%s", (vendor) => {
  const id = vendorIds[vendor]!(2);
  const userName = userNameOf(vendor, 2);
  const field = editable(vendor);
  const send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    gw.send(vendor, method, path, body, headers);

  it("Okta: existence check, then PATCH updates, PATCH deactivation (catalogue apps) and PUT of the whole user (AIW apps)", async () => {
    // 1. Existence check of someone absent: an empty list, the paging echoed.
    const absent = await send("GET", q(`userName eq "new.person@example.com"`, "&startIndex=1&count=100"));
    expect(absent.status).toBe(200);
    expect(absent.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    // 2. A POST for someone the vendor has (by email, at email-login vendors): 409 uniqueness, so Okta does not duplicate.
    if (userName.includes("@")) {
      const dup = await send("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName,
        name: { givenName: "User", familyName: "Two" },
        emails: [{ primary: true, value: email(2), type: "work" }],
        active: true,
      });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "409",
        scimType: "uniqueness",
      });
    }
    // 3. The existing user, found by userName.
    const found = await send("GET", q(`userName eq "${userName}"`, "&startIndex=1&count=100"));
    // At Snipe-IT and NERM through the vendor's own filter (`?username=`, `?login=`), without a listing.
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    // 4. A profile update as a catalogue app sends it.
    const updated = await send(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "replace", value: { [field.path]: "Okta Title" } }),
    );
    expect(updated.status).toBe(200);
    expect(field.read(updated.body)).toBe("Okta Title");
    // 5. Deactivation as a catalogue app sends it; a 200 with the user (a 204 would be accepted too).
    const off = await send("PATCH", `/Users/${id}`, patch({ op: "replace", value: { active: false } }));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    // 6. An AIW app: PUT of the whole user, reactivating and changing the field.
    const whole = (await send("GET", `/Users/${id}`)).body;
    delete whole.meta;
    const put = await send("PUT", `/Users/${id}`, { ...whole, active: true, [field.path]: "AIW Title" });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ active: true, [field.path]: "AIW Title" });
    // The simulator holds what the requests described.
    const stored = JSON.stringify(gw.sims[vendor]!.users.get(id));
    expect(stored).toContain("AIW Title");
    const read = await send("GET", `/Users/${id}`);
    expect(read.body).toMatchObject({ id, active: true, [field.path]: "AIW Title" });
  });

  it("Okta: connection test, then assignment of a new person (existence check, POST, a repeated POST is 409), imports paged by 100", async () => {
    const probe = await send("GET", "/Users?startIndex=1&count=2");
    if (!verbs[vendor].list) {
      expect(probe.status).toBe(501);
      expect(probe.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "501" });
      return;
    }
    expect(probe.status).toBe(200);
    expect(probe.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    const person = newUser(vendor, `okta.person.${vendor}`, { externalId: "00u1okta" });
    const absent = await send("GET", q(`userName eq "${person.userName}"`, "&startIndex=1&count=100"));
    expect(absent.body.totalResults).toBe(0);
    const created = await send("POST", "/Users", person);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("location")).toBe(created.body.meta.location);
    expect(created.body).toMatchObject({ userName: person.userName, externalId: "00u1okta", active: true });
    expect(created.body.emails[0].value).toBe(person.emails[0]!.value);
    expect(JSON.stringify(gw.sims[vendor]!.users.get(created.body.id))).toContain(person.emails[0]!.value);
    const again = await send("POST", "/Users", person);
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe("uniqueness");
    const now = await send("GET", q(`userName eq "${person.userName}"`, "&startIndex=1&count=100"));
    expect(now.body.Resources.map((u: { id: string }) => u.id)).toEqual([created.body.id]);
    // An import: pages of 100 until totalResults, in a stable order.
    const page = await send("GET", "/Users?startIndex=1&count=100");
    expect(page.body.totalResults).toBe(4);
    expect(page.body.Resources.map((u: { id: string }) => u.id)).toContain(created.body.id);
    const second = await send("GET", "/Users?startIndex=1&count=100");
    expect(second.body.Resources.map((u: { id: string }) => u.id)).toEqual(
      page.body.Resources.map((u: { id: string }) => u.id),
    );
  });

  it("Entra ID: connection test, match by userName, link with externalId, Replace with string booleans, soft delete still found", async () => {
    // 1. The connection test: a filter that matches nobody answers an empty list.
    const probe = await send("GET", q(`userName eq "${crypto.randomUUID()}"`));
    expect(probe.status).toBe(200);
    expect(probe.body.totalResults).toBe(0);
    // 2. Is the user linked already? Not by externalId.
    const aadId = `aad-${crypto.randomUUID()}`;
    expect((await send("GET", q(`externalId eq "${aadId}"`))).body.totalResults).toBe(0);
    // 3. Match by the matching attribute (emails here: at Snipe-IT and NERM userName is the login name).
    const match = await send("GET", q(`emails[type eq "work"].value eq "${email(2)}"`));
    expect(match.body.Resources[0].id).toBe(id);
    // 4. Entra's update: PascalCase ops, a path-less Replace with dotted and URN keys, externalId linked.
    const ops = [
      { op: "Add", path: "externalId", value: aadId },
      { op: "Replace", path: field.path, value: "Entra Title" },
      ...(vendor === "snipe-it" || vendor === "onlyoffice"
        ? [{ op: "Replace", value: { "name.givenName": "Grace", "name.familyName": "Hopper" } }]
        : []),
      ...(vendor === "snipe-it"
        ? [
            {
              op: "Add",
              value: { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "E-42" },
            },
          ]
        : []),
    ];
    const linked = await send("PATCH", `/Users/${id}`, patch(...ops));
    expect(linked.status).toBe(200);
    expect(linked.body.externalId).toBe(aadId);
    expect(field.read(linked.body)).toBe("Entra Title");
    if (vendor === "snipe-it" || vendor === "onlyoffice")
      expect(linked.body.name).toMatchObject({ givenName: "Grace", familyName: "Hopper" });
    if (vendor === "snipe-it")
      expect(linked.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].employeeNumber).toBe("E-42");
    // 5. Soft delete: Replace active "False".
    const off = await send("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.body.active).toBe(false);
    // 6. The inactive user is still found by externalId, and by externalId and userName together.
    const both = await send("GET", q(`externalId eq "${aadId}" and userName eq "${userName}"`));
    expect(both.body.Resources.map((u: { id: string; active: boolean }) => [u.id, u.active])).toEqual([[id, false]]);
    // 7. Restore: Replace active "True".
    const on = await send("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "active", value: "True" }));
    expect(on.body.active).toBe(true);
    const read = await send("GET", `/Users/${id}`);
    expect(read.body).toMatchObject({ id, externalId: aadId, active: true, [field.path]: "Entra Title" });
    expect(JSON.stringify(gw.sims[vendor]!.users.get(id))).toContain("Entra Title");
  });
});
