/**
 * The release notes each package ships: `changeset version` writes a changeset's summary into the
 * CHANGELOG of every package it lists, so a note about one package must sit in a changeset of its
 * own. Checked on the changesets as written, then by running `changeset version` on a copy of the
 * workspace and packing every package: each tarball holds its own CHANGELOG.md (and LICENSE), and
 * that CHANGELOG holds no other package's notes.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "..");
const dirs = readdirSync(join(root, "packages"));
const names = dirs.map((d) => `@userbridge/${d}`);
const changesets = readdirSync(join(root, ".changeset"))
  .filter((f) => f.endsWith(".md") && f !== "README.md")
  .map((file) => {
    const [, front = "", summary = ""] = readFileSync(join(root, ".changeset", file), "utf8").split(/^---$/m);
    return { file, packages: Object.keys(parse(front) ?? {}), summary };
  });

describe("changesets", () => {
  // Right after a release (`pnpm version-packages`) none are pending: each CHANGELOG then holds the
  // notes of the version its package.json names.
  if (changesets.length === 0) {
    it.each(dirs)("packages/%s: its CHANGELOG has a section for its current version", (dir) => {
      const { version } = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
      expect(readFileSync(join(root, "packages", dir, "CHANGELOG.md"), "utf8")).toContain(`\n## ${version}\n`);
    });
  }
  it.each(changesets)("$file names no package in a note that goes to several", ({ packages, summary }) => {
    for (const p of packages) expect(names).toContain(p);
    if (packages.length > 1) expect(summary.match(/@userbridge\/[a-z-]+/g) ?? []).toEqual([]);
  });
});

describe("`changeset version` on a copy of the workspace", () => {
  const work = mkdtempSync(join(tmpdir(), "userbridge-version-"));
  const run = (cmd: string, args: string[], cwd: string) =>
    execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

  beforeAll(() => {
    for (const f of ["package.json", "pnpm-workspace.yaml", "LICENSE"]) copyFileSync(join(root, f), join(work, f));
    mkdirSync(join(work, "scripts"));
    copyFileSync(join(root, "scripts", "require-dist.mjs"), join(work, "scripts", "require-dist.mjs"));
    mkdirSync(join(work, ".changeset"));
    for (const f of readdirSync(join(root, ".changeset")))
      copyFileSync(join(root, ".changeset", f), join(work, ".changeset", f));
    for (const d of dirs) {
      mkdirSync(join(work, "packages", d), { recursive: true });
      for (const f of ["package.json", "LICENSE", "README.md", "CHANGELOG.md"])
        if (existsSync(join(root, "packages", d, f)))
          copyFileSync(join(root, "packages", d, f), join(work, "packages", d, f));
      // The build, so that each package's prepack guard (scripts/require-dist.mjs) lets it pack.
      symlinkSync(join(root, "packages", d, "dist"), join(work, "packages", d, "dist"), "dir");
      if (existsSync(join(root, "packages", d, "openapi.yaml")))
        copyFileSync(join(root, "packages", d, "openapi.yaml"), join(work, "packages", d, "openapi.yaml"));
    }
    // The changelog generator the config names is resolved from the workspace's node_modules.
    symlinkSync(join(root, "node_modules"), join(work, "node_modules"), "dir");
    run(join(root, "node_modules", ".bin", "changeset"), ["version"], work);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(dirs)("packages/%s: its CHANGELOG holds its own notes only, and ships with LICENSE", (dir) => {
    const name = `@userbridge/${dir}`;
    const changelog = readFileSync(join(work, "packages", dir, "CHANGELOG.md"), "utf8");
    expect(changelog.startsWith(`# ${name}\n`)).toBe(true);
    const own = changesets.filter((c) => c.packages.includes(name));
    for (const c of own) expect(changelog).toContain(c.summary.trim().split("\n")[0]);
    // Other packages appear only in the "Updated dependencies" list (`  - @userbridge/x@1.2.3`).
    const notes = changelog.replace(/^\s+- @userbridge\/[a-z-]+@\S+$/gm, "").replace(/^# .*$/m, "");
    expect(notes.match(/@userbridge\/[a-z-]+/g) ?? []).toEqual([]);
    for (const other of changesets.filter((c) => !c.packages.includes(name)))
      expect(changelog).not.toContain(other.summary.trim().split("\n")[0]);

    const out = run("pnpm", ["pack", "--pack-destination", work], join(work, "packages", dir));
    const tarball = out.trim().split("\n").pop()?.trim() ?? "";
    const files = run("tar", ["tzf", tarball.startsWith("/") ? tarball : join(work, tarball)], work).split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/CHANGELOG.md", "package/LICENSE"]));
  });
});
