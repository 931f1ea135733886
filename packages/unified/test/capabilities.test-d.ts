import { describe, expectTypeOf, it } from "vitest";
import { nexudus } from "../src/adapters/nexudus.js";
import { onlyoffice } from "../src/adapters/onlyoffice.js";
import { sailpointNerm } from "../src/adapters/sailpoint-nerm.js";
import { zluri } from "../src/adapters/zluri.js";
import { connect, connectVendor } from "../src/index.js";

const z = connect(zluri({ apiKey: "k" }));
const o = connect(onlyoffice({ baseUrl: "https://office.example.com", token: "t" }));
const n = connect(nexudus({ token: "t" }));
const s = connect(sailpointNerm({ tenant: "acme", token: "t" }));

describe("each adapter admits exactly its capabilities", () => {
  it("zluri", () => {
    expectTypeOf(z.update).toBeCallableWith("64b7f0c2a1d3e4f5a6b7c8d9", { displayName: "Ada", active: false });
    // @ts-expect-error Zluri has no given name
    z.update("64b7f0c2a1d3e4f5a6b7c8d9", { givenName: "Ada" });
    expectTypeOf(z.update).toBeCallableWith("64b7f0c2a1d3e4f5a6b7c8d9", { vendor: { user_archive: true } });
    // @ts-expect-error user_status is an enum in the Zluri spec
    z.update("64b7f0c2a1d3e4f5a6b7c8d9", { vendor: { user_status: "retired" } });
  });

  it("onlyoffice", () => {
    expectTypeOf(o.update).toBeCallableWith("id", { givenName: "Ada", notes: "x", active: true });
    // @ts-expect-error ONLYOFFICE's phone lives in a contacts list the facade will not replace
    o.update("id", { phone: "+1" });
    expectTypeOf(o.update).toBeCallableWith("id", { vendor: { sex: "female" } });
  });

  it("nexudus", () => {
    expectTypeOf(n.update).toBeCallableWith("87654321", { admin: true, locale: "en-GB" });
    // @ts-expect-error Nexudus admin users have no title
    n.update("87654321", { title: "CTO" });
    expectTypeOf(n.update).toBeCallableWith("87654321", { vendor: { UserRoles: [1, 2] } });
  });

  it("sailpoint-nerm", () => {
    expectTypeOf(s.update).toBeCallableWith("id", { username: "ada", locale: "fr-CA" });
    // @ts-expect-error NERM removed `admin` from its API
    s.update("id", { admin: true });
    expectTypeOf(s.update).toBeCallableWith("id", { vendor: { groups: ["Administrator_group"] } });
  });
});

describe("connectVendor", () => {
  it("types the connection from the vendor name", () => {
    expectTypeOf(connectVendor("nexudus", { token: "t" })).resolves.toHaveProperty("update");
    // @ts-expect-error Zluri takes an apiKey, not a token
    connectVendor("zluri", { token: "t" });
    // @ts-expect-error not a vendor we know
    connectVendor("okta", {});
  });
});
