import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startPrismMock } from "../../src/mock.js";

const spec = fileURLToPath(new URL("../../../../specs/snipe-it.yaml", import.meta.url));

describe("startPrismMock", () => {
  it("starts Prism on a free port, answers from the spec, and stops", async () => {
    const started = Date.now();
    const mock = await startPrismMock({ spec });
    const startupMs = Date.now() - started;
    try {
      const res = await fetch(`${mock.url}/api/v1/users/13`, {
        headers: { Authorization: "Bearer x", Accept: "application/json" },
      });
      expect(res.status).toBe(200);
      // Snipe-IT's GET answers the bare user (the spec's example), not the envelope.
      expect(((await res.json()) as { id: number }).id).toBe(13);
      expect(startupMs).toBeLessThan(60_000); // 1–2.5 s on an idle machine; generous for a loaded CI
    } finally {
      await mock.stop();
    }
    await expect(fetch(`${mock.url}/api/v1/users/13`)).rejects.toThrow();
  });

  it("reports a spec Prism cannot load", async () => {
    await expect(startPrismMock({ spec: "/nonexistent/spec.yaml", startTimeoutMs: 15_000 })).rejects.toThrow(/Prism/);
  });

  it("takes Prism down with the caller when the caller exits without stop() (here: it throws)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "userbridge-mock-parent-"));
    const parent = join(dir, "parent.mts");
    const source = fileURLToPath(new URL("../../src/mock.ts", import.meta.url));
    writeFileSync(
      parent,
      `import { startPrismMock } from ${JSON.stringify(source)};
const mock = await startPrismMock({ spec: ${JSON.stringify(spec)} });
console.log(mock.port);
throw new Error("the caller crashed");
`,
    );
    const tsx = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(tsx, [parent], { encoding: "utf8", timeout: 90_000 }, (_e, out, err) =>
          resolve({ code: child.exitCode, stdout: out, stderr: err }),
        );
      },
    );
    rmSync(dir, { recursive: true, force: true });
    const port = Number(stdout.trim());
    expect(code).not.toBe(0);
    expect(port, stderr).toBeGreaterThan(0);
    expect(stderr).toContain("the caller crashed");
    // The Prism child (`... mock -h 127.0.0.1 -p <port> ...`) is gone, and nothing answers on its port.
    const prismAlive = () =>
      execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
        .split("\n")
        .some((line) => line.includes(" mock -h ") && line.includes(` -p ${port} `));
    const deadline = Date.now() + 10_000;
    while (prismAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(prismAlive()).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/users/13`)).rejects.toThrow();
  }, 120_000);
});
