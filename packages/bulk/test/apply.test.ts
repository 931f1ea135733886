/**
 * applyChanges against the vendor simulators (rate limits on, clocks sped up): one status per kind
 * of row, throttles honoured and slowed down after, vendors in parallel, bad rows reported in place.
 */
import {
  AmbiguousMatchError,
  type InvalidInputError,
  NotFoundError,
  UnappliedChangesError,
  UserbridgeError,
} from "@userbridge/core";
import type { VendorName } from "@userbridge/unified";
import { afterEach, describe, expect, it } from "vitest";
import { email, startFleet, vendorIds } from "../../../test/support/fleet.js";
import { type ApplyOptions, applyChanges, type ChangeRow, type RowResult, statusOf } from "../src/index.js";

const fleets: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.stop()));
});
const fleet = async (options: Parameters<typeof startFleet>[0]) => {
  const f = await startFleet(options);
  fleets.push(f);
  return f;
};
const collect = async (it: AsyncIterable<RowResult>) => {
  const out: RowResult[] = [];
  for await (const r of it) out.push(r);
  return out.sort((a, b) => a.row - b.row || a.vendor.localeCompare(b.vendor));
};

describe("applyChanges: one status per kind of row", () => {
  it("applied, unchanged, not-found, ambiguous, invalid and failed, in one run that goes on", async () => {
    const f = await fleet({ size: 3, rateLimit: false, maxRetries: 0 });
    // A second Zluri record with user 1's email in other case: an ambiguous find.
    f.sims.zluri?.users.set("00000000000000000000abcd", {
      user_id: "00000000000000000000abcd",
      user_name: "Twin",
      user_email: "USER1@example.com",
      user_status: "active",
    });
    const rows: ChangeRow[] = [
      { email: "user1@example.com", changes: { active: false } }, // 0: every vendor
      { vendor: "snipe-it", id: "2", changes: { title: "CTO" } }, // 1: applied by id
      { vendor: "snipe-it", id: "3", changes: { title: "Engineer" } }, // 2: unchanged
      { vendor: "sailpoint-nerm", email: "nobody@example.com", changes: { title: "CTO" } }, // 3: not-found
      { vendor: "snipe-it", id: "999", changes: { title: "CTO" } }, // 4: not-found by id
      { vendor: "nexudus", email: "user2@example.com", changes: { title: "CTO" } }, // 5: unsupported field
      { vendor: "zluri", email: "not-an-email", changes: { title: "CTO" } }, // 6: bad email
      { vendor: "zluri", changes: { title: "CTO" } }, // 7: no id, no email
      { vendor: "zluri", email: "user2@example.com", changes: { jobTitle: "CTO" } }, // 8: unknown field
      { vendor: "nexudus", email: "USER3@EXAMPLE.COM", changes: { displayName: "Three" } }, // 9: case-insensitive find
    ];
    const results = await collect(applyChanges(rows, f.connections));
    const summary = results.map((r) => `${r.row} ${r.vendor} ${r.status}`);
    expect(summary).toEqual([
      "0 nexudus applied",
      "0 onlyoffice applied",
      "0 sailpoint-nerm applied",
      "0 snipe-it applied",
      "0 zluri ambiguous",
      "1 snipe-it applied",
      "2 snipe-it unchanged",
      "3 sailpoint-nerm not-found",
      "4 snipe-it not-found",
      "5 nexudus invalid",
      "6 zluri invalid",
      "7 zluri invalid",
      "8 zluri invalid",
      "9 nexudus applied",
    ]);
    const at = (row: number, vendor = results.find((r) => r.row === row)?.vendor) =>
      results.find((r) => r.row === row && r.vendor === vendor) as RowResult;
    expect(at(0, "zluri").error).toBeInstanceOf(AmbiguousMatchError);
    expect((at(0, "zluri").error as AmbiguousMatchError).ids.sort()).toEqual([
      vendorIds.zluri!(1),
      "00000000000000000000abcd",
    ]);
    expect(at(3).error).toBeInstanceOf(NotFoundError);
    expect(at(5).error?.message).toContain('"title"');
    expect(at(6).error?.message).toContain("email: must be an email address");
    expect(at(7).error?.message).toContain("needs an id or an email");
    expect(at(8).error?.message).toContain("changes.jobTitle: is not a normalized field");
    expect(at(2).requests).toBe(1); // the read showed the title already set: no write
    expect(f.sims["snipe-it"]?.users.get("2")).toMatchObject({ jobtitle: "CTO" });
    expect(f.sims["snipe-it"]?.users.get("1")).toMatchObject({ activated: false });
    expect(f.sims.nexudus?.users.get(vendorIds.nexudus!(3))).toMatchObject({ FullName: "Three" });
    expect(f.sims.zluri?.users.get(vendorIds.zluri!(1))).toMatchObject({ user_status: "active" }); // ambiguous: untouched
  });

  it("a vendor failure is `failed` with the typed error, and the next rows still run", async () => {
    const f = await fleet({ size: 2, rateLimit: false, maxRetries: 0 });
    await f.stop();
    const g = await fleet({ size: 2, rateLimit: false, maxRetries: 0 });
    // Fault injection on a fresh NERM simulator: its first answer is a 500.
    const { startSimulator, SIMULATOR_TOKEN } = await import("@userbridge/sailpoint-nerm/simulator");
    const { connect } = await import("@userbridge/unified");
    const { sailpointNerm } = await import("@userbridge/unified/sailpoint-nerm");
    const sim = await startSimulator({
      users: g.sims["sailpoint-nerm"]?.users as never,
      fail: { status: 500, times: 1 },
    });
    fleets.push(sim);
    const nerm = connect(sailpointNerm({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 0 }));
    const rows: ChangeRow[] = [1, 2].map((i) => ({ email: email(i), changes: { title: "CTO" } }));
    const results = await collect(applyChanges(rows, { "sailpoint-nerm": nerm }, { concurrency: 1 }));
    expect(results.map((r) => r.status)).toEqual(["failed", "applied"]);
    expect(results[0]?.error).toBeInstanceOf(UserbridgeError);
    expect(results[0]?.error?.status).toBe(500);
  });

  it("maps UnappliedChangesError to `unapplied` (by class, so any copy of core matches)", () => {
    const error = new UnappliedChangesError(
      [{ field: "title", requested: "CTO", stored: "Engineer" }],
      {},
      {
        vendor: "zluri",
        operation: "update",
      },
    );
    expect(statusOf(error)).toBe("unapplied");
    expect(statusOf(new AmbiguousMatchError("x", ["1", "2"], { vendor: "zluri", operation: "find" }))).toBe(
      "ambiguous",
    );
  });

  it("hostile rows (a throwing getter, a Proxy whose trap throws, a Date) are `invalid` naming the path; the run goes on", async () => {
    const f = await fleet({ size: 2, rateLimit: false, maxRetries: 0 });
    const getter = { vendor: "zluri", email: email(1) } as Record<string, unknown>;
    Object.defineProperty(getter, "changes", {
      enumerable: true,
      get() {
        throw new Error("hostile getter");
      },
    });
    const proxy = new Proxy(
      { vendor: "zluri", email: email(1), changes: { title: "CTO" } },
      {
        ownKeys() {
          throw new Error("hostile ownKeys");
        },
      },
    );
    const rows = [
      getter,
      proxy,
      { vendor: "zluri", email: email(1), changes: { title: new Date(0) } },
      { vendor: "zluri", email: email(2), changes: { title: "CTO" } },
    ] as unknown as ChangeRow[];
    const results = await collect(applyChanges(rows, f.connections, { concurrency: 1 }));
    expect(results.map((r) => `${r.row} ${r.vendor} ${r.status}`)).toEqual([
      "0 zluri invalid",
      "1 zluri invalid", // the vendor it names, read alone, when the row as a whole cannot be
      "2 zluri invalid",
      "3 zluri applied",
    ]);
    const issues = (row: number) =>
      (results.find((r) => r.row === row)?.error as InvalidInputError | undefined)?.issues;
    expect(issues(0)).toEqual([{ path: "changes", message: "cannot be read: hostile getter" }]);
    expect(issues(1)).toEqual([{ path: "", message: "cannot be read: hostile ownKeys" }]);
    expect(issues(2)).toEqual([{ path: "changes.title", message: expect.stringMatching(/not a Date/) }]);
  });

  it("a dry run plans the writes and sends none", async () => {
    const f = await fleet({ size: 1, rateLimit: false, maxRetries: 0 });
    const results = await collect(
      applyChanges([{ vendor: "zluri", email: email(1), changes: { title: "CTO" } }], f.connections, { dryRun: true }),
    );
    expect(results[0]).toMatchObject({ status: "planned", planned: [{ method: "PATCH" }] });
    expect(f.sims.zluri?.requests).toHaveLength(1); // the find
    expect(f.sims.zluri?.users.get(vendorIds.zluri!(1))).toMatchObject({ user_designation: "Engineer" });
  });
});

describe("applyChanges: scheduling", () => {
  const rowsFor = (vendor: VendorName, n: number): ChangeRow[] =>
    Array.from({ length: n }, (_, i) => ({ vendor, email: email(i + 1), changes: { title: `T${i}` } }));
  const throttled = (sim: { exchanges: { status: number }[] } | undefined) =>
    (sim?.exchanges ?? []).filter((e) => e.status === 429 || e.status === 409 || e.status === 503).length;

  it("at the documented rate (sped up like the simulator's clock), no request is throttled", async () => {
    // Zluri: 100/min; ×120 → 200 requests/s. 30 rows × 3 requests (find, PATCH, re-read).
    const f = await fleet({ size: 30, timeScale: { zluri: 120 } });
    const options: ApplyOptions = { rates: { zluri: 100 * 120 } };
    const results = await collect(applyChanges(rowsFor("zluri", 30), { zluri: f.connections.zluri }, options));
    expect(results.every((r) => r.status === "applied")).toBe(true);
    expect(throttled(f.sims.zluri)).toBe(0);
    // Requests counted per row are the requests the vendor received.
    expect(results.reduce((n, r) => n + r.requests, 0)).toBe(f.sims.zluri?.requests.length);
  });

  it("too fast a rate: throttle answers are honoured (Retry-After), the rate halves, every row lands", async () => {
    // A Zluri allowing 10 requests per simulated minute (×60: per second); we send at 3× that.
    const f = await fleet({ size: 10, timeScale: { zluri: 60 }, rateLimit: { limit: 10, windowMs: 60_000 } });
    const events: string[] = [];
    const started = performance.now();
    const results = await collect(
      applyChanges(
        rowsFor("zluri", 10),
        { zluri: f.connections.zluri },
        {
          rates: { zluri: 30 * 60 },
          concurrency: 10,
          onEvent: (e) => e.type !== "result" && events.push(e.type),
        },
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill("applied"));
    expect(events).toContain("throttle");
    expect(events).toContain("rate");
    expect(throttled(f.sims.zluri)).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThan(900); // waited out a Retry-After
  });

  it("vendors run in parallel: two throttled vendors together take about as long as the slower one", async () => {
    const f = await fleet({ size: 20, timeScale: { "snipe-it": 60, "sailpoint-nerm": 10 } });
    // Snipe-IT 120/min ×60 = 120/s; NERM 600/min ×10 = 100/s. 20 rows × 2 requests each ≈ 0.35-0.4 s alone.
    const rates = { "snipe-it": 120 * 60, "sailpoint-nerm": 600 * 10 };
    const time = async (connections: ApplyOptions["rates"], rows: ChangeRow[]) => {
      const t = performance.now();
      await collect(applyChanges(rows, connections as never, { rates }));
      return performance.now() - t;
    };
    const snipe = await time({ "snipe-it": f.connections["snipe-it"] } as never, rowsFor("snipe-it", 20));
    const both = await time(
      { "snipe-it": f.connections["snipe-it"], "sailpoint-nerm": f.connections["sailpoint-nerm"] } as never,
      [...rowsFor("snipe-it", 20), ...rowsFor("sailpoint-nerm", 20)],
    );
    expect(both).toBeLessThan(snipe * 1.6);
  });
});
