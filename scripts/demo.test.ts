/**
 * `pnpm demo` cannot silently rot: it runs here on the workspace sources (vitest's aliases) against
 * the five simulators, every vendor must succeed, and every stored field must be the one sent.
 */
import { expect, it } from "vitest";
import { changes, runBulkDemo, runDemo } from "./demo.js";

it("runs the demo on the five simulators: every vendor stores exactly what it was sent", async () => {
  const lines: string[] = [];
  const results = await runDemo((line = "") => lines.push(line));
  expect(results.map((r) => r.vendor)).toEqual(["snipe-it", "zluri", "onlyoffice", "nexudus", "sailpoint-nerm"]);
  for (const r of results) {
    expect(r.error, r.vendor).toBeUndefined();
    expect(r.checks.length, r.vendor).toBeGreaterThan(0);
    expect(
      r.checks.filter((c) => !c.ok),
      r.vendor,
    ).toEqual([]);
    expect(r.ok, r.vendor).toBe(true);
  }
  const oo = results.find((r) => r.vendor === "onlyoffice");
  expect(oo?.checks.find((c) => c.field === "contacts kept")?.ok).toBe(true);
  // What a vendor cannot set is skipped, and said so.
  expect(results.find((r) => r.vendor === "zluri")?.skipped).toEqual(["givenName", "familyName", "notes", "locale"]);
  const output = lines.join("\n");
  expect(output).toContain(JSON.stringify(changes));
  // Full bodies, never cut short; no credential printed.
  expect(output).not.toMatch(/\.\.\.$|…$/m);
  expect(output).not.toMatch(/sim(ulator)?-?token|zluri-simulator-api-key|simulator-password/);
});

it("ends with a bulk run: three people offboarded by email at every simulator, each (row, vendor) applied", async () => {
  const lines: string[] = [];
  const results = await runBulkDemo((line = "") => lines.push(line));
  expect(results).toHaveLength(15);
  expect(
    results.filter((r) => r.status !== "applied").map((r) => `${r.vendor} ${r.status} ${r.error?.message}`),
  ).toEqual([]);
  expect(lines.join("\n")).toContain("userbridge apply");
}, 60_000);
