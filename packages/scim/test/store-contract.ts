/**
 * The ScimStore contract, one suite for every implementation (memory, the SQLite file, PostgreSQL):
 * state per (vendor, id), externalId unique per vendor and exact, userName unique per vendor
 * without regard to case, other vendors separate.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type ScimStore, StoreConflictError } from "../src/store.js";

export function describeScimStore(name: string, open: () => Promise<ScimStore>): void {
  describe(`${name}: the ScimStore contract`, () => {
    const stores: ScimStore[] = [];
    const store = async () => {
      const s = await open();
      stores.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close?.();
    });

    it("keeps each user's state; looks up externalId exactly and userName in any case", async () => {
      const s = await store();
      await s.put("zluri", "u1", { externalId: "ext-1", userName: "Ada@Example.com" });
      expect(await s.get("zluri", "u1")).toEqual({ externalId: "ext-1", userName: "Ada@Example.com" });
      expect(await s.get("zluri", "u2")).toBeUndefined();
      expect(await s.findBy("zluri", "externalId", "ext-1")).toBe("u1");
      expect(await s.findBy("zluri", "externalId", "EXT-1")).toBeUndefined();
      expect(await s.findBy("zluri", "userName", "ada@example.COM")).toBe("u1");
      expect(await s.findBy("nexudus", "externalId", "ext-1")).toBeUndefined();
    });

    it("refuses a value another user of the same vendor holds; a put replaces, a delete forgets", async () => {
      const s = await store();
      await s.put("zluri", "u1", { externalId: "ext-1" });
      await expect(s.put("zluri", "u2", { externalId: "ext-1" })).rejects.toThrow(StoreConflictError);
      await s.put("zluri", "u1", { userName: "ada" }); // replaces: ext-1 is given up
      await expect(s.put("zluri", "u2", { userName: "ADA" })).rejects.toThrow(StoreConflictError);
      await s.put("nexudus", "u2", { externalId: "ext-1" });
      await s.put("zluri", "u2", { externalId: "ext-1" });
      expect(await s.get("zluri", "u1")).toEqual({ userName: "ada" });
      await s.delete("zluri", "u1");
      expect(await s.get("zluri", "u1")).toBeUndefined();
      expect(await s.findBy("zluri", "userName", "ada")).toBeUndefined();
      await s.put("zluri", "u2", {}); // an empty state removes it
      expect(await s.get("zluri", "u2")).toBeUndefined();
    });

    it("a tombstone (RFC 7644 §3.6) is kept per (vendor, id) and releases the user's externalId and userName", async () => {
      const s = await store();
      await s.put("nexudus", "u1", { externalId: "ext-1", userName: "ada" });
      await s.put("nexudus", "u1", { deleted: true });
      expect(await s.get("nexudus", "u1")).toEqual({ deleted: true });
      expect(await s.get("zluri", "u1")).toBeUndefined();
      expect(await s.findBy("nexudus", "externalId", "ext-1")).toBeUndefined();
      expect(await s.findBy("nexudus", "userName", "ADA")).toBeUndefined();
      await s.put("nexudus", "u2", { externalId: "ext-1", userName: "Ada" }); // free for another user
      expect(await s.findBy("nexudus", "userName", "ada")).toBe("u2");
      await s.put("nexudus", "u1", { externalId: "ext-9" }); // re-provisioned: the tombstone is gone
      expect(await s.get("nexudus", "u1")).toEqual({ externalId: "ext-9" });
      await s.put("nexudus", "u1", { deleted: true });
      await s.delete("nexudus", "u1");
      expect(await s.get("nexudus", "u1")).toBeUndefined();
    });

    it("the same value put for two users at once: exactly one keeps it", async () => {
      const s = await store();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => s.put("snipe-it", `u${i}`, { externalId: "race" })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results.filter((r) => r.status === "rejected"))
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StoreConflictError);
      expect(await s.findBy("snipe-it", "externalId", "race")).toMatch(/^u\d$/);
    });
  });
}
