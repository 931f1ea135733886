/**
 * `userbridge apply` as a new user meets it (issue 24), through the real binary against the
 * simulators: a refused credential stops its vendor, --max-errors, one person's rows in file order,
 * whole reasons on one line, `planned` in dry runs, the file's line numbers everywhere.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedId } from "../src/simulators.js";
import { FAST, isWrite, jsonLines, runCli, setup } from "./support.js";

const file = (cwd: string, name: string, text: string) => {
  writeFileSync(join(cwd, name), text);
  return name;
};
const only = (vendors: string[]) =>
  FAST.filter((_, i, a) => vendors.some((v) => `${a[i]}`.startsWith(`${v}=`) || `${a[i + 1]}`.startsWith(`${v}=`)));

describe("a vendor that refuses the credential is stopped", () => {
  it("300 rows with a bad Snipe-IT token send a handful of requests; its rows are skipped, Zluri goes on, exit 1", {
    timeout: 60_000,
  }, async () => {
    const { env, cwd, sim } = await setup({ vendors: ["snipe-it", "zluri"], count: 300 });
    const rows = [
      ...Array.from({ length: 300 }, (_, i) => `snipe-it,${seedId["snipe-it"](i + 1)},false`),
      ...Array.from({ length: 10 }, (_, i) => `zluri,${seedId.zluri(i + 1)},false`),
    ];
    file(cwd, "off.csv", ["vendor,id,active", ...rows].join("\n"));
    const { code, stderr } = await runCli(
      ["apply", "off.csv", "--report", "r.jsonl", ...only(["snipe-it", "zluri"])],
      { ...env, USERBRIDGE_SNIPE_IT_TOKEN: "not-the-token" },
      cwd,
    );
    expect(code, stderr).toBe(1);
    expect(sim("snipe-it").requests.length).toBeLessThanOrEqual(10); // not 300
    const report = jsonLines(join(cwd, "r.jsonl"));
    const snipe = report.filter((l) => l.vendor === "snipe-it");
    expect(snipe).toHaveLength(300);
    const skipped = snipe.filter((l) => l.status === "skipped");
    expect(skipped.length).toBeGreaterThanOrEqual(290);
    expect(skipped[0]?.error).toMatchObject({ name: "VendorStoppedError", status: 401 });
    expect(snipe.filter((l) => l.status !== "skipped").every((l) => l.status === "failed")).toBe(true);
    expect(report.filter((l) => l.vendor === "zluri").map((l) => l.status)).toEqual(Array(10).fill("applied"));
    // One clear line for the vendor, with the vendor's own reason; no line per skipped row.
    const stopped = stderr.split("\n").filter((l) => l.includes("stopped"));
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatch(
      new RegExp(
        `^snipe-it stopped, ${skipped.length} rows skipped: snipe-it refused the credential \\(HTTP 401\\): .*Unauthorized or unauthenticated\\.$`,
      ),
    );
    expect(stderr).not.toContain("not-the-token");
    expect(stderr.split("\n").filter((l) => l.includes("skipped")).length).toBe(1);
  });

  it("--max-errors N stops a vendor after N failed rows; the other vendors go on", { timeout: 60_000 }, async () => {
    const { env, cwd, sim } = await setup({
      vendors: ["sailpoint-nerm", "zluri"],
      count: 100,
      fail: { "sailpoint-nerm": { status: 500, times: 1_000_000 } },
    });
    const rows = [
      ...Array.from({ length: 100 }, (_, i) => `sailpoint-nerm,${seedId["sailpoint-nerm"](i + 1)},false`),
      ...Array.from({ length: 5 }, (_, i) => `zluri,${seedId.zluri(i + 1)},false`),
    ];
    file(cwd, "off.csv", ["vendor,id,active", ...rows].join("\n"));
    const { code, stderr } = await runCli(
      ["apply", "off.csv", "--report", "r.jsonl", "--max-errors", "5", ...only(["sailpoint-nerm", "zluri"])],
      env,
      cwd,
    );
    expect(code, stderr).toBe(1);
    const report = jsonLines(join(cwd, "r.jsonl"));
    const nerm = report.filter((l) => l.vendor === "sailpoint-nerm");
    expect(nerm).toHaveLength(100);
    const failed = nerm.filter((l) => l.status === "failed").length;
    expect(failed).toBeGreaterThanOrEqual(5);
    expect(failed).toBeLessThanOrEqual(5 + 8); // the budget, and the rows already in flight
    expect(nerm.filter((l) => l.status === "skipped")).toHaveLength(100 - failed);
    // A read and the transport's 2 retries for each row started before the stop; nothing after it.
    expect(sim("sailpoint-nerm").requests.length).toBeLessThanOrEqual(3 * (5 + 8));
    expect(report.filter((l) => l.vendor === "zluri").every((l) => l.status === "applied")).toBe(true);
    expect(stderr).toMatch(
      /sailpoint-nerm stopped, \d+ rows skipped: sailpoint-nerm: 5 rows failed \(the error budget is 5\)/,
    );
  });

  it("--max-errors must be a whole number", async () => {
    const { env, cwd } = await setup({ vendors: ["zluri"] });
    file(cwd, "c.csv", `vendor,id,active\nzluri,${seedId.zluri(0)},false\n`);
    const { code, stderr } = await runCli(["apply", "c.csv", "--max-errors", "0"], env, cwd);
    expect(code).toBe(2);
    expect(stderr).toContain("--max-errors 0: expected a whole number ≥ 1");
  });
});

describe("rows for the same person", () => {
  it("40 title changes for one person across vendors: applied in file order, the last row's title stored everywhere", {
    timeout: 60_000,
  }, async () => {
    const vendors = ["snipe-it", "zluri", "onlyoffice", "sailpoint-nerm"] as const;
    // A little latency, as over a network: without the ordering, the rows in flight overlap.
    const { env, cwd, sim } = await setup({ vendors: [...vendors], latencyMs: 20 });
    const rows = Array.from({ length: 40 }, (_, i) => `ada@example.com,Title ${i + 1}`);
    file(cwd, "titles.csv", ["email,title", ...rows].join("\n"));
    const { code, stderr } = await runCli(
      ["apply", "titles.csv", "--report", "r.jsonl", ...only([...vendors])],
      env,
      cwd,
    );
    expect(code, stderr).toBe(0);
    expect(sim("snipe-it").users.get(seedId["snipe-it"](0))).toMatchObject({ jobtitle: "Title 40" });
    expect(sim("zluri").users.get(seedId.zluri(0))).toMatchObject({ user_designation: "Title 40" });
    expect(sim("onlyoffice").users.get(seedId.onlyoffice(0))).toMatchObject({ title: "Title 40" });
    expect(sim("sailpoint-nerm").users.get(seedId["sailpoint-nerm"](0))).toMatchObject({ title: "Title 40" });
    const report = jsonLines(join(cwd, "r.jsonl"));
    expect(report).toHaveLength(160);
    expect(report.filter((l) => l.status !== "applied")).toEqual([]);
    // In file order at every vendor: the titles written, in the order the vendor received them.
    for (const v of vendors) {
      const titles = sim(v)
        .requests.filter(isWrite)
        .map((r) => /Title \d+/.exec(JSON.stringify(r.body))?.[0]);
      expect(titles, v).toEqual(Array.from({ length: 40 }, (_, i) => `Title ${i + 1}`));
    }
  });
});

describe("messages", () => {
  it("dry runs say planned, never applied (lines and summary), with the file's line numbers", async () => {
    const { env, cwd } = await setup({ vendors: ["zluri", "snipe-it"], count: 2 });
    file(cwd, "c.csv", `vendor,id,active\n\nzluri,${seedId.zluri(1)},false\nsnipe-it,${seedId["snipe-it"](2)},false\n`);
    const { code, stdout } = await runCli(["apply", "c.csv", "--dry-run", ...FAST], env, cwd);
    expect(code).toBe(0);
    expect(stdout).toContain("[zluri] c.csv:3 planned:");
    expect(stdout).toContain("[snipe-it] c.csv:4 planned:");
    expect(stdout).toMatch(/vendor\s+planned\s+total/);
    expect(stdout).not.toContain("applied");
  });

  it("the whole reason on one line; validation errors, terminal lines and the report name the same line", async () => {
    const { env, cwd } = await setup({ vendors: ["zluri", "snipe-it"], count: 1 });
    const text = [
      "vendor,id,email,title",
      "", // an empty line still counts
      `snipe-it,,nobody@example.com,CTO`,
      `zluri,${seedId.zluri(1)},,"Head of\nResearch"`, // a quoted cell over two lines
      `snipe-it,,user1@example.com,CTO`,
    ].join("\n");
    file(cwd, "c.csv", text);
    const { code, stderr } = await runCli(["apply", "c.csv", "--report", "r.jsonl", ...FAST], env, cwd);
    expect(code, stderr).toBe(1);
    const report = jsonLines(join(cwd, "r.jsonl"));
    expect(report.map((l) => `${l.row} ${l.vendor} ${l.status}`).sort()).toEqual([
      "3 snipe-it not-found",
      "4 zluri applied",
      "6 snipe-it applied",
    ]);
    const line = stderr.split("\n").find((l) => l.startsWith("[snipe-it] c.csv:3 not-found: ")) as string;
    expect(line, stderr).toBeDefined();
    const reason = String((report.find((l) => l.row === 3)?.error as { message?: string } | undefined)?.message ?? "");
    expect(reason).not.toBe("");
    // Every line of the error's message is on the terminal line.
    for (const part of reason.split("\n").map((p) => p.trim().replace(/^- /, ""))) expect(line).toContain(part);
    // A validation error names the same numbering.
    file(cwd, "bad.csv", `${text}\nzluri,,not-an-email,CTO`);
    const bad = await runCli(["apply", "bad.csv", ...FAST], env, cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.csv:7: email must be an email address");
  });
});
