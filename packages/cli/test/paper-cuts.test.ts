/** Issue 24 item 7's CLI paper cuts, each through the real binary. */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { seedId } from "../src/simulators.js";
import { FAST, runCli, setup } from "./support.js";

const version = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, "../package.json"), "utf8")) as { version: string }
).version;
const root = resolve(import.meta.dirname, "../../..");

describe("userbridge paper cuts", () => {
  it("--version prints the package's version", async () => {
    const { code, stdout } = await runCli(["--version"], {}, root);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it("the README's `pnpm userbridge …` works in a clone (the root script)", { timeout: 30_000 }, () => {
    const r = spawnSync("pnpm", ["--silent", "userbridge", "--version"], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("--help documents --max-errors, --verbose and the exit codes", async () => {
    const { stdout } = await runCli(["apply", "--help"], {}, root);
    expect(stdout).toContain("--max-errors <n>");
    expect(stdout).toContain("130 interrupted");
    const top = await runCli(["--help"], {}, root);
    expect(top.stdout).toContain("--verbose");
    expect(top.stdout).toContain("--version");
  });

  it("a JSONL file with a byte order mark parses", async () => {
    const { env, cwd, sim } = await setup({ vendors: ["zluri"], count: 1 });
    writeFileSync(
      join(cwd, "c.jsonl"),
      `\uFEFF${JSON.stringify({ vendor: "zluri", id: seedId.zluri(1), changes: { title: "CTO" } })}\n`,
    );
    const { code, stderr } = await runCli(["apply", "c.jsonl", ...FAST], env, cwd);
    expect(code, stderr).toBe(0);
    expect(sim("zluri").users.get(seedId.zluri(1))).toMatchObject({ user_designation: "CTO" });
  });

  it("`userbridge mock` without Prism: one clear line, exit 2, no stack", async () => {
    const preload = resolve(import.meta.dirname, "fixtures/no-prism.cjs");
    const { code, stderr } = await runCli(["mock", "zluri"], {}, root, ["--require", preload]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toEqual([
      "userbridge: mock needs @stoplight/prism-cli (an optional peer dependency): npm i -D @stoplight/prism-cli@5.14.2 — or use `userbridge simulate`, which needs nothing",
    ]);
  });

  it("a literal `token` in the config: one clear error, not a second misleading one", async () => {
    const { cwd, sims } = await setup({ vendors: ["zluri"] });
    writeFileSync(
      join(cwd, "userbridge.config.json"),
      JSON.stringify({ vendors: { zluri: { url: sims[0]?.url, token: "sk-live-0123456789" } } }),
    );
    const { code, stderr } = await runCli(["get", "zluri", seedId.zluri(0)], {}, cwd);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(
      'vendors.zluri.token looks like a literal secret: refused. Put the secret in an environment variable and its NAME in "tokenEnv"',
    );
    expect(stderr).not.toContain("sk-live");
  });

  it("no progress line and no table row for a vendor with no rows", async () => {
    const { env, cwd } = await setup({ vendors: ["zluri", "snipe-it", "nexudus"], count: 1 });
    writeFileSync(join(cwd, "c.csv"), `vendor,id,active\nzluri,${seedId.zluri(1)},false\n`);
    const { code, stdout, stderr } = await runCli(["apply", "c.csv", ...FAST], env, cwd);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^zluri\s+1\s+1$/m);
    expect(`${stdout}${stderr}`).not.toContain("snipe-it");
    expect(`${stdout}${stderr}`).not.toContain("nexudus");
  });

  it("--verbose prints one line per request (method, path, status, duration), no secret", async () => {
    const { env, cwd, sims } = await setup({ vendors: ["snipe-it"], count: 1 });
    writeFileSync(join(cwd, "c.csv"), "email,title\nuser1@example.com,CTO\n");
    const { code, stderr } = await runCli(["apply", "c.csv", "--verbose", ...FAST], env, cwd);
    expect(code, stderr).toBe(0);
    const lines = stderr.split("\n").filter((l) => l.startsWith("[snipe-it] "));
    expect(lines.length).toBe(sims[0]?.sim.requests.length);
    expect(lines[0]).toMatch(/^\[snipe-it\] GET \/api\/v1\/users 200 \d+ ms$/);
    expect(lines.some((l) => /^\[snipe-it\] PATCH \/api\/v1\/users\/1001 200 \d+ ms$/.test(l))).toBe(true);
    expect(stderr).not.toContain(sims[0]?.token as string);
    const get = await runCli(["get", "snipe-it", "1001", "--verbose"], env, cwd);
    expect(get.stderr).toMatch(/^\[snipe-it\] GET \/api\/v1\/users\/1001 200 \d+ ms$/m);
  });
});
