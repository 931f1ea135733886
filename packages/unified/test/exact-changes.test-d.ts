/**
 * An unsupported field is a compile error however the changes reach `update` / `plan`: in an
 * object literal (TypeScript's excess-property rule would catch that alone) and through a variable
 * (which only the exact check catches), for every adapter; the vendor's own fields likewise.
 */
import { describe, expectTypeOf, it } from "vitest";
import { nexudus } from "../src/adapters/nexudus.js";
import { onlyoffice } from "../src/adapters/onlyoffice.js";
import { sailpointNerm } from "../src/adapters/sailpoint-nerm.js";
import { snipeIt } from "../src/adapters/snipe-it.js";
import { zluri } from "../src/adapters/zluri.js";
import { connect, connectVendor, type ExactChanges, type NormalizedUser, type Refused } from "../src/index.js";

const snipe = connect(snipeIt({ baseUrl: "https://assets.example.com", token: "t" }));
const z = connect(zluri({ apiKey: "k" }));
const o = connect(onlyoffice({ baseUrl: "https://office.example.com", token: "t" }));
const n = connect(nexudus({ token: "t" }));
const s = connect(sailpointNerm({ tenant: "acme", token: "t" }));

describe("snipe-it", () => {
  it("refuses `admin` in a literal and in a variable, for update and plan", () => {
    // @ts-expect-error literal: Snipe-IT cannot set `admin`
    snipe.update("13", { title: "CTO", admin: true });
    const changes = { title: "CTO", admin: true };
    // @ts-expect-error variable: Snipe-IT cannot set `admin`
    snipe.update("13", changes);
    // @ts-expect-error variable: Snipe-IT cannot set `admin`
    snipe.plan("13", changes);
  });

  it("still infers and accepts a supported variable", () => {
    const changes = { title: "CTO", active: true };
    expectTypeOf(snipe.update("13", changes)).resolves.toEqualTypeOf<
      NormalizedUser<"snipe-it", import("@userbridge/snipe-it").User>
    >();
    expectTypeOf(snipe.plan("13", changes)).resolves.toHaveProperty("writes");
  });

  it("refuses an unknown vendor field in a variable, next to a known one", () => {
    const changes = { vendor: { remote: true, favourite_colour: "blue" } };
    // @ts-expect-error variable: not a Snipe-IT field
    snipe.update("13", changes);
    // @ts-expect-error literal: not a Snipe-IT field
    snipe.update("13", { vendor: { remote: true, favourite_colour: "blue" } });
    const fine = { vendor: { remote: true } };
    expectTypeOf(snipe.update).toBeCallableWith("13", fine);
  });

  it("refuses a name that is no normalized field at all, through a variable", () => {
    const changes = { title: "CTO", nickname: "x" };
    // @ts-expect-error variable: not a normalized field
    snipe.update("13", changes);
  });
});

describe("zluri", () => {
  it("refuses `givenName` in a literal and in a variable", () => {
    // @ts-expect-error literal: Zluri has no given name
    z.update("64b7f0c2a1d3e4f5a6b7c8d9", { title: "CTO", givenName: "Ada" });
    const changes = { title: "CTO", givenName: "Ada" };
    // @ts-expect-error variable: Zluri has no given name
    z.update("64b7f0c2a1d3e4f5a6b7c8d9", changes);
    // @ts-expect-error variable: Zluri has no given name
    z.plan("64b7f0c2a1d3e4f5a6b7c8d9", changes);
    const fine = { title: "CTO", active: false };
    expectTypeOf(z.update).toBeCallableWith("64b7f0c2a1d3e4f5a6b7c8d9", fine);
  });
});

describe("onlyoffice", () => {
  it("refuses `phone` in a literal and in a variable", () => {
    // @ts-expect-error literal: ONLYOFFICE's phone lives in a contacts list the facade will not replace
    o.update("id", { notes: "x", phone: "+1" });
    const changes = { notes: "x", phone: "+1" };
    // @ts-expect-error variable: ONLYOFFICE's phone lives in a contacts list the facade will not replace
    o.update("id", changes);
    // @ts-expect-error variable: ONLYOFFICE's phone lives in a contacts list the facade will not replace
    o.plan("id", changes);
    const fine = { givenName: "Ada", notes: "x" };
    expectTypeOf(o.update).toBeCallableWith("id", fine);
  });
});

describe("nexudus", () => {
  it("refuses `title` in a literal and in a variable", () => {
    // @ts-expect-error literal: Nexudus admin users have no title
    n.update("87654321", { admin: true, title: "CTO" });
    const changes = { admin: true, title: "CTO" };
    // @ts-expect-error variable: Nexudus admin users have no title
    n.update("87654321", changes);
    // @ts-expect-error variable: Nexudus admin users have no title
    n.plan("87654321", changes);
    const fine = { admin: true, locale: "en-GB" };
    expectTypeOf(n.update).toBeCallableWith("87654321", fine);
  });
});

describe("sailpoint-nerm", () => {
  it("refuses `admin` in a literal and in a variable", () => {
    // @ts-expect-error literal: NERM removed `admin` from its API
    s.update("id", { username: "ada", admin: true });
    const changes = { username: "ada", admin: true };
    // @ts-expect-error variable: NERM removed `admin` from its API
    s.update("id", changes);
    // @ts-expect-error variable: NERM removed `admin` from its API
    s.plan("id", changes);
    const fine = { username: "ada", locale: "fr-CA" };
    expectTypeOf(s.update).toBeCallableWith("id", fine);
  });
});

describe("connectVendor", () => {
  it("checks a variable against the vendor named", async () => {
    const users = await connectVendor("zluri", { apiKey: "k" });
    const changes = { title: "CTO", givenName: "Ada" };
    // @ts-expect-error variable: Zluri has no given name
    users.update("64b7f0c2a1d3e4f5a6b7c8d9", changes);
  });
});

describe("the error names the vendor and the field", () => {
  it("maps each unsupported key to a Refused type saying why", () => {
    type Z = ExactChanges<
      { title: string; givenName: string; nickname: string },
      "zluri",
      "title",
      { user_name?: string }
    >;
    expectTypeOf<Z["givenName"]>().toEqualTypeOf<string & Refused<"zluri cannot set givenName">>();
    expectTypeOf<Z["nickname"]>().toEqualTypeOf<string & Refused<"nickname is not a normalized field">>();
    type V = ExactChanges<{ vendor: { colour: string } }, "zluri", "title", { user_name?: string }>;
    expectTypeOf<NonNullable<V["vendor"]>["colour"]>().toEqualTypeOf<string & Refused<"colour is not a zluri field">>();
  });
});
