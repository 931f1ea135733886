/**
 * Exactly once after SIGKILL: the CLI (a real child process) is killed mid-run, then `--resume`d.
 * Every row's change is in the simulators, the report holds each (row, vendor) once, and the
 * simulators' request logs show no second write for the rows journaled before the kill.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedId } from "../src/simulators.js";
import { type VendorName, vendorNames } from "../src/vendors.js";
import { isWrite, setup, spawnCli, runCli as spawnCliToEnd } from "./support.js";

const ROWS = 300;
const PER_VENDOR = ROWS / vendorNames.length;
/** Slow enough to be killed mid-run (≈ 50 requests per second and vendor). */
const RATES = vendorNames.flatMap((v) => ["--rate", `${v}=3000`]);
const start = spawnCli;

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        })
    : [];

describe("userbridge apply --journal, SIGKILL, --resume", () => {
  it("applies every row exactly once and reports each (row, vendor) once", { timeout: 120_000 }, async () => {
    const { env, cwd, sim } = await setup({ count: PER_VENDOR });
    // Row i: vendor i % 5, that vendor's user 1 + ⌊i / 5⌋, deactivated.
    const target = (i: number) => ({ vendor: vendorNames[i % 5] as VendorName, user: 1 + Math.floor(i / 5) });
    const rows = Array.from({ length: ROWS }, (_, i) => {
      const { vendor, user } = target(i);
      return `${vendor},${seedId[vendor](user)},false`;
    });
    writeFileSync(join(cwd, "off.csv"), ["vendor,id,active", ...rows].join("\n"));
    const journal = join(cwd, "journal.jsonl");
    const args = ["apply", "off.csv", "--journal", "journal.jsonl", "--report", "report.jsonl", ...RATES];

    const first = start(args, env, cwd);
    const deadline = Date.now() + 60_000;
    while (lines(journal).length < 1 + ROWS / 4) {
      if (Date.now() > deadline) throw new Error(`no progress: ${first.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill("SIGKILL");
    expect(await first.exit).toBe(null);
    const before = lines(journal).slice(1);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(ROWS);

    const second = start([...args, "--resume"], env, cwd);
    expect(await second.exit, second.stderr()).toBe(0);

    // Every row's change is stored.
    for (let i = 0; i < ROWS; i++) {
      const { vendor, user } = target(i);
      const stored = sim(vendor).users.get(seedId[vendor](user)) as Record<string, unknown>;
      const active = {
        "snipe-it": "activated",
        zluri: "user_status",
        onlyoffice: "status",
        nexudus: "Active",
        "sailpoint-nerm": "status",
      }[vendor];
      expect([false, "inactive", 2, "Disabled"], `${vendor} row ${i}`).toContain(stored[active]);
    }
    // The report holds each (row, vendor) once.
    const report = lines(join(cwd, "report.jsonl"));
    expect(report).toHaveLength(ROWS);
    expect(new Set(report.map((l) => `${l.row}/${l.vendor}`)).size).toBe(ROWS);
    // A row in flight at the kill (at most the 8 rows in flight per vendor) may have reached the vendor without a
    // journal line: the resumed run finds it already changed ("unchanged", no second write).
    for (const l of report) expect(["applied", "unchanged"]).toContain(l.status);
    expect(report.filter((l) => l.status === "unchanged").length).toBeLessThanOrEqual(8 * vendorNames.length);
    // No second write for the rows done before the kill.
    for (const done of before) {
      const { vendor, user } = target(done.row - 2); // the report names the file's line
      const id = seedId[vendor as VendorName](user);
      const written = sim(vendor).requests.filter(
        (r) => isWrite(r) && `${r.url} ${JSON.stringify(r.body)}`.includes(id),
      );
      expect(written, `${vendor} row ${done.row} ${JSON.stringify(written)}`).toHaveLength(1);
    }
  });
});

describe("a journal of the previous numbering (version 1: rows counted from 0)", () => {
  it("is resumed: its rows are mapped to the file's lines, and continued in lines", { timeout: 60_000 }, async () => {
    const { createHash } = await import("node:crypto");
    const { env, cwd, sim } = await setup({ vendors: ["zluri"], count: 4 });
    const text = ["vendor,id,active", ...[1, 2, 3, 4].map((i) => `zluri,${seedId.zluri(i)},false`)].join("\n");
    writeFileSync(join(cwd, "c.csv"), text);
    const sha256 = createHash("sha256").update(text).digest("hex");
    const v1 = [
      { journal: 1, input: join(cwd, "c.csv"), sha256 },
      { row: 0, vendor: "zluri", id: seedId.zluri(1), status: "applied", requests: 2 },
      { row: 1, vendor: "zluri", id: seedId.zluri(2), status: "applied", requests: 2 },
    ];
    writeFileSync(join(cwd, "j.jsonl"), v1.map((l) => `${JSON.stringify(l)}\n`).join(""));
    const args = ["apply", "c.csv", "--journal", "j.jsonl", "--resume", "--report", "r.jsonl"];
    const first = await spawnCliToEnd(args, env, cwd);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("resuming: 2 results already in the journal are skipped");
    // Only users 3 and 4 were written; the report names every row by its line.
    const written = sim("zluri")
      .requests.filter(isWrite)
      .map((r) => r.url);
    expect(written.sort()).toEqual([`/users/${seedId.zluri(3)}`, `/users/${seedId.zluri(4)}`]);
    // Rows 4 and 5 run concurrently: results come in completion order.
    expect(
      lines(join(cwd, "r.jsonl"))
        .map((l) => l.row)
        .sort(),
    ).toEqual([2, 3, 4, 5]);
    const journal = lines(join(cwd, "j.jsonl")).map((l) => l.journal ?? l.row);
    expect([...journal.slice(0, 4), ...journal.slice(4).sort()]).toEqual([1, 0, 1, 2, 4, 5]);
    // And once more: everything is done, nothing is sent.
    const before = sim("zluri").requests.length;
    const again = await spawnCliToEnd(args, env, cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(sim("zluri").requests.length).toBe(before);
    expect(lines(join(cwd, "r.jsonl")).map((l) => l.row)).toEqual([2, 3, 4, 5]);
  });
});
