/**
 * The facade's `find`: by email, or by login name (`username`) where the adapter can look it up
 * through the vendor's own filter (Snipe-IT `?username=`, NERM `?login=`): one request, the
 * vendor package's NotFoundError / AmbiguousMatchError; elsewhere a UserbridgeError, nothing sent.
 * And the profile every adapter declares (`readOnly`, `signsInBy`, `mandatory`) is what its reads
 * return and what its vendor refuses to clear.
 */
import { AmbiguousMatchError, InvalidInputError, NotFoundError, UserbridgeError } from "@userbridge/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FleetVendor, fleetVendors, simTokens, startSims, vendorIds } from "../../../test/support/sims.js";
import { nexudus } from "../src/adapters/nexudus.js";
import { onlyoffice } from "../src/adapters/onlyoffice.js";
import { sailpointNerm } from "../src/adapters/sailpoint-nerm.js";
import { snipeIt } from "../src/adapters/snipe-it.js";
import { zluri } from "../src/adapters/zluri.js";
import { type ConnectedUsers, connect, FIELD_NAMES, type FieldName } from "../src/index.js";

let fleet: Awaited<ReturnType<typeof startSims>>;
let connections: Record<FleetVendor, ConnectedUsers<string, FieldName, unknown, unknown>>;
beforeAll(async () => {
  fleet = await startSims({ size: 3, rateLimit: false });
  const at = (v: FleetVendor) => ({ baseUrl: fleet.sims[v].url, maxRetries: 0 });
  connections = {
    "snipe-it": connect(snipeIt({ ...at("snipe-it"), ...simTokens["snipe-it"] })),
    zluri: connect(zluri({ ...at("zluri"), ...simTokens.zluri })),
    onlyoffice: connect(onlyoffice({ ...at("onlyoffice"), ...simTokens.onlyoffice })),
    nexudus: connect(nexudus({ ...at("nexudus"), ...simTokens.nexudus })),
    "sailpoint-nerm": connect(sailpointNerm({ ...at("sailpoint-nerm"), ...simTokens["sailpoint-nerm"] })),
  } as unknown as typeof connections;
});
afterAll(() => fleet.stop());

const conn = (v: FleetVendor) => connections[v];
const requests = (v: FleetVendor) => fleet.sims[v].requests as { method: string; url: string }[];

describe("find({ username })", () => {
  for (const [v, path] of [
    ["snipe-it", "/api/v1/users?username=USER1"],
    ["sailpoint-nerm", "/users?login=USER1"],
  ] as const) {
    it(`${v}: one request through the vendor's filter, case-insensitive; NotFoundError for none`, async () => {
      const users = conn(v);
      const before = requests(v).length;
      const found = await users.find({ username: "USER1" });
      expect(found).toMatchObject({ id: String(vendorIds[v]!(1)), username: "user1" });
      expect(
        requests(v)
          .slice(before)
          .map((r) => `${r.method} ${r.url}`),
      ).toEqual([`GET ${path}`]);
      await expect(users.find({ username: "user" })).rejects.toBeInstanceOf(NotFoundError);
      await expect(users.find({ username: " " })).rejects.toBeInstanceOf(InvalidInputError);
    });
  }

  it("sailpoint-nerm: AmbiguousMatchError naming both ids when two users share a login", async () => {
    const sim = fleet.sims["sailpoint-nerm"] as (typeof fleet.sims)["sailpoint-nerm"] & {
      users: Map<string, Record<string, unknown>>;
    };
    const id = "00000000-0000-4000-8000-00000000abcd";
    sim.users.set(id, { id, name: "Twin", email: "twin@example.com", login: "User2", status: "Active" });
    try {
      const error = await conn("sailpoint-nerm")
        .find({ username: "user2" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AmbiguousMatchError);
      expect([...(error as AmbiguousMatchError).ids].sort()).toEqual(
        [String(vendorIds["sailpoint-nerm"]!(2)), id].sort(),
      );
    } finally {
      sim.users.delete(id);
    }
  });

  for (const v of ["zluri", "onlyoffice", "nexudus"] as const) {
    it(`${v}: a UserbridgeError naming the lookup, nothing sent`, async () => {
      const before = requests(v).length;
      const error = await conn(v)
        .find({ username: "user1" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserbridgeError);
      expect((error as Error).message).toBe(`${v} cannot find users by username`);
      expect(requests(v).length).toBe(before);
    });
  }

  it("refuses email and username together, and still finds by email", async () => {
    const users = conn("snipe-it");
    await expect(users.find({ email: "user1@example.com", username: "user1" } as never)).rejects.toThrow(
      "snipe-it cannot find users by email,username",
    );
    await expect(users.find({ email: "user1@example.com" })).resolves.toMatchObject({ username: "user1" });
  });
});

/** Vendor fields the fleet's seeds leave empty that a read would normalize. */
const FULL: Record<(typeof fleetVendors)[number], Record<string, unknown>> = {
  "snipe-it": { locale: "en-US" },
  zluri: {},
  onlyoffice: { mobilePhone: "+1 555 0100", cultureName: "en-US", isAdmin: true, userName: "user1" },
  nexudus: {},
  "sailpoint-nerm": {},
};

describe("each adapter's profile", () => {
  for (const v of fleetVendors) {
    it(`${v}: readOnly names exactly the fields a read returns that it cannot set; signsInBy is declared`, async () => {
      const users = conn(v);
      // The seeded record with every field the vendor's read can carry filled in.
      const id = String(vendorIds[v]!(1));
      const sim = fleet.sims[v] as (typeof fleet.sims)[FleetVendor] & { users: Map<string, Record<string, unknown>> };
      sim.users.set(id, { ...(sim.users.get(id) as Record<string, unknown>), ...FULL[v] });
      const user = (await users.get(id)) as unknown as Record<string, unknown>;
      const can = new Set<string>(users.capabilities);
      const returned = Object.keys(user).filter((k) => (FIELD_NAMES as readonly string[]).includes(k) && !can.has(k));
      expect([...users.readOnly].sort()).toEqual(returned.sort());
      expect(users.signsInBy).toBe(v === "snipe-it" || v === "sailpoint-nerm" ? "username" : "email");
    });
  }
});

describe("each adapter's mandatory fields", () => {
  for (const v of fleetVendors) {
    it(`${v}: every mandatory field is one it can set, and the vendor refuses an update that clears it`, async () => {
      const users = conn(v);
      expect(users.mandatory.length).toBeGreaterThan(0);
      const id = String(vendorIds[v]!(2));
      for (const field of users.mandatory) {
        expect(users.capabilities).toContain(field);
        const before = await users.get(id);
        const error = await users.update(id, { [field]: "" } as never).catch((e: unknown) => e);
        expect(error, `${v} ${field}`).toBeInstanceOf(UserbridgeError);
        expect((await users.get(id))[field as keyof typeof before]).toEqual(before[field as keyof typeof before]);
      }
    });
  }
});
