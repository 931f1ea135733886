import { UnsupportedFieldError } from "@userbridge/core";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { FIELD_NAMES } from "../src/index.js";
import { vendors } from "./vendors.js";

const rec = recordingFetch();
afterEach(() => {
  // No request any adapter sent may break its vendor's spec.
  expect(rec.violations()).toEqual([]);
  rec.log.length = 0;
});

describe.each(vendors)("$name adapter against Prism", (v) => {
  const users = () => v.connect(prismUrl(v.name), rec.fetch);

  it("declares exactly the capabilities of the mapping table", () => {
    expect([...users().capabilities].sort()).toEqual(Object.keys(v.table).sort());
    expect([...Object.keys(v.table), ...v.cannot].sort()).toEqual([...FIELD_NAMES].sort());
  });

  it("updates with every capability at once, within the spec, and normalizes the answer", async () => {
    const changes = Object.fromEntries(Object.entries(v.table).map(([k, [value]]) => [k, value]));
    const user = await users().update(v.id, changes);
    expect(user.vendor).toBe(v.name);
    expect(typeof user.id).toBe("string");
    expect(user.raw).toBeTruthy();
    expect(rec.log.some((r) => r.method !== "GET" && r.method !== "POST")).toBe(true);
  });

  it("reads and normalizes a user", async () => {
    const user = await users().get(v.id);
    expect(user.vendor).toBe(v.name);
    expect(user.id.length).toBeGreaterThan(0);
    expect("password" in user).toBe(false);
  });

  it("refuses every field it cannot set, before any request", async () => {
    const changes = Object.fromEntries(v.cannot.map((k) => [k, k === "active" || k === "admin" ? true : "x"]));
    const error = await users()
      .update(v.id, changes)
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnsupportedFieldError);
    expect(error.fields).toEqual(v.cannot);
    expect(rec.log).toHaveLength(0);
  });
});

describe.each(vendors)("$name mapping table", (v) => {
  it.each(Object.entries(v.table))("%s → vendor fields", async (field, [value, expected]) => {
    const plan = await v.connect(prismUrl(v.name), rec.fetch).plan(v.id, { [field]: value });
    const bodies = plan.writes.map((w) => w.body as Record<string, unknown>);
    const merged = Object.assign({}, ...bodies.map((b) => (b && typeof b === "object" && "user" in b ? b.user : b)));
    // Secret values are redacted in plans; everything else must be exactly the mapped value.
    for (const [key, want] of Object.entries(expected)) {
      expect(merged[key]).toEqual(/pass/i.test(key) ? "[redacted]" : want);
    }
    expect(rec.log.filter((r) => r.method !== "GET" && !(v.name === "zluri" && r.method === "POST"))).toHaveLength(0);
  });
});
