import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/input.js";
import { seedId, simulatorToken } from "../src/simulators.js";
import { vendorNames } from "../src/vendors.js";
import { cli, FAST, setup, writes } from "./support.js";

const csv = (cwd: string, text: string, name = "changes.csv") => {
  writeFileSync(join(cwd, name), text);
  return name;
};

describe("userbridge apply: usage errors exit 2 and write nothing", () => {
  it.each([
    ["an unreadable file", ["apply", "missing.csv", "--journal", "j.jsonl"]],
    ["a bad --rate", ["apply", "changes.csv", "--rate", "zluri=fast", "--journal", "j.jsonl"]],
    ["an unknown vendor", ["apply", "changes.csv", "--vendors", "zlury"]],
    ["--resume without --journal", ["apply", "changes.csv", "--resume"]],
    ["an unknown option", ["apply", "changes.csv", "--dryrun"]],
    ["an unknown command", ["aply", "changes.csv"]],
  ])("%s", async (_, argv) => {
    const { env, cwd, sims } = await setup();
    csv(cwd, "vendor,id,active\nzluri,64b7f0c20000000000000000,false\n");
    const { code, stderr } = await cli([...argv, "--report", "r.jsonl"], env, cwd);
    expect(code).toBe(2);
    expect(stderr).not.toBe("");
    expect(readdirSync(cwd)).toEqual(["changes.csv"]);
    for (const s of sims) expect(s.sim.requests).toEqual([]);
  });

  it("a bad CSV names every problem (unknown column, bad boolean, id without vendor, unknown vendor)", async () => {
    const { env, cwd, sims } = await setup();
    csv(cwd, "vendor,id,email,active,shoeSize\nzluri,1,,maybe,\n");
    const bad = await cli(["apply", "changes.csv", "--report", "r.jsonl"], env, cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown column "shoeSize"');
    csv(cwd, "vendor,id,email,active\nzluri,1,,maybe\n,2,,true\nzlury,,a@example.com,false\n");
    const { code, stderr } = await cli(["apply", "changes.csv", "--report", "r.jsonl"], env, cwd);
    expect(code).toBe(2);
    expect(stderr).toContain("changes.csv:2: active must be true or false");
    expect(stderr).toContain("changes.csv:3: id names a user in one vendor");
    expect(stderr).toContain("changes.csv:4: vendor must be one of");
    expect(existsSync(join(cwd, "r.jsonl"))).toBe(false);
    for (const s of sims) expect(s.sim.requests).toEqual([]);
  });

  it("an existing journal without --resume is refused", async () => {
    const { env, cwd } = await setup({ vendors: ["zluri"] });
    csv(cwd, `vendor,id,active\nzluri,${seedId.zluri(0)},false\n`);
    writeFileSync(join(cwd, "j.jsonl"), '{"journal":1}\n');
    const { code, stderr } = await cli(["apply", "changes.csv", "--journal", "j.jsonl"], env, cwd);
    expect(code).toBe(2);
    expect(stderr).toContain("pass --resume");
  });
});

describe("connections", () => {
  it("a literal secret in userbridge.config.json is refused, and not echoed", async () => {
    const { cwd, sims } = await setup({ vendors: ["zluri"] });
    const url = sims[0]?.url;
    writeFileSync(
      join(cwd, "userbridge.config.json"),
      JSON.stringify({ vendors: { zluri: { url, apiKey: "sk-live-0123456789" } } }),
    );
    csv(cwd, `vendor,id,active\nzluri,${seedId.zluri(0)},false\n`);
    const { code, stderr } = await cli(["get", "zluri", seedId.zluri(0)], {}, cwd);
    expect(code).toBe(2);
    expect(stderr).toContain("vendors.zluri.apiKey looks like a literal secret: refused");
    expect(stderr).not.toContain("sk-live");
    // A secret pasted where the variable's NAME goes is refused too, without echoing it.
    writeFileSync(
      join(cwd, "userbridge.config.json"),
      JSON.stringify({ vendors: { zluri: { url, tokenEnv: "sk-live-0123456789" } } }),
    );
    const again = await cli(["get", "zluri", seedId.zluri(0)], {}, cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).not.toContain("sk-live");
  });

  it("the config file names the variable holding the credential", async () => {
    const { cwd, sims } = await setup({ vendors: ["zluri"] });
    writeFileSync(
      join(cwd, "userbridge.config.json"),
      JSON.stringify({ vendors: { zluri: { url: sims[0]?.url, tokenEnv: "MY_ZLURI_KEY" } } }),
    );
    const { code, stdout } = await cli(["get", "zluri", seedId.zluri(0)], { MY_ZLURI_KEY: simulatorToken.zluri }, cwd);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ vendor: "zluri", email: "ada@example.com" });
  });
});

describe("userbridge apply", () => {
  it("an empty CSV cell means no change", async () => {
    expect(parseCsv("vendor,id,title,active\nzluri,1,,false\n", "f.csv")).toEqual({
      rows: [{ vendor: "zluri", id: "1", changes: { active: false } }],
      lines: [2],
    });
    const { env, cwd, sim } = await setup({ vendors: ["zluri", "sailpoint-nerm"], count: 2 });
    csv(
      cwd,
      [
        "vendor,id,title,active",
        `zluri,${seedId.zluri(1)},,false`,
        `sailpoint-nerm,${seedId["sailpoint-nerm"](1)},Retired,`,
      ].join("\n"),
    );
    const { code } = await cli(["apply", "changes.csv", ...FAST], env, cwd);
    expect(code).toBe(0);
    expect(sim("zluri").users.get(seedId.zluri(1))).toMatchObject({
      user_status: "inactive",
      user_designation: "Engineer",
    });
    expect(sim("sailpoint-nerm").users.get(seedId["sailpoint-nerm"](1))).toMatchObject({
      title: "Retired",
      status: "Active",
    });
  });

  it("--dry-run sends no write and prints every planned request with secrets redacted", async () => {
    const { env, cwd, sims } = await setup({ count: 1 });
    const rows = vendorNames.map((v) => `${v},${seedId[v](1)},false`);
    csv(cwd, ["vendor,id,active", ...rows].join("\n"));
    const { code, stdout } = await cli(["apply", "changes.csv", "--dry-run", ...FAST], env, cwd);
    expect(code).toBe(0);
    for (const s of sims) {
      expect(writes(s.sim)).toEqual([]);
      expect(stdout).toContain(`[${s.vendor}] changes.csv:${vendorNames.indexOf(s.vendor) + 2} planned:`);
      expect(stdout).not.toContain(s.token);
    }
    expect(stdout).toMatch(/(PATCH|PUT|POST) http:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout).toContain("[redacted]");
  });

  it("--json writes one result event per row and vendor on stdout; --report the same lines", async () => {
    const { env, cwd } = await setup({ vendors: ["zluri", "nexudus"], count: 3 });
    const rows = [1, 2, 3].flatMap((i) => [`zluri,${seedId.zluri(i)},false`, `nexudus,${seedId.nexudus(i)},false`]);
    csv(cwd, ["vendor,id,active", ...rows].join("\n"));
    const { code, stdout, stderr } = await cli(
      ["apply", "changes.csv", "--json", "--report", "r.jsonl", ...FAST],
      env,
      cwd,
    );
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(6);
    for (const e of events) {
      expect(e).toMatchObject({ type: "result", status: "applied" });
      expect(e.requests).toBeGreaterThan(0);
    }
    expect(new Set(events.map((e) => e.row))).toEqual(new Set([2, 3, 4, 5, 6, 7])); // the file's lines
    expect(stderr).toMatch(/vendor\s+applied\s+total/);
  });

  it("exits 1 when a row is not applied, and reports why", async () => {
    const { env, cwd } = await setup({ vendors: ["zluri"] });
    csv(cwd, `vendor,id,active\nzluri,${seedId.zluri(0)},false\nzluri,64b7f0c2ffffffffffffffff,false\n`);
    const { code } = await cli(["apply", "changes.csv", "--report", "r.jsonl", ...FAST], env, cwd);
    expect(code).toBe(1);
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(join(cwd, "r.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.row === 2)).toMatchObject({ status: "applied", vendor: "zluri" });
    expect(lines.find((l) => l.row === 3)).toMatchObject({ status: "not-found", error: { name: "NotFoundError" } });
  });
});
