/**
 * `pnpm bench:scim-serve`: the SCIM gateway's throughput. `userbridge scim serve` (the built binary) in
 * front of the five simulators (each in a process of its own, limits on, clocks sped up as in
 * bench/sims.ts), and an identity provider provisioning SCIM_USERS new people into every vendor at
 * once, as Okta assigns them (GET ?filter=userName eq …, then POST /Users). Reported per vendor: the
 * rate at the vendor as a share of its limit over its active span, throttle answers (and those after
 * the first second), the gateway's 429s, and the machine's load.
 *
 * Env: SCIM_USERS (1000 per vendor), SCIM_WALL_RATE (20 requests per wall second at each limit, or
 * fewer where SCIM_JITTER_MS, 50 ms of wall-clock slack, needs a slower clock: see bench/sims.ts),
 * SCIM_CONCURRENCY (40 in flight per vendor), SCIM_SEEDED (50 users already in each simulator).
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { documentedLimits } from "@userbridge/bulk";
import { benchPlan, shareOfLimit, startSimsProcesses, vendorNames } from "./sims.js";

const USERS = Number(process.env.SCIM_USERS ?? 1000);
const WALL_RATE = Number(process.env.SCIM_WALL_RATE ?? 20);
/**
 * The wall-clock slack each vendor keeps between the gate's schedule and its tightest window (see
 * benchPlan): on a 2-core machine shared with other jobs, one process can wait tens of ms for a
 * core, and the simulators then count two requests sent apart as arriving together.
 */
const JITTER_MS = Number(process.env.SCIM_JITTER_MS ?? 50);
/** IdP requests in flight per vendor (below the gateway's --max-pending 50). */
const WIDTH = Number(process.env.SCIM_CONCURRENCY ?? 40);
const TOKEN = "bench-gateway-token-0123456789";
/** Where SCIM `userName` is the vendor's login name, not the email (packages/scim/README.md). */
const LOGIN_NAMED = new Set(["snipe-it", "sailpoint-nerm"]);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const plan = benchPlan(1, WALL_RATE, JITTER_MS);
/**
 * Users seeded in each simulator. Kept small: where the gateway finds a userName by listing the
 * vendor's users (before a lookup through the vendor's filter), each lookup costs more pages the
 * more users the tenant holds.
 */
const SEEDED = Number(process.env.SCIM_SEEDED ?? 50);
const sims = await startSimsProcesses({ count: SEEDED, timeScale: plan.timeScale });
const rates = vendorNames.flatMap((v) => ["--rate", `${v}=${documentedLimits[v].perMinute * plan.timeScale[v]}`]);
const gateway = spawn(
  process.execPath,
  [here("../packages/cli/dist/bin.js"), "scim", "serve", "--port", "0", "--store", "memory", ...rates],
  {
    cwd: mkdtempSync(join(tmpdir(), "userbridge-bench-scim-")),
    env: { ...process.env, ...sims.env, USERBRIDGE_SCIM_TOKENS: TOKEN },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const bases: Record<string, string> = {};
let writes = 0;
await new Promise<void>((resolve) => {
  createInterface({ input: gateway.stdout }).on("line", (line) => {
    const m = /^scim (\S+) (\S+)$/.exec(line);
    if (m) bases[m[1] as string] = m[2] as string;
    else if (line.startsWith("{")) writes++;
    if (vendorNames.every((v) => bases[v])) resolve();
  });
});
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const loadBefore = load();
console.log(
  `userbridge scim serve: ${USERS} people per vendor; at each limit, requests per wall second (clock): ${vendorNames.map((v) => `${v} ${plan.wallRate[v]} (×${plan.timeScale[v].toFixed(2)})`).join(", ")}; Node ${process.version}; load average ${loadBefore}`,
);

async function send(vendor: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${bases[vendor]}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { "content-type": "application/scim+json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const outcome = Object.fromEntries(vendorNames.map((v) => [v, { ok: 0, busy: 0, failed: 0, seconds: 0 }]));
async function provision(vendor: (typeof vendorNames)[number]) {
  const o = outcome[vendor] as { ok: number; busy: number; failed: number; seconds: number };
  const started = performance.now();
  let next = 1;
  const one = async (i: number) => {
    for (;;) {
      const mail = `scim.${i}@example.com`;
      const userName = LOGIN_NAMED.has(vendor) ? `scim.${i}` : mail;
      const found = await send(
        vendor,
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
      );
      let { status } = found;
      let answer = found.body;
      if (status === 200 && found.body.totalResults === 0) {
        ({ status, body: answer } = await send(vendor, "POST", "/Users", {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName,
          externalId: `okta-${i}`,
          name: { givenName: "Scim", familyName: `Person${i}` },
          displayName: `Scim Person${i}`,
          emails: [{ primary: true, value: mail, type: "work" }],
          active: true,
          // Snipe-IT's create requires a password (Okta sends one when it syncs passwords).
          ...(vendor === "snipe-it" ? { password: `Bench-${i}-passw0rd` } : {}),
        }));
      } else if (status === 200) status = 409; // already there: the bench's people are all new
      if (status === 429) {
        o.busy++;
        await new Promise((r) => setTimeout(r, 1000)); // the IdP honours Retry-After (shortened)
        continue;
      }
      if (status < 300) o.ok++;
      else if (o.failed++ < 3) process.stderr.write(`${vendor} person ${i}: ${status} ${JSON.stringify(answer)}\n`);
      return;
    }
  };
  await Promise.all(
    Array.from({ length: WIDTH }, async () => {
      while (next <= USERS) await one(next++);
    }),
  );
  o.seconds = (performance.now() - started) / 1000;
}

// Progress on stderr every 10 s: people done, gateway 429s, failures per vendor.
const progress = setInterval(() => {
  const line = vendorNames.map(
    (v) => `${v} ${outcome[v]?.ok}/${USERS} (429: ${outcome[v]?.busy}, failed: ${outcome[v]?.failed})`,
  );
  process.stderr.write(`${line.join(", ")}\n`);
}, 10_000);
await Promise.all(vendorNames.map(provision));
clearInterval(progress);
const { stats, loop } = await sims.figures();
const rows = vendorNames.map((v) => ({
  vendor: v,
  people: outcome[v]?.ok,
  failed: outcome[v]?.failed,
  "429 to the IdP": outcome[v]?.busy,
  "wall s": outcome[v]?.seconds.toFixed(1),
  ...shareOfLimit(v, stats[v], plan.timeScale[v]),
}));
console.table(rows);
console.log(`logged writes: ${writes}; load average before ${loadBefore}, after ${load()}; Node ${process.version}`);
// Where throttles came from: arrival gaps at each simulator (wall ms), and the gap before each throttled request.
for (const v of vendorNames) {
  const f = stats[v];
  console.log(
    `${v}: simulator's event-loop delay median/p99/max ${loop[v].p50}/${loop[v].p99}/${loop[v].max} ms; shortest arrival gap ${f.minGapMs.toFixed(1)} ms; gaps under 5/10/20/40 ms: ${f.gapsUnder.join("/")}; throttled at ${JSON.stringify(f.throttledAt)} ms, gap before ${JSON.stringify(f.throttledGapMs)} ms`,
  );
}
const columns = Object.keys(rows[0] ?? {});
console.log(`\n| ${columns.join(" | ")} |\n|${columns.map(() => " --- ").join("|")}|`);
for (const r of rows) console.log(`| ${Object.values(r).join(" | ")} |`);
gateway.kill("SIGTERM");
await new Promise((r) => gateway.once("exit", r));
await sims.stop();
