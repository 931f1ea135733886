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
      expect(((await res.json()) as { status: string }).status).toBe("success");
      expect(startupMs).toBeLessThan(20_000);
    } finally {
      await mock.stop();
    }
    await expect(fetch(`${mock.url}/api/v1/users/13`)).rejects.toThrow();
  });

  it("reports a spec Prism cannot load", async () => {
    await expect(startPrismMock({ spec: "/nonexistent/spec.yaml", startTimeoutMs: 15_000 })).rejects.toThrow(/Prism/);
  });
});
