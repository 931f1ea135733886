/**
 * The x-evidence house rules (specs/.spectral.yaml) must keep failing a spec without evidence:
 * Spectral runs on two fixtures, one breaking the rules and the same spec with its evidence, and
 * only the first may fail, with exactly the evidence rules' codes. If the rules were renamed,
 * mis-targeted (a JSONPath that matches nothing) or downgraded below "warn", this test fails.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const fixture = (name: string) => join(root, "specs", "fixtures", name);

interface SpectralResult {
  code: string;
  path: string[];
  severity: number; // 0 error, 1 warn, 2 info, 3 hint
  source?: string;
}

/** Runs the workspace's Spectral CLI with the house ruleset, as `pnpm lint` does; returns its findings. */
async function lint(file: string): Promise<{ failed: boolean; results: SpectralResult[] }> {
  const bin = join(root, "node_modules", ".bin", "spectral");
  const args = ["lint", "--fail-severity=warn", "--format=json", "--quiet", "--ruleset", "specs/.spectral.yaml", file];
  try {
    const { stdout } = await promisify(execFile)(bin, args, { cwd: root, maxBuffer: 8 << 20 });
    return { failed: false, results: stdout.trim() ? JSON.parse(stdout) : [] };
  } catch (error) {
    const { stdout, code } = error as { stdout?: string; code?: unknown };
    if (typeof code !== "number" || !stdout) throw error; // Spectral itself broke: not a lint failure
    return { failed: true, results: JSON.parse(stdout) };
  }
}

describe("the x-evidence Spectral rules", () => {
  it("fail an operation and a response without x-evidence, and an empty x-evidence list", async () => {
    const { failed, results } = await lint(fixture("evidence-missing.yaml"));
    expect(failed).toBe(true);
    const found = results.map((r) => `${r.code} ${r.path.join(".")} ${r.severity}`).sort();
    expect(found).toEqual([
      "userbridge-evidence-shape paths./users/{id}.get.parameters.0.x-evidence 0",
      "userbridge-operation-evidence paths./users/{id}.get 0",
      "userbridge-response-evidence paths./users/{id}.get.responses.200 0",
    ]);
  });

  it("pass the same spec once it cites its evidence", async () => {
    expect(await lint(fixture("evidence-complete.yaml"))).toEqual({ failed: false, results: [] });
  });
});
