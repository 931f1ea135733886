/**
 * `pnpm bench:scim` (issue 21, "Throughput"): provisioning users through the SCIM gateway — Okta's
 * assignment sequence for each person (existence check by userName, then POST /Users) — into each
 * of the five simulators (every facade can create users), the simulators in a process of their own
 * (bench/sims-process.ts) enforcing their documented limits on a sped-up clock, the gateway's
 * vendor connections paced by @userbridge/bulk's Gate (what `gated` uses) at that clock's rate.
 *
 * Env: SCIM_USERS (1000 per vendor), SCIM_WALL_RATE (requests/s per vendor on the wall clock at its
 * limit, 20; fewer where SCIM_JITTER_MS, 50 ms of wall-clock slack, needs a slower clock: see
 * bench/sims.ts), SCIM_CONCURRENCY (SCIM requests in flight per vendor, 16).
 */
import { documentedLimits, Gate } from "@userbridge/bulk";
import { createScimHandler, fromConnected, MemoryScimStore, type ScimBackend } from "@userbridge/scim";
import { connect, type VendorName } from "@userbridge/unified";
import { nexudusLifecycle } from "@userbridge/unified/nexudus";
import { onlyofficeLifecycle } from "@userbridge/unified/onlyoffice";
import { sailpointNermLifecycle } from "@userbridge/unified/sailpoint-nerm";
import { snipeItLifecycle } from "@userbridge/unified/snipe-it";
import { zluriLifecycle } from "@userbridge/unified/zluri";
import { ENV_PREFIX } from "../packages/cli/src/vendors.js";
import { benchPlan, type SimFigures, shareOfLimit, startSimsProcess } from "./sims.js";

const USERS = Number(process.env.SCIM_USERS ?? 1000);
const WALL_RATE = Number(process.env.SCIM_WALL_RATE ?? 20);
const JITTER_MS = Number(process.env.SCIM_JITTER_MS ?? 50);
const CONCURRENCY = Number(process.env.SCIM_CONCURRENCY ?? 16);
const vendors = [
  "snipe-it",
  "zluri",
  "onlyoffice",
  "nexudus",
  "sailpoint-nerm",
] as const satisfies readonly VendorName[];
const plan = benchPlan(1, WALL_RATE, JITTER_MS);
const TOKEN = "bench-gateway-token-0123456789";

/** The vendor's facade connection, every HTTP request through bulk's gate at the limit on the sped-up clock. */
function backend(v: (typeof vendors)[number], env: Record<string, string>): ScimBackend {
  const baseUrl = env[`USERBRIDGE_${ENV_PREFIX[v]}_URL`] as string;
  const token = env[`USERBRIDGE_${ENV_PREFIX[v]}_TOKEN`] as string;
  const { fetch } = new Gate(v, { perMinute: documentedLimits[v].perMinute * plan.timeScale[v] });
  if (v === "zluri") return fromConnected(connect(zluriLifecycle({ baseUrl, apiKey: token, fetch })));
  if (v === "snipe-it") return fromConnected(connect(snipeItLifecycle({ baseUrl, token, fetch })));
  if (v === "onlyoffice") return fromConnected(connect(onlyofficeLifecycle({ baseUrl, token, fetch })));
  if (v === "nexudus") return fromConnected(connect(nexudusLifecycle({ baseUrl, token, fetch })));
  return fromConnected(connect(sailpointNermLifecycle({ baseUrl, token, fetch })));
}

/** Person i at vendor v, as Okta sends it. */
function person(v: string, i: number) {
  const mail = `scim${i}@bench.example.com`;
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    // Snipe-IT and NERM: userName is the login name; elsewhere the email (packages/scim/README.md).
    userName: v === "sailpoint-nerm" || v === "snipe-it" ? `scim${i}` : mail,
    name: { givenName: "Bench", familyName: `Person ${i}` },
    displayName: `Bench Person ${i}`,
    emails: [{ primary: true, value: mail, type: "work" }],
    externalId: `00u-bench-${i}`,
    active: true,
    // Snipe-IT's create requires a password (Okta sends one when it syncs passwords).
    ...(v === "snipe-it" ? { password: `Bench-${i}-passw0rd` } : {}),
  };
}

async function main() {
  console.log(
    `scim bench: ${USERS} users per vendor through the gateway (existence check + POST each), ${CONCURRENCY} in flight per vendor; clocks ×${vendors
      .map((v) => `${v} ${plan.timeScale[v].toFixed(2)}`)
      .join(", ")}; Node ${process.version}\n`,
  );
  const sims = await startSimsProcess({ count: 1, timeScale: plan.timeScale });
  const handler = createScimHandler({
    vendors: Object.fromEntries(vendors.map((v) => [v, backend(v, sims.env)])),
    tokens: [TOKEN],
    store: new MemoryScimStore(),
    maxPending: CONCURRENCY * 2 + 2,
  });
  const send = (v: string, method: string, path: string, body?: unknown) =>
    handler(
      new Request(`http://gateway.bench/scim/v2/${v}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );
  const outcome: Record<string, { created: number; failed: number; statuses: Record<number, number>; wallMs: number }> =
    {};
  const start = performance.now();
  await Promise.all(
    vendors.map(async (v) => {
      const o = { created: 0, failed: 0, statuses: {} as Record<number, number>, wallMs: 0 };
      outcome[v] = o;
      let next = 1;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i <= USERS; i = next++) {
            const p = person(v, i);
            const check = await send(
              v,
              "GET",
              `/Users?filter=${encodeURIComponent(`userName eq "${p.userName}"`)}&startIndex=1&count=100`,
            );
            await check.arrayBuffer();
            const r = await send(v, "POST", "/Users", p);
            const text = await r.text();
            o.statuses[r.status] = (o.statuses[r.status] ?? 0) + 1;
            if (r.status === 201) o.created++;
            else {
              o.failed++;
              if (o.failed <= 3) console.log(`${v} user ${i}: ${r.status} ${text}`);
            }
          }
        }),
      );
      o.wallMs = performance.now() - start;
    }),
  );
  const figures = await sims.stats();
  await sims.stop();
  console.table(
    vendors.map((v) => {
      const f = figures[v] as SimFigures;
      const o = outcome[v] as (typeof outcome)[string];
      return {
        vendor: v,
        ...shareOfLimit(v, f, plan.timeScale[v]),
        created: o.created,
        failed: o.failed,
        "req/user": (f.requests / Math.max(1, o.created)).toFixed(2),
        "wall s": (o.wallMs / 1000).toFixed(1),
        "users/min (vendor clock)": Math.round(o.created / (o.wallMs / 60_000) / plan.timeScale[v]),
        "limit/min": documentedLimits[v].perMinute,
      };
    }),
  );
}

await main();
