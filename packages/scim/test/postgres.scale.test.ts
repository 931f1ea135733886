/**
 * The PostgreSQL store against a real server (test/support/services-setup.ts): the same contract
 * as the embedded stores, two instances (two pools, as two gateway processes) unable to map one
 * externalId twice, the migration safe to run by instances starting together, and a clear error
 * when the server cannot be reached.
 */
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
// Its ProvidedContext declaration types inject("postgresUrl") for this package's typecheck.
import type {} from "../../../test/support/services-setup.js";
import { createScimHandler } from "../src/handler.js";
import { PostgresScimStore } from "../src/postgres.js";
import { StoreBusyError, StoreConflictError } from "../src/store.js";
import { lenientVendor } from "./lenient-vendor.js";
import { describeScimStore } from "./store-contract.js";
import { SCIM, TOKEN } from "./support.js";

const url = inject("postgresUrl");
let n = 0;
// Each test its own table: the contract's tests start empty.
const fresh = () => `scim_test_${process.pid}_${Date.now()}_${n++}`;

describeScimStore("PostgresScimStore", () => PostgresScimStore.connect(url, { table: fresh() }));

describe("PostgresScimStore: several gateway instances", () => {
  it("instances starting together migrate once; two of them cannot map one externalId to two users", async () => {
    const table = fresh();
    const [a, b] = await Promise.all([
      PostgresScimStore.connect(url, { table }),
      PostgresScimStore.connect(url, { table }),
    ]);
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).put("zluri", `u${i}`, { externalId: "ext-shared" })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results.filter((r) => r.status === "rejected"))
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StoreConflictError);
      const holder = await a.findBy("zluri", "externalId", "ext-shared");
      expect(await b.findBy("zluri", "externalId", "ext-shared")).toBe(holder);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a table created before tombstones is upgraded by the migration, its rows kept", async () => {
    const table = fresh();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE TABLE ${table} (vendor text NOT NULL, id text NOT NULL, external_id text,
        user_name text, user_name_key text, PRIMARY KEY (vendor, id))`);
      await client.query(`INSERT INTO ${table} VALUES ('zluri', 'u1', 'ext-1', 'Ada', 'ada')`);
    } finally {
      await client.end();
    }
    const s = await PostgresScimStore.connect(url, { table });
    try {
      expect(await s.get("zluri", "u1")).toEqual({ externalId: "ext-1", userName: "Ada" });
      await s.put("zluri", "u1", { deleted: true });
      expect(await s.get("zluri", "u1")).toEqual({ deleted: true });
      expect(await s.findBy("zluri", "externalId", "ext-1")).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it("a server that cannot be reached: one clear error naming it, without the password", async () => {
    const error = await PostgresScimStore.connect("postgres://scim:hunter2@127.0.0.1:1/db").catch((e: unknown) => e);
    expect((error as Error).message).toBe("the SCIM store at postgres://127.0.0.1:1/db cannot be used (ECONNREFUSED)");
  });
});

describe("PostgresScimStore: create claims across gateway instances", () => {
  const post = (handler: (r: Request) => Promise<Response>, mail: string) =>
    handler(
      new Request("http://gateway.test/scim/v2/lenient/Users", {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": SCIM },
        body: JSON.stringify({ userName: mail, emails: [{ value: mail }], externalId: `okta:${mail}` }),
      }),
    );

  it("two instances, 40 people each sent through both at once, at a vendor that keeps nobody unique: each created once", async () => {
    const table = fresh();
    const [a, b] = await Promise.all([
      PostgresScimStore.connect(url, { table }),
      PostgresScimStore.connect(url, { table }),
    ]);
    try {
      const vendor = lenientVendor(10);
      // Two gateways: each its own handler (its own in-process claims) and its own store instance.
      const [ga, gb] = [a, b].map((store) =>
        createScimHandler({ vendors: { lenient: vendor }, tokens: [TOKEN], store }),
      ) as [(r: Request) => Promise<Response>, (r: Request) => Promise<Response>];
      const people = Array.from({ length: 40 }, (_, i) => `both.${i}@example.com`);
      const answers = await Promise.all(people.flatMap((mail) => [post(ga, mail), post(gb, mail)]));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(40);
      expect(statuses.filter((s) => s === 409)).toHaveLength(40);
      expect(vendor.users.map((u) => u.email).sort()).toEqual([...people].sort());
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a claim held by an instance that dies is released with its connection; one held too long is a StoreBusyError", async () => {
    const table = fresh();
    const store = await PostgresScimStore.connect(url, { table, claimWaitMs: 1000 });
    // Another instance, mid-create, holding the claim on one person.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("BEGIN");
    await other.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [table, "zluri:userName:ada"]);
    try {
      const busy = await store.exclusive("zluri", ["userName:ada"], async () => "ran").catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(StoreBusyError);
      // Other people are not held back.
      expect(await store.exclusive("zluri", ["userName:grace"], async () => "ran")).toBe("ran");
      // The holder's process dies: its connection ends, PostgreSQL lets go of its locks.
      const waiting = store.exclusive("zluri", ["userName:ada"], async () => "ran");
      const waiters = async () =>
        Number(
          (await other.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0]
            .n,
        );
      while ((await waiters()) === 0) await new Promise((r) => setTimeout(r, 10));
      await other.end();
      expect(await waiting).toBe("ran");
    } finally {
      await other.end().catch(() => {});
      await store.close();
    }
  });

  it("a POST whose person another instance is still creating past claimWaitMs: 429 with Retry-After, nothing created", async () => {
    const table = fresh();
    const store = await PostgresScimStore.connect(url, { table, claimWaitMs: 300 });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("BEGIN");
    await other.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [
      table,
      "lenient:userName:ada@example.com",
    ]);
    try {
      const vendor = lenientVendor();
      const handler = createScimHandler({ vendors: { lenient: vendor }, tokens: [TOKEN], store, retryAfterSeconds: 2 });
      const busy = await post(handler, "ada@example.com");
      expect(busy.status).toBe(429);
      expect(busy.headers.get("retry-after")).toBe("2");
      expect(vendor.users).toEqual([]);
      await other.query("ROLLBACK");
      expect((await post(handler, "ada@example.com")).status).toBe(201);
    } finally {
      await other.end();
      await store.close();
    }
  });
});
