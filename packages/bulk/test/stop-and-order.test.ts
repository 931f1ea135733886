/**
 * applyChanges: a vendor stopped on a refused credential or its error budget, one user's rows in
 * input order (parked rows bounded by `buffer`), and the two ways to stop a run (`signal`, `abort`),
 * against the NERM simulator through a gated connection.
 */
import { PermissionDeniedError } from "@userbridge/core";
import { SIMULATOR_TOKEN, sampleUser, startSimulator } from "@userbridge/sailpoint-nerm/simulator";
import { connect } from "@userbridge/unified";
import { sailpointNerm } from "@userbridge/unified/sailpoint-nerm";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ApplyOptions,
  applyChanges,
  type BulkEvent,
  type ChangeRow,
  gated,
  type RowResult,
  VendorStoppedError,
} from "../src/index.js";

const sims: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

const id = (i: number) => `db6f8e8b-65c2-47d5-a0db-${i.toString(16).padStart(12, "0")}`;
async function nerm(options: Parameters<typeof startSimulator>[0] = {}, users = 20) {
  const sim = await startSimulator({
    users: Array.from({ length: users }, (_, i) => [
      id(i + 1),
      { ...sampleUser(), id: id(i + 1), email: `user${i + 1}@example.com` },
    ]) as never,
    rateLimit: false,
    ...options,
  });
  sims.push(sim);
  const connection = gated("sailpoint-nerm", (fetch) =>
    connect(sailpointNerm({ baseUrl: sim.url, token: SIMULATOR_TOKEN, fetch, maxRetries: 0 })),
  );
  return { sim, connections: { "sailpoint-nerm": connection } };
}
const run = async (rows: ChangeRow[], connections: object, options: ApplyOptions = {}) => {
  const out: RowResult[] = [];
  for await (const r of applyChanges(rows, connections, { rates: { "sailpoint-nerm": 600_000 }, ...options }))
    out.push(r);
  return out.sort((a, b) => a.row - b.row);
};
const byId = (n: number, title = "CTO"): ChangeRow[] =>
  Array.from({ length: n }, (_, i) => ({
    vendor: "sailpoint-nerm",
    id: id(i + 1),
    changes: { title: `${title} ${i}` },
  }));

describe("a stopped vendor", () => {
  it("403 to a read stops the vendor: the rest skipped with a VendorStoppedError, one `stopped` event", async () => {
    const { sim, connections } = await nerm({ fail: { status: 403, times: 1000 } });
    const events: BulkEvent[] = [];
    const results = await run(byId(20), connections, { onEvent: (e) => events.push(e) });
    const skipped = results.filter((r) => r.status === "skipped");
    expect(skipped.length).toBeGreaterThanOrEqual(20 - 8);
    expect(results.filter((r) => r.status !== "skipped").every((r) => r.status === "failed")).toBe(true);
    expect(sim.requests.length).toBeLessThanOrEqual(8);
    const stopped = events.filter((e) => e.type === "stopped");
    expect(stopped).toHaveLength(1);
    const error = skipped[0]?.error as VendorStoppedError;
    expect(error).toBeInstanceOf(VendorStoppedError);
    expect(error.reason).toBe("credential");
    expect(error.cause).toBeInstanceOf(PermissionDeniedError);
    expect(error.message).toMatch(/^sailpoint-nerm refused the credential \(HTTP 403\): /);
  });

  it("403 to one user's write is that row's `failed`; to 3 rows' writes in a row, the credential's", async () => {
    const writes = (req: { method: string }) => req.method !== "GET";
    const one = await nerm({ fail: { status: 403, times: 1, when: writes } });
    const a = await run(byId(6), one.connections, { concurrency: 1 });
    expect(a.map((r) => r.status)).toEqual(["failed", "applied", "applied", "applied", "applied", "applied"]);
    const all = await nerm({ fail: { status: 403, times: 1000, when: writes } });
    const b = await run(byId(6), all.connections, { concurrency: 1 });
    expect(b.map((r) => r.status)).toEqual(["failed", "failed", "failed", "skipped", "skipped", "skipped"]);
  });

  it("maxErrors: after that many failed rows the vendor is stopped", async () => {
    const { sim, connections } = await nerm({ fail: { status: 500, times: 1000 } });
    const results = await run(byId(20), connections, { concurrency: 1, maxErrors: 3 });
    expect(results.map((r) => r.status)).toEqual([...Array(3).fill("failed"), ...Array(17).fill("skipped")]);
    expect(results[3]?.error).toMatchObject({ reason: "max-errors" });
    expect(sim.requests).toHaveLength(3);
  });
});

describe("one user's rows", () => {
  it("run in input order, never concurrently, also when parked rows reach `buffer`", async () => {
    const { sim, connections } = await nerm({ latencyMs: 5 }, 3);
    // 30 rows for user 1 (by id, then by email in other case), between rows for users 2 and 3.
    const rows: ChangeRow[] = Array.from({ length: 30 }, (_, i) => ({
      vendor: "sailpoint-nerm",
      ...(i % 2 ? { email: "USER1@example.com" } : { email: "user1@example.com" }),
      changes: { title: `Title ${i + 1}` },
    }));
    rows.splice(10, 0, { vendor: "sailpoint-nerm", id: id(2), changes: { title: "Other" } });
    rows.push({ vendor: "sailpoint-nerm", id: id(3), changes: { title: "Other" } });
    const results = await run(rows, connections, { buffer: 4 });
    expect(results.filter((r) => r.status !== "applied")).toEqual([]);
    const titles = sim.requests
      .filter((r) => r.method === "PATCH" && r.url.includes(id(1)))
      .map((r) => (r.body as { user?: { title?: string } }).user?.title ?? JSON.stringify(r.body));
    expect(titles).toEqual(Array.from({ length: 30 }, (_, i) => `Title ${i + 1}`));
    expect(sim.users.get(id(1))).toMatchObject({ title: "Title 30" });
  });
});

describe("stopping a run", () => {
  it("`signal`: rows not started get no result, the rows in flight finish", async () => {
    const { sim, connections } = await nerm({ latencyMs: 50 });
    const stop = new AbortController();
    const results: RowResult[] = [];
    for await (const r of applyChanges(byId(20), connections, { signal: stop.signal, concurrency: 2 })) {
      results.push(r);
      stop.abort();
    }
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(3); // the first, and the one in flight beside it
    for (const r of results) expect(r.status).toBe("applied");
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.requests.filter((r) => r.method === "PATCH").length).toBe(results.length);
  });

  it("`abort`: the requests in flight are cancelled and the run ends at once", async () => {
    const { connections } = await nerm({ latencyMs: 2_000 });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const t0 = performance.now();
    const results = await run(byId(8), connections, { abort: abort.signal });
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(results).toEqual([]);
  });
});
