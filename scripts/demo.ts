/**
 * `pnpm demo`: the unified facade against the five vendor simulators (`@userbridge/<vendor>/simulator`).
 * No accounts, no network: each simulator is an in-process server on a free loopback port, with the
 * vendor's rate limit on, seeded with one realistic user (`sampleUser()`).
 *
 * One set of normalized changes goes to all five. For each vendor it prints the change, what the
 * facade skips and why, the plan (every request in full, secrets redacted), the requests the
 * simulator received, the user it stored, and a per-field check that what was stored is what was
 * sent. It fails (exit 1) when a vendor fails or a stored value contradicts what was sent.
 *
 * `runDemo()` is exported for scripts/demo.test.ts, which runs it on the workspace sources.
 */
import { pathToFileURL } from "node:url";
import { applyChanges, type BulkConnection, connectForBulk, type RowResult } from "@userbridge/bulk";
import { startSimulators } from "@userbridge/cli";
import * as nexudusSim from "@userbridge/nexudus/simulator";
import * as onlyofficeSim from "@userbridge/onlyoffice/simulator";
import * as nermSim from "@userbridge/sailpoint-nerm/simulator";
import * as snipeItSim from "@userbridge/snipe-it/simulator";
import { type Adapter, connect, type FieldName, splitByCapability } from "@userbridge/unified";
import { nexudus } from "@userbridge/unified/nexudus";
import { onlyoffice } from "@userbridge/unified/onlyoffice";
import { sailpointNerm } from "@userbridge/unified/sailpoint-nerm";
import { snipeIt } from "@userbridge/unified/snipe-it";
import { zluri } from "@userbridge/unified/zluri";
import * as zluriSim from "@userbridge/zluri/simulator";
import { type Json, type SeededSimulator, simulators, startTimed } from "./simulators.js";

/** The same normalized changes for everyone: "Ada is now CTO of R&D, active, British English". */
export const changes = {
  givenName: "Ada",
  familyName: "Lovelace",
  displayName: "Ada Lovelace",
  email: "ada.lovelace@example.com",
  title: "CTO, R&D",
  notes: "Promoted to CTO",
  locale: "en-GB",
  active: true,
} as const satisfies Partial<Record<FieldName, unknown>>;

// The five adapters differ in their types; the demo drives them through one loose shape.
type AnyAdapter = Adapter<string, FieldName, unknown, unknown>;

/** How the facade connects to one vendor's simulator, and how to read back what it stored. */
interface DemoVendor {
  adapter(url: string): AnyAdapter;
  /** Where a sent vendor field lands in the stored record, and the value it must have there. */
  stored?(field: string, sent: unknown): [key: string, expected: unknown];
  /** Vendor-specific promises to show after the update ("contacts kept"); `answer` is the vendor's last answer body. */
  extraChecks?(seed: Json, after: Json, returned: Json, answer: unknown): Check[];
}

/** One per-field verdict: what was sent, what was stored, and whether they agree. */
export interface Check {
  field: string;
  /** What the check shows, printed whether or not it holds. */
  note?: string;
  sent: unknown;
  stored: unknown;
  ok: boolean;
}

/** What the demo found for one vendor. */
export interface VendorResult {
  vendor: string;
  startMs: number;
  ok: boolean;
  error?: string;
  skipped: FieldName[];
  checks: Check[];
  writes: number;
}

const loose = (adapter: unknown) => adapter as AnyAdapter;

/** ONLYOFFICE's PUT takes lower-case names and answers camelCase (EmployeeApi.cs UpdateMember). */
const ONLYOFFICE_FIELDS: Record<string, string> = {
  firstname: "firstName",
  lastname: "lastName",
  comment: "notes",
  title: "title",
  location: "location",
  lead: "lead",
};

const facades: Record<string, DemoVendor> = {
  "snipe-it": {
    adapter: (url) => loose(snipeIt({ baseUrl: url, token: snipeItSim.SIMULATOR_TOKEN })),
    // Snipe-IT answers every string HTML-escaped (UsersTransformer.php:27-56); the package undoes it.
    extraChecks: (_seed, after, returned, answer) => {
      const payload = ((answer as Json | undefined)?.payload ?? {}) as Json;
      const escaped = ["jobtitle", "address"].map((k) => `${k} ${json(payload[k])}`).join(", ");
      const department = (payload.department as Json | null)?.name;
      return [
        {
          field: "HTML unescaped",
          note: `Snipe-IT answered ${escaped}, department ${json(department)}; the facade returns title ${json(returned.title)}`,
          sent: after.jobtitle,
          stored: returned.title,
          ok: returned.title === after.jobtitle && payload.jobtitle !== after.jobtitle,
        },
      ];
    },
  },
  zluri: { adapter: (url) => loose(zluri({ baseUrl: url, apiKey: zluriSim.SIMULATOR_TOKEN })) },
  onlyoffice: {
    adapter: (url) => loose(onlyoffice({ baseUrl: url, token: onlyofficeSim.SIMULATOR_TOKEN })),
    stored: (field, sent) => {
      if (field === "disable") return ["status", sent === true ? 2 : 1]; // EmployeeApi.cs:794-798
      if (field === "email") return ["email", String(sent).toLowerCase()]; // EmployeeApi.cs:1123
      return [ONLYOFFICE_FIELDS[field] ?? field, sent];
    },
    extraChecks: (seed, after) => [
      {
        field: "contacts kept",
        note: `${json(after.contacts)} (the PUT clears contacts not sent: EmployeeApi.cs:787)`,
        sent: seed.contacts,
        stored: after.contacts,
        ok: same(seed.contacts, after.contacts),
      },
    ],
  },
  nexudus: { adapter: (url) => loose(nexudus({ baseUrl: url, token: nexudusSim.SIMULATOR_TOKEN })) },
  "sailpoint-nerm": { adapter: (url) => loose(sailpointNerm({ baseUrl: url, token: nermSim.SIMULATOR_TOKEN })) },
};

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const json = (value: unknown) => JSON.stringify(value);

/** The value of `field` in the writes the simulator received (NERM nests its fields under `user`). */
function sentValue(bodies: unknown[], field: string): { found: boolean; value?: unknown } {
  for (const body of [...bodies].reverse()) {
    for (const scope of [body, (body as Json | undefined)?.user]) {
      if (scope && typeof scope === "object" && field in scope) return { found: true, value: (scope as Json)[field] };
    }
  }
  return { found: false };
}

/** Runs the demo for one vendor, printing as it goes. */
async function demoVendor(s: SeededSimulator, log: (line?: string) => void): Promise<VendorResult> {
  const vendor = { name: s.vendor, ...(facades[s.vendor] as DemoVendor) };
  const { sim, startMs } = await startTimed(s);
  const seed = s.seed();
  const id = s.id;
  const adapter = vendor.adapter(sim.url);
  const users = connect(adapter);
  const { supported, skipped } = splitByCapability(changes, users.capabilities);
  const result: VendorResult = { vendor: vendor.name, startMs, ok: false, skipped, checks: [], writes: 0 };
  log(`■ ${vendor.name}  (simulator ${sim.url}, started in ${startMs} ms, rate limit on)`);
  try {
    // The vendor fields each normalized change maps to (what the facade hands the vendor package).
    const mapping = adapter.mapping as Record<string, (v: unknown) => Json>;
    const native: Json = {};
    for (const [key, value] of Object.entries(supported)) Object.assign(native, mapping[key]?.(value));
    log(`  user ${id} before : ${json(seed)}`);
    log(`  change           : ${json(supported)}`);
    log(`  as ${vendor.name} fields: ${json(native)}`);
    log(
      skipped.length
        ? `  skipped          : ${skipped.join(", ")}: ${vendor.name} cannot set them (it can set ${users.capabilities.join(", ")}); nothing is sent for them`
        : "  skipped          : (none)",
    );
    const plan = await users.plan(id, supported as never);
    result.writes = plan.writes.length;
    log("  plan (nothing sent yet; headers redacted):");
    for (const r of plan.reads) log(`    read  ${r.method} ${new URL(r.url).pathname}  headers ${json(r.headers)}`);
    for (const w of plan.writes) {
      const url = new URL(w.url);
      log(`    write ${w.method} ${url.pathname}${url.search}  headers ${json(w.headers)}`);
      log(`          body ${json(w.body)}`);
    }
    for (const note of plan.notes) log(`    note: ${note}`);

    const from = sim.requests.length;
    const answeredFrom = sim.exchanges.length;
    const updated = await users.update(id, supported as never);
    const received = sim.requests.slice(from);
    log("  received by the simulator (redacted):");
    // Requests are sent one at a time, so the n-th answer is the n-th request's.
    const answers = sim.exchanges.slice(answeredFrom);
    received.forEach((r, i) => {
      const status = answers.length === received.length ? `  → ${answers[i]?.status}` : "";
      log(`    ${r.method} ${r.url}${r.body === undefined ? "" : `  body ${json(r.body)}`}${status}`);
    });
    const after = sim.users.get(id) as Json;
    log(`  stored after     : ${json(after)}`);
    const { raw: _raw, ...normalized } = updated as { raw?: unknown };
    log(`  facade returns   : ${json(normalized)}`);

    // stored = requested, field by field, against the bodies the simulator actually received.
    const bodies = received.filter((r) => r.method !== "GET").map((r) => r.body);
    for (const field of Object.keys(native)) {
      const sent = sentValue(bodies, field);
      const [key, expected] = vendor.stored?.(field, sent.value) ?? [field, sent.value];
      const ok = sent.found && same(after[key], expected);
      result.checks.push({
        field: key === field ? field : `${field} → ${key}`,
        sent: sent.value,
        stored: after[key],
        ok,
      });
    }
    const lastAnswer = [...answers].reverse().find((a) => a.method !== "GET")?.body;
    result.checks.push(...(vendor.extraChecks?.(seed, after, normalized as Json, lastAnswer) ?? []));
    for (const c of result.checks) {
      const verdict = c.note ? (c.ok ? "yes" : "NO") : c.ok ? "stored = requested" : "MISMATCH";
      const detail = c.ok ? "" : ` (sent ${json(c.sent)}, stored ${json(c.stored)})`;
      log(`  check ${c.field.padEnd(22)} ${verdict}${detail}${c.note ? `: ${c.note}` : ""}`);
    }
    result.ok = result.checks.every((c) => c.ok);
  } catch (error) {
    result.error = `${(error as Error).name}: ${(error as Error).message}`;
    log(`  FAILED ${result.error}`);
  } finally {
    await sim.stop();
  }
  log();
  return result;
}

/** Runs the whole demo; returns one result per vendor. `log` receives every line printed. */
export async function runDemo(log: (line?: string) => void = console.log): Promise<VendorResult[]> {
  log("userbridge demo: the unified facade against the five vendor simulators (local ports, no network).");
  log(`normalized changes sent to every vendor: ${json(changes)}\n`);
  const results: VendorResult[] = [];
  // One after the other, so the output of each vendor stays together.
  for (const s of simulators) results.push(await demoVendor(s, log));

  const header = ["vendor", "sim start", "writes", "fields checked", "skipped by capability", "result"];
  const rows = results.map((r) => [
    r.vendor,
    `${r.startMs} ms`,
    String(r.writes),
    `${r.checks.filter((c) => c.ok).length}/${r.checks.length}`,
    r.skipped.join(",") || "-",
    r.ok ? "ok" : (r.error ?? "stored ≠ sent"),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" │ ");
  log(line(header));
  log(widths.map((w) => "─".repeat(w)).join("─┼─"));
  for (const r of rows) log(line(r));
  return results;
}

/**
 * The bulk section: offboard three people (known by email only) at the five simulators through
 * `applyChanges`, each vendor paced under its documented rate limit. `userbridge apply` does the same
 * from a CSV. Returns every (row, vendor) result.
 */
export async function runBulkDemo(log: (line?: string) => void = console.log): Promise<RowResult[]> {
  const sims = await startSimulators(undefined, { count: 3 });
  try {
    const connections: Record<string, BulkConnection> = {};
    for (const s of sims) {
      const credential = s.vendor === "zluri" ? { apiKey: s.token } : { token: s.token };
      connections[s.vendor] = await connectForBulk(s.vendor, { baseUrl: s.url, ...credential } as never);
    }
    const offboard = [1, 2, 3].map((i) => ({ email: `user${i}@example.com`, changes: { active: false } }));
    log(`\nBulk: ${offboard.length} people offboarded by email (active: false) at ${sims.length} simulators:`);
    const results: RowResult[] = [];
    for await (const r of applyChanges(offboard, connections)) results.push(r);
    const tally = new Map<string, number>();
    for (const r of results) tally.set(`${r.vendor} ${r.status}`, (tally.get(`${r.vendor} ${r.status}`) ?? 0) + 1);
    for (const [key, n] of [...tally].sort()) log(`  ${key.padEnd(28)} ${n} ${n === 1 ? "row" : "rows"}`);
    log(
      "The CLI runs the same from a file: userbridge apply leavers.csv --journal leavers.journal --report report.jsonl",
    );
    return results;
  } finally {
    await Promise.all(sims.map((s) => s.sim.stop()));
  }
}

/** The demo's main flow: the per-vendor walk-through, then a short bulk run. */
async function main(): Promise<number> {
  const results = await runDemo();
  const bulk = await runBulkDemo();
  return (
    results.filter((r) => !r.ok).length + bulk.filter((r) => r.status !== "applied" && r.status !== "unchanged").length
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await main()) === 0 ? 0 : 1;
}
