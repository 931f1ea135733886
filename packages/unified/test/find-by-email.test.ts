/**
 * `users.find({ email })` for every vendor, through the facade, against the simulators (each
 * answering its find endpoint as the vendor does): case-insensitive exact match, none, several.
 */
import { AmbiguousMatchError, InvalidInputError, NotFoundError } from "@userbridge/core";
import { afterEach, describe, expect, it } from "vitest";
import { email, fleetVendors, startFleet, vendorIds } from "../../../test/support/fleet.js";

const open: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.stop()));
});
const fleet = async () => {
  const f = await startFleet({ size: 3, rateLimit: false, gate: false, maxRetries: 0 });
  open.push(f);
  return f;
};

/** A second record holding user 1's address in upper case, in each vendor's own shape. */
const twins: Record<string, [string, unknown]> = {
  "snipe-it": ["77", { ...{}, id: 77, email: "USER1@EXAMPLE.COM", deleted_at: null }],
  zluri: ["0000000000000000000000ff", { user_id: "0000000000000000000000ff", user_email: "USER1@EXAMPLE.COM" }],
  nexudus: ["1077", { Id: 1077, FullName: "Twin", Email: "USER1@EXAMPLE.COM" }],
  "sailpoint-nerm": [
    "00000000-0000-4000-8000-0000000000ff",
    { id: "00000000-0000-4000-8000-0000000000ff", email: "USER1@EXAMPLE.COM", name: "Twin" },
  ],
};

describe.each(fleetVendors)("%s: users.find({ email })", (vendor) => {
  it("finds the user whatever the case of the address, and reads it normalized", async () => {
    const f = await fleet();
    const user = await f.connections[vendor]?.find({ email: "User2@Example.COM" });
    expect(user).toMatchObject({ vendor, id: vendorIds[vendor]?.(2), email: email(2) });
  });

  it("no such user: NotFoundError", async () => {
    const f = await fleet();
    await expect(f.connections[vendor]?.find({ email: "nobody@example.com" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a malformed address: InvalidInputError, nothing sent", async () => {
    const f = await fleet();
    await expect(f.connections[vendor]?.find({ email: "not an address" })).rejects.toBeInstanceOf(InvalidInputError);
    expect(f.sims[vendor]?.requests).toEqual([]);
  });

  if (vendor === "onlyoffice") {
    it("two users with one address: ONLYOFFICE answers the first (GetUserByEmail is FirstOrDefault)", async () => {
      const f = await fleet();
      const id = "10000000-0000-4000-8000-0000000000ff";
      f.sims.onlyoffice?.users.set(id, {
        ...(f.sims.onlyoffice.users.get(vendorIds.onlyoffice!(1)) as object),
        id,
        email: "USER1@EXAMPLE.COM",
      });
      const user = await f.connections.onlyoffice?.find({ email: email(1) });
      expect(user?.id).toBe(vendorIds.onlyoffice!(1));
    });
  } else {
    it("two users with one address (in any case): AmbiguousMatchError listing both ids", async () => {
      const f = await fleet();
      const [key, twin] = twins[vendor] as [string, Record<string, unknown>];
      const base = f.sims[vendor]?.users.get(vendorIds[vendor]!(1)) as Record<string, unknown>;
      f.sims[vendor]?.users.set(key, { ...base, ...twin });
      const error = await f.connections[vendor]?.find({ email: email(1) }).catch((e) => e);
      expect(error).toBeInstanceOf(AmbiguousMatchError);
      expect([...error.ids].sort()).toEqual([vendorIds[vendor]!(1), key].sort());
    });
  }
});
