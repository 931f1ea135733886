/**
 * The user lifecycle through the real `userbridge` binary against the simulators: `list` (paged,
 * filtered, JSONL and CSV, to stdout and --out) and `apply` rows with `action` create / update /
 * delete, an existing create `unchanged`, a vendor without delete `invalid` before any request, a
 * dry run that plans creates and deletes, and SIGKILL + --resume creating nobody twice.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { LIST_COLUMNS } from "../src/commands/list.js";
import { seedId } from "../src/simulators.js";
import type { VendorName } from "../src/vendors.js";
import { FAST, isWrite, jsonLines, runCli, setup, spawnCli } from "./support.js";

/** The vendors whose facade creates, lists and deletes (Zluri: no delete). */
const LIFECYCLE: VendorName[] = ["nexudus", "sailpoint-nerm", "zluri", "snipe-it", "onlyoffice"];
const PASSWORD = "Str0ng-Passw0rd!x";
const COUNT = 120;

describe("userbridge list", () => {
  it("streams every user over ≥ 3 pages, in JSONL and CSV, filtered by email and active", {
    timeout: 120_000,
  }, async () => {
    const { env, cwd, sim } = await setup({ vendors: LIFECYCLE, count: COUNT });
    // Three users deactivated through the CLI first, so that --active false has something to find.
    const off = [3, 50, 101];
    writeFileSync(
      join(cwd, "off.csv"),
      ["vendor,email,active", ...LIFECYCLE.flatMap((v) => off.map((i) => `${v},user${i}@example.com,false`))].join(
        "\n",
      ),
    );
    expect((await runCli(["apply", "off.csv", ...FAST], env, cwd)).code).toBe(0);

    for (const vendor of LIFECYCLE) {
      const before = sim(vendor).requests.length;
      const all = await runCli(["list", vendor, "--page-size", "50"], env, cwd);
      expect(all.code, all.stderr).toBe(0);
      const users = all.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(users).toHaveLength(COUNT + 1);
      expect(new Set(users.map((u) => u.id)).size).toBe(COUNT + 1);
      expect(users.find((u) => u.email === "ada@example.com")).toMatchObject({ vendor, id: seedId[vendor](0) });
      expect(users.every((u) => !("raw" in u))).toBe(true);
      // One request per page of 50 (the list sends nothing else): 121 users are 3 pages.
      expect(sim(vendor).requests.length - before).toBeGreaterThanOrEqual(3);
      expect(all.stderr).toContain(`${vendor}: ${COUNT + 1} users listed`);

      const inactive = await runCli(["list", vendor, "--active", "false", "--format", "csv"], env, cwd);
      expect(inactive.code, inactive.stderr).toBe(0);
      const [header, ...rows] = parse(inactive.stdout) as string[][];
      expect(header).toEqual([...LIST_COLUMNS]);
      const email = LIST_COLUMNS.indexOf("email");
      const active = LIST_COLUMNS.indexOf("active");
      expect(rows.map((r) => r[email]).sort()).toEqual(off.map((i) => `user${i}@example.com`).sort());
      expect(rows.every((r) => r[active] === "false")).toBe(true);

      const one = await runCli(["list", vendor, "--email", "USER7@example.com", "--out", "one.csv"], env, cwd);
      expect(one.code, one.stderr).toBe(0);
      expect(one.stdout).toBe("");
      const [, row] = parse(readFileSync(join(cwd, "one.csv"), "utf8")) as string[][];
      expect(row?.[LIST_COLUMNS.indexOf("id")]).toBe(seedId[vendor](7));
      expect(row?.[email]).toBe("user7@example.com");
    }
  });

  it("stops on Ctrl-C: exit 130, the users written so far are whole lines", { timeout: 60_000 }, async () => {
    const { env, cwd, sim } = await setup({ vendors: ["nexudus"], count: 200 });
    // 2 pages of 10 per second: slow enough to be interrupted mid-listing.
    const p = spawnCli(["list", "nexudus", "--page-size", "10", "--rate", "nexudus=120"], env, cwd);
    const deadline = Date.now() + 30_000;
    while (p.stdout().split("\n").length < 25) {
      if (Date.now() > deadline) throw new Error(`no progress: ${p.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    p.child.kill("SIGINT");
    expect(await p.exit, p.stderr()).toBe(130);
    const lines = p.stdout().split("\n");
    expect(lines.pop()).toBe(""); // ends with a whole line
    expect(lines.length).toBeLessThan(201);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty("id");
    expect(p.stderr()).toContain(
      `interrupted: ${lines.length} users written before the stop; the listing is incomplete`,
    );
    const requests = sim("nexudus").requests.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(sim("nexudus").requests.length).toBe(requests); // nothing more was asked
  });

  it("stops quietly with exit 0 when the reader goes away (| head)", { timeout: 60_000 }, async () => {
    const { env, cwd, sim } = await setup({ vendors: ["nexudus"], count: 200 });
    const p = spawnCli(["list", "nexudus", "--page-size", "10", "--rate", "nexudus=600"], env, cwd);
    await new Promise((r) => p.child.stdout.once("data", r));
    p.child.stdout.destroy(); // as `head -1` exits
    expect(await p.exit, p.stderr()).toBe(0);
    expect(p.stderr()).not.toContain("Error");
    expect(sim("nexudus").requests.length).toBeLessThan(21); // not the whole listing
  });

  it("refuses bad usage with exit 2 before any request", async () => {
    const { env, cwd, sim } = await setup({ vendors: ["nexudus"] });
    for (const args of [
      ["list", "nexudus", "--active", "yes"],
      ["list", "nexudus", "--format", "xml"],
      ["list", "nexudus", "--email", "nope"],
      ["list", "nexudus,zluri"],
      ["list", "snipe-it"], // no connection
    ]) {
      const r = await runCli(args, env, cwd);
      expect(r.code, args.join(" ")).toBe(2);
    }
    expect(sim("nexudus").requests).toHaveLength(0);
  });
});

/** A CSV of lifecycle rows for the four vendors (each vendor's create takes its own required fields). */
function lifecycleCsv(): string {
  return [
    "action,vendor,id,email,displayName,givenName,username,password,title,familyName",
    // 2-5 creates (NERM also needs its login; Snipe-IT a first name, a username and a password)
    "create,nexudus,,grace@example.com,Grace Hopper,,,,,",
    "create,sailpoint-nerm,,grace@example.com,Grace Hopper,,grace,,,",
    "create,zluri,,grace@example.com,Grace Hopper,,,,,",
    `create,snipe-it,,grace@example.com,,Grace,grace,${PASSWORD},,`,
    // 6 a create whose user exists already: unchanged
    "create,nexudus,,ada@example.com,Ada Lovelace,,,,,",
    // 7-8 updates (the default action)
    ",nexudus,,user1@example.com,Renamed One,,,,,",
    "update,sailpoint-nerm,,user1@example.com,Renamed One,,,,,",
    // 9-12 deletes: by id, by email; an unknown user is already gone; Zluri cannot delete
    `delete,nexudus,${seedId.nexudus(2)},,,,,,,`,
    "delete,sailpoint-nerm,,user2@example.com,,,,,,",
    "delete,nexudus,,nobody@example.com,,,,,,",
    "delete,zluri,,user2@example.com,,,,,,",
    // 13-15 Snipe-IT: an update, a (soft) delete, an existing user's create
    "update,snipe-it,,user1@example.com,,,,,Renamed One,",
    "delete,snipe-it,,user2@example.com,,,,,,",
    `create,snipe-it,,ada@example.com,,Ada,ada,${PASSWORD},,`,
    // 16-18 ONLYOFFICE: a create, an update, a delete of an active user (without --deactivate-first: invalid)
    "create,onlyoffice,,grace@example.com,,Grace,,,,Hopper",
    "update,onlyoffice,,user1@example.com,,,,,Renamed One,",
    "delete,onlyoffice,,user2@example.com,,,,,,",
  ].join("\n");
}

describe("userbridge apply with action", () => {
  it("creates, updates and deletes; an existing create and a gone user are unchanged; Zluri's delete is invalid", {
    timeout: 60_000,
  }, async () => {
    const { env, cwd, sim } = await setup({ vendors: LIFECYCLE, count: 3 });
    writeFileSync(join(cwd, "life.csv"), lifecycleCsv());
    const zluriBefore = sim("zluri").requests.length;
    const r = await runCli(["apply", "life.csv", "--report", "report.jsonl", ...FAST], env, cwd);
    expect(r.code, r.stderr).toBe(1); // Zluri's delete row is invalid
    const report = jsonLines(join(cwd, "report.jsonl"));
    const status = (row: number, vendor: string) => report.find((l) => l.row === row && l.vendor === vendor)?.status;
    expect(status(2, "nexudus")).toBe("applied");
    expect(status(3, "sailpoint-nerm")).toBe("applied");
    expect(status(4, "zluri")).toBe("applied");
    expect(status(5, "snipe-it")).toBe("applied");
    expect(status(6, "nexudus")).toBe("unchanged");
    expect(status(7, "nexudus")).toBe("applied");
    expect(status(8, "sailpoint-nerm")).toBe("applied");
    expect(status(9, "nexudus")).toBe("applied");
    expect(status(10, "sailpoint-nerm")).toBe("applied");
    expect(status(11, "nexudus")).toBe("unchanged");
    expect(status(12, "zluri")).toBe("invalid");
    expect(status(13, "snipe-it")).toBe("applied");
    expect(status(14, "snipe-it")).toBe("applied");
    expect(status(15, "snipe-it")).toBe("unchanged");
    expect(status(16, "onlyoffice")).toBe("applied");
    expect(status(17, "onlyoffice")).toBe("applied");
    expect(status(18, "onlyoffice")).toBe("invalid");
    expect(r.stderr).toMatch(/\[onlyoffice\] life\.csv:18 invalid: .*not terminated/);
    expect(report).toHaveLength(17);
    expect(r.stderr).toMatch(/\[zluri\] life\.csv:12 invalid: .*zluri cannot delete users/);
    // The created users are there once, with their id in the report.
    for (const vendor of LIFECYCLE) {
      const created = report.find(
        (l) => l.vendor === vendor && l.row === (vendor === "onlyoffice" ? 16 : 2 + LIFECYCLE.indexOf(vendor)),
      );
      expect(created?.id).toBeTruthy();
      const list = await runCli(["list", vendor, "--email", "grace@example.com"], env, cwd);
      expect(
        list.stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l)),
      ).toMatchObject([{ id: created?.id, email: "grace@example.com" }]);
    }
    // Deleted: gone from the vendor.
    expect(sim("nexudus").users.has(seedId.nexudus(2))).toBe(false);
    expect(sim("sailpoint-nerm").users.has(seedId["sailpoint-nerm"](2))).toBe(false);
    expect(sim("zluri").users.has(seedId.zluri(2))).toBe(true);
    const gone = await runCli(["list", "snipe-it", "--email", "user2@example.com"], env, cwd);
    expect(gone.stdout).toBe(""); // soft-deleted: no longer listed
    // Zluri's delete row sent nothing: its only requests are the create row's.
    const zluriRequests = sim("zluri").requests.slice(zluriBefore);
    expect(zluriRequests.every((q) => !q.url.includes(seedId.zluri(2)))).toBe(true);
    // The update applied.
    expect((await runCli(["get", "nexudus", "user1@example.com"], env, cwd)).stdout).toContain(
      '"displayName": "Renamed One"',
    );
  });

  it("--dry-run plans the creates and deletes and writes nothing", { timeout: 60_000 }, async () => {
    const { env, cwd, sim } = await setup({ vendors: LIFECYCLE, count: 3 });
    writeFileSync(join(cwd, "life.csv"), lifecycleCsv());
    const r = await runCli(["apply", "life.csv", "--dry-run", "--report", "report.jsonl", ...FAST], env, cwd);
    expect(r.code, r.stderr).toBe(1); // the Zluri delete is still invalid
    for (const vendor of LIFECYCLE) expect(sim(vendor).requests.filter(isWrite)).toEqual([]);
    const report = jsonLines(join(cwd, "report.jsonl"));
    const status = (row: number) => report.find((l) => l.row === row)?.status;
    expect([2, 3, 4, 5, 7, 8, 9, 10, 13, 14, 16, 17].map(status)).toEqual(Array(12).fill("planned"));
    expect(status(18)).toBe("invalid"); // an active ONLYOFFICE user, no --deactivate-first
    expect([6, 11, 15].map(status)).toEqual(Array(3).fill("unchanged"));
    expect(r.stdout).toMatch(/\[nexudus\] life\.csv:2 planned:\n {2}POST http:\/\/[^\n]+\/api\/sys\/users\n/);
    expect(r.stdout).toMatch(
      new RegExp(`\\[nexudus\\] life\\.csv:9 planned:\\n {2}DELETE [^\\n]+/${seedId.nexudus(2)}\\n`),
    );
    for (const token of Object.entries(env)
      .filter(([k]) => k.endsWith("_TOKEN"))
      .map(([, v]) => v))
      expect(r.stdout).not.toContain(token);
    expect(r.stdout).not.toContain(PASSWORD); // the create's password is redacted in the plan
  });

  it("--deactivate-first: ONLYOFFICE terminates an active user, then deletes it", { timeout: 60_000 }, async () => {
    const { env, cwd, sim } = await setup({ vendors: ["onlyoffice"], count: 2 });
    writeFileSync(join(cwd, "del.csv"), ["action,vendor,email", "delete,onlyoffice,user2@example.com"].join("\n"));
    const dry = await runCli(["apply", "del.csv", "--dry-run", "--deactivate-first", ...FAST], env, cwd);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/del\.csv:2 planned:\n {2}PUT [^\n]+\/people\/status\/Terminated\n[\s\S]+ {2}DELETE /);
    expect(sim("onlyoffice").requests.filter(isWrite)).toEqual([]);
    const r = await runCli(["apply", "del.csv", "--deactivate-first", "--report", "report.jsonl", ...FAST], env, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(join(cwd, "report.jsonl"))).toMatchObject([
      { row: 2, status: "applied", id: seedId.onlyoffice(2) },
    ]);
    expect(sim("onlyoffice").users.has(seedId.onlyoffice(2))).toBe(false);
    // Again: the user is gone, so the row is unchanged.
    const again = await runCli(
      ["apply", "del.csv", "--deactivate-first", "--report", "again.jsonl", ...FAST],
      env,
      cwd,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(jsonLines(join(cwd, "again.jsonl"))).toMatchObject([{ row: 2, status: "unchanged" }]);
  });

  it("refuses a create with an id, a delete with changes and an unknown action (exit 2, nothing sent)", async () => {
    const { env, cwd, sim } = await setup({ vendors: ["nexudus"] });
    writeFileSync(
      join(cwd, "bad.csv"),
      [
        "action,vendor,id,email,displayName",
        `create,nexudus,${seedId.nexudus(0)},,Ada`,
        "delete,nexudus,,ada@example.com,Ada",
        "remove,nexudus,,ada@example.com,",
      ].join("\n"),
    );
    const r = await runCli(["apply", "bad.csv"], env, cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.csv:2: id a create has no id yet");
    expect(r.stderr).toContain("bad.csv:3: changes a delete changes nothing");
    expect(r.stderr).toContain("bad.csv:4: action must be one of update, create, delete");
    expect(sim("nexudus").requests).toHaveLength(0);
  });
});

describe("apply creates, SIGKILL, --resume", () => {
  it("creates every user exactly once", { timeout: 120_000 }, async () => {
    const PER_VENDOR = 60;
    const { env, cwd, sim } = await setup({ vendors: LIFECYCLE });
    const cells: Record<string, (i: number) => string> = {
      nexudus: (i) => `New ${i},,,,`,
      zluri: (i) => `New ${i},,,,`,
      "sailpoint-nerm": (i) => `New ${i},,new${i},,`,
      "snipe-it": (i) => `,New,new${i},${PASSWORD},`,
      onlyoffice: (i) => `,New,,,Number${i}`,
    };
    const rows = LIFECYCLE.flatMap((v) =>
      Array.from({ length: PER_VENDOR }, (_, i) => `create,${v},new${i}@example.com,${cells[v]?.(i)}`),
    );
    writeFileSync(
      join(cwd, "new.csv"),
      ["action,vendor,email,displayName,givenName,username,password,familyName", ...rows].join("\n"),
    );
    const journal = join(cwd, "journal.jsonl");
    // ≈ 20 requests per second and vendor: slow enough to be killed mid-run.
    const rates = LIFECYCLE.flatMap((v) => ["--rate", `${v}=1200`]);
    const args = ["apply", "new.csv", "--journal", "journal.jsonl", "--report", "report.jsonl", ...rates];
    const first = spawnCli(args, env, cwd);
    const deadline = Date.now() + 60_000;
    while (jsonLines(journal).length < 1 + rows.length / 4) {
      if (Date.now() > deadline) throw new Error(`no progress: ${first.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill("SIGKILL");
    expect(await first.exit).toBe(null);
    const journaled = jsonLines(journal).length - 1;
    expect(journaled).toBeLessThan(rows.length);

    const second = spawnCli([...args, "--resume"], env, cwd);
    expect(await second.exit, second.stderr()).toBe(0);
    const report = jsonLines(join(cwd, "report.jsonl"));
    expect(report).toHaveLength(rows.length);
    expect(report.every((l) => l.status === "applied" || l.status === "unchanged")).toBe(true);
    for (const vendor of LIFECYCLE) {
      const s = sim(vendor);
      const creates = s.requests.filter((q) => q.method === "POST" && isWrite(q));
      expect(creates, vendor).toHaveLength(PER_VENDOR); // one POST per new user, none twice
      const listed = await runCli(["list", vendor], env, cwd);
      const emails = listed.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).email as string);
      for (let i = 0; i < PER_VENDOR; i++) expect(emails.filter((e) => e === `new${i}@example.com`)).toHaveLength(1);
    }
  });
});
