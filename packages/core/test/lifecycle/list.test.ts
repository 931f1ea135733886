import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hang, serverPerTest, startServer } from "../../../../test/support/server.js";
import { collect, InvalidInputError, paginate } from "../../src/internal.js";
import { listThings, type Thing, thingClient, thingStore } from "./support.js";

const serve = serverPerTest();
const things = (n: number): Thing[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `t${i + 1}` }));

function pager(url: string, options: { pageSize?: number; signal?: AbortSignal; maxPageSize?: number } = {}) {
  const client = thingClient(url);
  return paginate<Thing>({
    vendor: "test",
    operation: "listThings",
    maxPageSize: options.maxPageSize ?? 10,
    idOf: (t) => t.id,
    ...options,
    fetchPage: async ({ offset, pageSize, signal }) => ({
      items: await listThings(client, { offset, limit: pageSize }, signal),
    }),
  });
}

describe("paginate", () => {
  it("fetches one page at a time, only when the caller reaches it, and stops on a short page", async () => {
    const store = thingStore(things(25));
    const server = await serve(store.handler);
    const seen: [number, number][] = [];
    for await (const t of pager(server.url)) seen.push([t.id, server.received.length]);
    expect(seen.map(([id]) => id)).toEqual(things(25).map((t) => t.id));
    // record 1..10 came with 1 request made, 11..20 with 2, 21..25 with 3: never a page ahead
    expect(seen.map(([, n]) => n)).toEqual([...Array(10).fill(1), ...Array(10).fill(2), ...Array(5).fill(3)]);
    expect(server.received.map((r) => r.url)).toEqual([
      "/things?offset=0&limit=10",
      "/things?offset=10&limit=10",
      "/things?offset=20&limit=10",
    ]);
  });

  it("asks for one more page after a full last page, and stops on the empty one", async () => {
    const server = await serve(thingStore(things(20)).handler);
    expect(await collect(pager(server.url))).toHaveLength(20);
    expect(server.received).toHaveLength(3);
  });

  it("sends nothing more once the caller breaks", async () => {
    const server = await serve(thingStore(things(50)).handler);
    let n = 0;
    for await (const _ of pager(server.url, { pageSize: 5 })) if (++n === 7) break;
    expect(server.received).toHaveLength(2);
  });

  it("yields each id once when an insert shifts records onto the next page", async () => {
    const store = thingStore(things(15));
    const server = await serve((req, res, i) => {
      // after the first page, two records are inserted at the front: ids 9 and 10 move to page 2
      if (i === 1) store.things.unshift({ id: 100, name: "new" }, { id: 101, name: "new2" });
      store.handler(req, res, i);
    });
    const ids = (await collect(pager(server.url))).map((t) => t.id);
    expect(ids).toEqual(things(15).map((t) => t.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("stops when the signal aborts between pages, and cancels the page in flight", async () => {
    const server = await serve(thingStore(things(30)).handler);
    const controller = new AbortController();
    const got: number[] = [];
    const error = await (async () => {
      for await (const t of pager(server.url, { signal: controller.signal })) {
        got.push(t.id);
        if (t.id === 3) controller.abort(new Error("enough"));
      }
    })().catch((e) => e);
    expect(error.message).toBe("enough");
    expect(got).toHaveLength(10); // the page held is finished, no further request
    expect(server.received).toHaveLength(1);

    const hanging = await startServer(hang);
    const c2 = new AbortController();
    setTimeout(() => c2.abort(new Error("stop")), 100);
    const started = Date.now();
    const e2 = await collect(pager(hanging.url, { signal: c2.signal })).catch((e) => e);
    await hanging.close();
    expect(e2.message).toBe("stop");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a bad pageSize before any request", async () => {
    const server = await serve(thingStore(things(3)).handler);
    for (const pageSize of [0, 11, 2.5, Number.NaN]) {
      const error = await collect(pager(server.url, { pageSize })).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.issues[0].path).toBe("pageSize");
    }
    expect(server.received).toHaveLength(0);
  });

  it("yields every record of any set exactly once, for any page size (property)", async () => {
    const server = await serve((req, res, i) => current.handler(req, res, i));
    let current = thingStore([]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 10 }), async (n, pageSize) => {
        current = thingStore(things(n));
        const before = server.received.length;
        const ids = (await collect(pager(server.url, { pageSize }))).map((t) => t.id);
        expect(ids).toEqual(things(n).map((t) => t.id));
        expect(server.received.length - before).toBe(Math.floor(n / pageSize) + 1);
      }),
      { numRuns: 30 },
    );
  });
});
