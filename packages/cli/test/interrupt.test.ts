/**
 * Ctrl-C / SIGTERM through the real binary (issue 24 item 1): the first signal stops taking rows at
 * once, the rows in flight finish, the journal and report are flushed, the --resume command is
 * printed and the exit code is 130; a second signal cancels the requests in flight. `--resume` then
 * applies the rest, each row exactly once.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedId } from "../src/simulators.js";
import { type VendorName, vendorNames } from "../src/vendors.js";
import { isWrite, jsonLines, setup, spawnCli } from "./support.js";

const ROWS = 200;
/** 10 requests per second and vendor: the whole file would take ≥ 8 s per vendor. */
const RATES = vendorNames.flatMap((v) => ["--rate", `${v}=600`]);
const target = (i: number) => ({ vendor: vendorNames[i % 5] as VendorName, user: 1 + Math.floor(i / 5) });
const ACTIVE = {
  "snipe-it": "activated",
  zluri: "user_status",
  onlyoffice: "status",
  nexudus: "Active",
  "sailpoint-nerm": "status",
} as const;

async function offboarding(options: { latencyMs?: number } = {}, n = ROWS) {
  const s = await setup({ count: n / vendorNames.length, ...options });
  const rows = Array.from({ length: n }, (_, i) => {
    const { vendor, user } = target(i);
    return `${vendor},${seedId[vendor](user)},false`;
  });
  writeFileSync(join(s.cwd, "off.csv"), ["vendor,id,active", ...rows].join("\n"));
  const args = ["apply", "off.csv", "--journal", "journal.jsonl", "--report", "report.jsonl", ...RATES];
  return { ...s, args, n, journal: join(s.cwd, "journal.jsonl") };
}

async function until(what: () => boolean, ms: number, why: () => string) {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resumes and checks: every row stored, each (row, vendor) reported once, no second write for a journaled row. */
async function resumeExactlyOnce(s: Awaited<ReturnType<typeof offboarding>>, before: Record<string, unknown>[]) {
  const second = spawnCli([...s.args, "--resume"], s.env, s.cwd);
  expect(await second.exit, second.stderr()).toBe(0);
  for (let i = 0; i < s.n; i++) {
    const { vendor, user } = target(i);
    const stored = s.sim(vendor).users.get(seedId[vendor](user)) as Record<string, unknown>;
    expect([false, "inactive", 2, "Disabled"], `${vendor} row ${i}`).toContain(stored[ACTIVE[vendor]]);
  }
  const report = jsonLines(join(s.cwd, "report.jsonl"));
  expect(report).toHaveLength(s.n);
  expect(new Set(report.map((l) => `${l.row}/${l.vendor}`)).size).toBe(s.n);
  for (const l of report) expect(["applied", "unchanged"]).toContain(l.status);
  for (const done of before) {
    const { vendor, user } = target((done.row as number) - 2);
    const id = seedId[vendor](user);
    const written = s
      .sim(vendor)
      .requests.filter((r) => isWrite(r) && `${r.url} ${JSON.stringify(r.body)}`.includes(id));
    expect(written, `${vendor} line ${done.row}`).toHaveLength(1);
  }
}

describe("userbridge apply, interrupted by a signal", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "%s: stops taking rows at once, finishes the rows in flight, exits 130 with the --resume command; --resume applies the rest once",
    { timeout: 120_000 },
    async (signal) => {
      const s = await offboarding();
      const first = spawnCli(s.args, s.env, s.cwd);
      await until(
        () => jsonLines(s.journal).length > 1 + ROWS / 8,
        60_000,
        () => `no progress: ${first.stderr()}`,
      );
      const atSignal = jsonLines(s.journal).length - 1;
      first.child.kill(signal);
      const t0 = Date.now();
      expect(await first.exit, first.stderr()).toBe(130);
      const stoppedIn = Date.now() - t0;
      const before = jsonLines(s.journal).slice(1);
      // Only the rows in flight (at most 8 per vendor) finished after the signal; the rest was left.
      // (A few more may have ended between reading the journal and the signal's delivery.)
      expect(before.length - atSignal).toBeLessThanOrEqual(8 * vendorNames.length + 5);
      expect(before.length).toBeLessThan(ROWS / 2);
      expect(stoppedIn).toBeLessThan(5_000);
      expect(first.stderr()).toContain(
        "stopping: no new rows; the rows in flight finish (Ctrl-C again to cancel them)",
      );
      expect(first.stderr()).toMatch(new RegExp(`interrupted: ${before.length} of ${ROWS} results done`));
      expect(first.stderr()).toContain(
        "userbridge apply off.csv --journal journal.jsonl --resume --report report.jsonl --rate snipe-it=600",
      );
      // The report was flushed: it holds what the journal holds.
      expect(jsonLines(join(s.cwd, "report.jsonl"))).toHaveLength(before.length);
      await resumeExactlyOnce(s, before);
    },
  );

  it("a second signal cancels the requests in flight; the journal stays consistent and --resume applies the rest once", {
    timeout: 120_000,
  }, async () => {
    // Every answer takes 2.5 s: after the first signal the rows in flight would hold the run that long.
    const s = await offboarding({ latencyMs: 2_500 }, 40);
    const first = spawnCli(s.args, s.env, s.cwd);
    await until(
      () => jsonLines(s.journal).length > 1 + 3,
      60_000,
      () => `no progress: ${first.stderr()}`,
    );
    first.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 300)); // two signals at once would reach the process as one
    first.child.kill("SIGINT");
    const t0 = Date.now();
    expect(await first.exit, first.stderr()).toBe(130);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(first.stderr()).toContain("cancelling the requests in flight");
    expect(first.stderr()).toContain("aborted (the requests in flight were cancelled)");
    expect(first.stderr()).toContain("userbridge apply off.csv --journal journal.jsonl --resume");
    const before = jsonLines(s.journal).slice(1);
    expect(before.length).toBeLessThan(s.n);
    for (const l of before) expect(l.status).toBe("applied"); // no row reported from a cancelled request
    await resumeExactlyOnce(s, before);
  });
});
