/**
 * Two `userbridge scim serve` processes (the real binary) behind one "load balancer" (issue 23):
 * one PostgreSQL store and one Redis budget (real servers, test/support/services-setup.ts), in front
 * of one Zluri simulator. The identity provider's requests for the same people go through both at
 * once: each person is created once (the second create waits for the first's claim in PostgreSQL,
 * then finds the user and answers 409 uniqueness: the gateway's doing, not the vendor's; the same
 * at a vendor that keeps nobody unique is packages/scim/test/postgres.scale.test.ts); one gateway
 * killed mid-run loses nothing (the IdP's retries go through the other; its claims end with its
 * connections).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import type {} from "../../../test/support/services-setup.js";
import { patch, newUser as scimUser } from "../../scim/test/support.js";
import { type StartedSimulator, startSimulators } from "../src/simulators.js";
import { type GatewayProcess, q, startGatewayProcess } from "./scim-support.js";
import { FAST } from "./support.js";

const VENDOR = "zluri" as const;
/** A new person as Okta sends it, with Okta's id as externalId. */
const newUser = (vendor: typeof VENDOR, tag: string, extra: { externalId: string }) =>
  scimUser(vendor, tag, extra) as ReturnType<typeof scimUser> & { externalId: string };
const redisUrl = inject("redisUrl");
const postgresUrl = inject("postgresUrl");
const open: { stop(): Promise<unknown> }[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database of its own for one test (the store's table starts empty). */
async function freshDatabase(): Promise<string> {
  const name = `scim_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(postgresUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function twoGateways(): Promise<{ sim: StartedSimulator; a: GatewayProcess; b: GatewayProcess }> {
  const [sim] = await startSimulators([VENDOR], { rateLimit: false });
  const s = sim as StartedSimulator;
  open.push({ stop: () => s.sim.stop() });
  const cwd = mkdtempSync(join(tmpdir(), "userbridge-scim-scale-"));
  dirs.push(cwd);
  const store = await freshDatabase();
  const args = ["--store", store, "--redis", redisUrl, "--max-pending", "500", ...FAST];
  const [a, b] = await Promise.all([0, 1].map(() => startGatewayProcess(args, s.env, cwd, [VENDOR])));
  open.push(a as GatewayProcess, b as GatewayProcess);
  return { sim: s, a: a as GatewayProcess, b: b as GatewayProcess };
}

/** Okta's assignment of one person through one gateway: existence check, then POST; a 409 means it exists. */
async function assign(gw: GatewayProcess, user: ReturnType<typeof newUser>): Promise<{ id: string; created: boolean }> {
  const found = await gw.send(VENDOR, "GET", q(`userName eq "${user.userName}"`, "&startIndex=1&count=100"));
  expect(found.status).toBe(200);
  if (found.body.totalResults > 0) return { id: found.body.Resources[0].id, created: false };
  const created = await gw.send(VENDOR, "POST", "/Users", user);
  if (created.status === 201) return { id: created.body.id, created: true };
  expect(created.status, JSON.stringify(created.body)).toBe(409);
  const again = await gw.send(VENDOR, "GET", q(`userName eq "${user.userName}"`));
  expect(again.body.totalResults).toBe(1);
  return { id: again.body.Resources[0].id, created: false };
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

const holders = (sim: StartedSimulator, email: string) =>
  [...sim.sim.users.values()].filter((u) => JSON.stringify(u).includes(`"${email}"`)).length;

describe("two gateway processes, one PostgreSQL store, one Redis budget", () => {
  it("provisioning the same 500 people through both at once creates each once", { timeout: 180_000 }, async () => {
    const { sim, a, b } = await twoGateways();
    const people = Array.from({ length: 500 }, (_, i) => newUser(VENDOR, `both.${i}`, { externalId: `okta-${i}` }));
    let created = 0;
    await pool(people, 10, async (user) => {
      // The same person through both gateways at the same moment (the IdP's retry racing its first try).
      const [x, y] = await Promise.all([assign(a, user), assign(b, user)]);
      expect(x.id).toBe(y.id);
      created += Number(x.created) + Number(y.created);
    });
    const duplicates = people.filter((p) => holders(sim, p.emails[0]?.value as string) !== 1);
    console.log(`500 people through two gateways: ${created} created, ${duplicates.length} duplicates or missing`);
    expect(duplicates).toEqual([]);
    expect(created).toBe(500);
    // Every write was logged by one of the two, with its outcome.
    const creates = [...a.logs(), ...b.logs()].filter((l) => l.operation === "create" && l.status === 201);
    expect(creates).toHaveLength(500);
  });

  it("one gateway killed mid-run loses nothing: the IdP's retries through the other finish the work", {
    timeout: 180_000,
  }, async () => {
    const { sim, a, b } = await twoGateways();
    const people = Array.from({ length: 200 }, (_, i) =>
      newUser(VENDOR, `kill.${i}`, { externalId: `okta-kill-${i}` }),
    );
    let done = 0;
    let retried = 0;
    await pool(people, 8, async (user, i) => {
      const first = i % 2 === 0 ? a : b;
      let result: { id: string } | undefined;
      try {
        result = await assign(first, user);
      } catch (error) {
        if (first !== a || !String((error as Error).message).includes("fetch failed")) throw error;
        retried++;
        result = await assign(b, user); // the IdP retries through the instance left
      }
      // The IdP links its id (as Entra does with PATCH Add externalId) where the create was not answered.
      const read = await b.send(VENDOR, "GET", `/Users/${result.id}`);
      if (read.body.externalId !== user.externalId) {
        const linked = await b.send(
          VENDOR,
          "PATCH",
          `/Users/${result.id}`,
          patch({ op: "add", path: "externalId", value: user.externalId }),
        );
        expect(linked.status).toBe(200);
      }
      if (++done === 60) a.stop("SIGKILL"); // mid-run, requests in flight through it
    });
    expect(await a.exit).toBeNull(); // killed
    console.log(`one gateway killed after 60 of 200: ${retried} requests retried through the other`);
    expect(retried).toBeGreaterThan(0);
    for (const p of people) {
      expect(holders(sim, p.emails[0]?.value as string), p.userName).toBe(1);
      const found = await b.send(VENDOR, "GET", q(`externalId eq "${p.externalId}"`));
      expect(found.body.totalResults, p.externalId).toBe(1);
    }
  });
});
