/**
 * `pnpm bench:scim-serve`: the SCIM gateway's throughput. `userbridge scim serve` (the built binary) in
 * front of the five simulators (in a process of their own, limits on, clocks sped up as in
 * bench/sims.ts), and an identity provider provisioning SCIM_USERS people into every vendor at once:
 * at Zluri, Nexudus and NERM, Okta's assignment of new people (GET ?filter=userName eq …, then
 * POST /Users); at Snipe-IT and ONLYOFFICE, Okta's profile push to the seeded users (PATCH replace
 * title: updates to existing users, as a second kind of load). Reported per vendor: the rate at the vendor as a share of its limit over
 * its active span, throttle answers (and those after the first second), the gateway's 429s.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { documentedLimits } from "@userbridge/bulk";
import { seedId } from "../packages/cli/src/simulators.js";
import { benchPlan, shareOfLimit, startSimsProcess, vendorNames } from "./sims.js";

const USERS = Number(process.env.SCIM_USERS ?? 1000);
const WALL_RATE = Number(process.env.SCIM_WALL_RATE ?? 25);
/** IdP requests in flight per vendor (below the gateway's --max-pending 50). */
const WIDTH = Number(process.env.SCIM_CONCURRENCY ?? 40);
const TOKEN = "bench-gateway-token-0123456789";
const CREATES = new Set(["zluri", "nexudus", "sailpoint-nerm"]);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const plan = benchPlan(1, WALL_RATE);
/**
 * Users seeded in each simulator (the profile pushes cycle over them). Kept small: at NERM the
 * gateway finds a userName (NERM's login) by listing every user, so each lookup costs more pages
 * the more users the tenant holds.
 */
const SEEDED = Number(process.env.SCIM_SEEDED ?? 50);
const sims = await startSimsProcess({ count: SEEDED, timeScale: plan.timeScale });
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
console.log(
  `userbridge scim serve: ${USERS} people per vendor; at each limit, requests per wall second: ${vendorNames.map((v) => `${v} ${plan.wallRate[v]}`).join(", ")}; Node ${process.version}`,
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
      let status: number;
      if (CREATES.has(vendor)) {
        const mail = `scim.${i}@example.com`;
        const userName = vendor === "sailpoint-nerm" ? `scim.${i}` : mail;
        const found = await send(
          vendor,
          "GET",
          `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
        );
        status = found.status;
        if (status === 200 && found.body.totalResults === 0) {
          status = (
            await send(vendor, "POST", "/Users", {
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
              userName,
              externalId: `okta-${i}`,
              name: { givenName: "Scim", familyName: `Person${i}` },
              displayName: `Scim Person${i}`,
              emails: [{ primary: true, value: mail, type: "work" }],
              active: true,
            })
          ).status;
        }
      } else {
        status = (
          await send(vendor, "PATCH", `/Users/${encodeURIComponent(seedId[vendor](((i - 1) % SEEDED) + 1))}`, {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: [{ op: "replace", value: { title: `Pushed ${i}` } }],
          })
        ).status;
      }
      if (status === 429) {
        o.busy++;
        await new Promise((r) => setTimeout(r, 1000)); // the IdP honours Retry-After (shortened)
        continue;
      }
      if (status < 300) o.ok++;
      else o.failed++;
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
const stats = await sims.stats();
const rows = vendorNames.map((v) => ({
  vendor: v,
  scim: CREATES.has(v) ? "GET filter + POST" : "PATCH",
  people: outcome[v]?.ok,
  failed: outcome[v]?.failed,
  "429 to the IdP": outcome[v]?.busy,
  "wall s": outcome[v]?.seconds.toFixed(1),
  ...shareOfLimit(v, stats[v], plan.timeScale[v]),
}));
console.table(rows);
console.log(`logged writes: ${writes}`);
const columns = Object.keys(rows[0] ?? {});
console.log(`\n| ${columns.join(" | ")} |\n|${columns.map(() => " --- ").join("|")}|`);
for (const r of rows) console.log(`| ${Object.values(r).join(" | ")} |`);
gateway.kill("SIGTERM");
await new Promise((r) => gateway.once("exit", r));
await sims.stop();
