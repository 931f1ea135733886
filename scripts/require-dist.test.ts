/**
 * The shared prepack guard (scripts/require-dist.mjs): a package whose build is missing, or
 * incomplete, cannot be packed. test/release/ runs it for real through `changeset publish`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const guard = resolve(import.meta.dirname, "require-dist.mjs");
const dir = mkdtempSync(join(tmpdir(), "userbridge-prepack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pack = () => spawnSync("node", [guard], { cwd: dir, encoding: "utf8" });
writeFileSync(
  join(dir, "package.json"),
  JSON.stringify({
    name: "@userbridge/example",
    main: "./dist/index.cjs",
    exports: {
      ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" }, require: "./dist/index.cjs" },
      "./openapi.yaml": "./openapi.yaml",
    },
  }),
);

describe("require-dist (prepack)", () => {
  it("fails without dist/, naming what is missing", () => {
    const result = pack();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "@userbridge/example: refusing to pack without its build. Missing: ./dist/index.cjs",
    );
  });

  it("fails on an incomplete build", () => {
    mkdirSync(join(dir, "dist"));
    for (const file of ["index.cjs", "index.js", "index.d.ts"]) writeFileSync(join(dir, "dist", file), "");
    const result = pack();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Missing: ./openapi.yaml");
  });

  it("passes when every file the manifest names exists", () => {
    writeFileSync(join(dir, "openapi.yaml"), "openapi: 3.1.0\n");
    expect(pack().status).toBe(0);
  });
});
