/**
 * Streaming: rows are pulled only as fast as the vendors take them, so memory does not grow with
 * the input. 100,000 generated rows against a vendor that answers at once (the 1,000,000-row case
 * runs in `pnpm bench:bulk`).
 */
import { describe, expect, it } from "vitest";
import { applyChanges, type BulkConnection, type ChangeRow } from "../src/index.js";

/** A vendor that answers instantly, from memory (no HTTP: what is measured is applyChanges itself). */
function instantVendor(vendor: string): BulkConnection {
  return {
    vendor,
    capabilities: ["title", "active"],
    get: async (id) => ({ id, title: "Engineer" }),
    find: async ({ email }) => ({ id: email, title: "Engineer" }),
    update: async () => ({}),
    plan: async () => ({ vendor, reads: [], writes: [], notes: [] }),
  };
}

function* rows(n: number): Generator<ChangeRow> {
  for (let i = 0; i < n; i++) {
    yield { email: `user${i}@example.com`, changes: { title: i % 10 === 0 ? "Engineer" : `T${i}` } };
  }
}

describe("applyChanges memory", () => {
  it("heap stays flat over 100,000 rows × 2 vendors, read by a slow consumer", async () => {
    const connections = { zluri: instantVendor("zluri"), "sailpoint-nerm": instantVendor("sailpoint-nerm") };
    const counts: Record<string, number> = {};
    let baseline = 0;
    let peak = 0;
    let seen = 0;
    const options = { rates: { zluri: 1e12, "sailpoint-nerm": 1e12 } };
    for await (const result of applyChanges(rows(100_000), connections, options)) {
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      seen++;
      // A reader slower than the vendors (as a file writer is): results must not pile up.
      if (seen % 50 === 0) await new Promise((r) => setImmediate(r));
      if (seen === 20_000) baseline = process.memoryUsage().heapUsed;
      if (seen > 20_000 && seen % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(counts).toEqual({ applied: 180_000, unchanged: 20_000 });
    expect(peak - baseline).toBeLessThan(50 * 1024 * 1024);
  }, 60_000);
});
