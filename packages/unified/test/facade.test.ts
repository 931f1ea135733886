import { readdirSync } from "node:fs";
import { InvalidInputError, UnsupportedFieldError } from "@userbridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertHostileRefused } from "../../../test/support/hostile.js";
import { json, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { snipeIt } from "../src/adapters/snipe-it.js";
import { connect, connectVendor, splitByCapability, vendorNames } from "../src/index.js";
import { vendors } from "./vendors.js";

const serve = serverPerTest();
let server: TestServer | undefined;

const snipeOk = json(200, {
  status: "success",
  messages: "ok",
  payload: { id: 13, first_name: "Ada", last_name: "Lovelace", name: "Ada Lovelace", jobtitle: "CTO", activated: true },
});

async function facade() {
  server = await serve(snipeOk);
  // `verify: false`: the server gives one canned answer, not what was stored.
  return connect(snipeIt({ baseUrl: server.url, token: "tok-unified-1", verify: false }));
}

describe("run-time capabilities (callers without TypeScript)", () => {
  it("refuses every unsupported field in one UnsupportedFieldError, before any request", async () => {
    const users = await facade();
    const error = await users
      .update("13", { admin: true, displayName: "Ada", locale: "fr", title: "CTO" } as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnsupportedFieldError);
    expect(error.fields).toEqual(["admin", "displayName", "locale"]);
    expect(error.message).toContain('"admin"');
    expect(server?.received).toHaveLength(0);
  });

  it("refuses unknown fields, wrong types and double mappings as InvalidInputError naming each", async () => {
    const users = await facade();
    const error = await users
      .update("13", { nickname: "x", active: "yes", title: "CTO", vendor: { jobtitle: "CEO" } } as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([
      { path: "nickname", message: "is not a normalized field" },
      { path: "active", message: "must be a boolean" },
      { path: "vendor.jobtitle", message: "is also set by title" },
    ]);
    expect(server?.received).toHaveLength(0);
  });

  it("refuses an id the vendor cannot have", async () => {
    const users = await facade();
    const error = await users.update("abc", { title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "id", message: "must be a positive integer id" }]);
  });

  it("lets the vendor package's validation speak for values (bad email)", async () => {
    const users = await facade();
    const error = await users.update("13", { email: "not-an-email" }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "email", message: "must be a valid email" }]);
    expect(server?.received).toHaveLength(0);
  });

  it("ignores a __proto__ key smuggled into the changes", async () => {
    const users = await facade();
    await users.update("13", JSON.parse('{"title":"CTO","__proto__":{"admin":true}}'));
    expect(JSON.parse(server?.received[0]?.body ?? "")).toEqual({ jobtitle: "CTO" });
  });
});

describe("update and get", () => {
  it("maps, sends and normalizes", async () => {
    const users = await facade();
    const user = await users.update("13", { givenName: "Ada", title: "CTO", active: true, vendor: { remote: true } });
    expect(JSON.parse(server?.received[0]?.body ?? "")).toEqual({
      first_name: "Ada",
      jobtitle: "CTO",
      activated: true,
      remote: true,
    });
    expect(user).toMatchObject({
      vendor: "snipe-it",
      id: "13",
      givenName: "Ada",
      familyName: "Lovelace",
      displayName: "Ada Lovelace",
      title: "CTO",
      active: true,
    });
    expect(user.raw.id).toBe(13);
  });
});

describe("splitByCapability", () => {
  it("separates what a vendor can set from what it cannot", () => {
    const { supported, skipped } = splitByCapability({ title: "CTO", admin: true, vendor: { remote: true } }, [
      "title",
      "active",
    ]);
    expect(supported).toEqual({ title: "CTO", vendor: { remote: true } });
    expect(skipped).toEqual(["admin"]);
  });
});

describe("connectVendor", () => {
  it("loads an adapter by name", async () => {
    // Snipe-IT's GET answers the bare user (no envelope).
    server = await serve(json(200, { id: 13, first_name: "Ada" }));
    const users = await connectVendor("snipe-it", { baseUrl: server.url, token: "tok-unified-2" });
    expect(users.vendor).toBe("snipe-it");
    expect((await users.get("13")).givenName).toBe("Ada");
  });

  it("loads the lifecycle adapter when asked, where the vendor has one", async () => {
    const options = { baseUrl: "https://127.0.0.1:1", token: "t" };
    const plain = (await connectVendor("nexudus", options)) as object;
    expect("create" in plain || "list" in plain).toBe(false);
    const life = (await connectVendor("nexudus", options, { lifecycle: true })) as unknown as Record<string, unknown>;
    for (const verb of ["create", "planCreate", "list", "delete", "planDelete"])
      expect(typeof life[verb]).toBe("function");
    const zluri = (await connectVendor("zluri", { apiKey: "k" }, { lifecycle: true })) as unknown as Record<
      string,
      unknown
    >;
    expect(typeof zluri.create).toBe("function");
    expect(zluri.delete).toBeUndefined(); // Zluri documents no delete
  });

  it("names the known vendors when the name is unknown", async () => {
    await expect(connectVendor("okta" as never, {} as never)).rejects.toThrow(
      `Unknown vendor "okta"; known vendors: ${vendorNames.join(", ")}`,
    );
    // Every adapter in src/adapters, and nothing else, can be connected by name.
    const adapters = readdirSync(new URL("../src/adapters", import.meta.url)).map((f) => f.replace(/\.ts$/, ""));
    expect([...vendorNames].sort()).toEqual(adapters.sort());
    expect(vendorNames).toContain("snipe-it");
  });
});

describe("hostile caller data through the facade (issue 22)", () => {
  it.each(vendors.map((v) => [v.name, v] as const))(
    "%s: update, plan, get and find refuse it with InvalidInputError naming the path, nothing sent",
    async (_name, v) => {
      server = await serve(json(500, {}));
      const users = v.connect(server.url);
      await assertHostileRefused(
        {
          keys: ["title", "givenName", "email", "vendor"],
          valid: fc.record({ email: fc.constant("ada@example.com") }, { requiredKeys: [] }),
          update: (changes) => users.update(v.id, changes as never),
          plan: (changes) => users.plan(v.id, changes as never),
          get: (id) => users.get(id as never),
          find: (query) => users.find(query as never),
          sent: () => server?.received.length ?? 0,
        },
        60,
      );
    },
  );

  it("a Date or a class instance among the vendor's own fields is named under `vendor`", async () => {
    const users = await facade();
    const error = await users.update("13", { vendor: { jobtitle: new Date(0) } } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "vendor.jobtitle", message: expect.stringMatching(/not a Date/) }]);
    expect(server?.received).toHaveLength(0);
  });
});
