/**
 * Every ```ts block of the READMEs (root and packages/*) type-checks against the workspace's
 * sources, with the directives of scripts/readme-examples.ts (README "Working on userbridge").
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  exampleModules,
  extractExamples,
  format,
  type Problem,
  readmeFiles,
  root,
  typeCheck,
} from "./readme-examples.js";

const readmes = readmeFiles();
const examples = readmes.flatMap((file) => extractExamples(file, readFileSync(join(root, file), "utf8")));

describe("README examples", () => {
  let problems: Problem[] = [];
  beforeAll(() => {
    problems = typeCheck(exampleModules(examples));
  }, 60_000);

  it("finds the TypeScript blocks of the READMEs", () => {
    expect(readmes).toContain("README.md");
    expect(examples.filter((e) => !e.skip).length).toBeGreaterThan(readmes.length);
  });

  it.each(readmes)("%s: every ts block compiles", (file) => {
    expect(problems.filter((p) => p.file === file).map(format)).toEqual([]);
  });

  it("has no problem outside a README block", () => {
    expect(problems.filter((p) => !readmes.includes(p.file)).map(format)).toEqual([]);
  });
});

describe("the example directives", () => {
  const readme = [
    "# A README", // 1
    "",
    "<!-- example: declare const token: string; -->",
    "```ts",
    'import { createClient } from "@userbridge/snipe-it";', // 5
    'const client = createClient({ baseUrl: "https://assets.example.com", token });',
    "```",
    "",
    "<!-- example: continues -->",
    "```ts", // 10
    "const n: number = client;",
    "```",
    "<!-- example: skip, pseudo-code -->",
    "```ts",
    "this is not TypeScript", // 15
    "```",
    "```typescript",
    "client;",
    "```",
  ].join("\n");

  it("declare names, continue a block, skip one, and report each error at its README line", () => {
    const found = extractExamples("A.md", readme);
    expect(found.map((e) => [e.line, e.skip, e.continues])).toEqual([
      [5, false, false],
      [11, false, true],
      [15, true, false],
      [18, false, false],
    ]);
    const problems = typeCheck(exampleModules(found), "readme-examples-selftest").map(format);
    expect(problems).toEqual([
      expect.stringMatching(/^A\.md:11: TS2322: Type .* is not assignable to type 'number'/),
      "A.md:18: TS2304: Cannot find name 'client'.",
    ]);
  });
});
