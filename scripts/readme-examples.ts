/**
 * README examples as code: every ```ts block of the READMEs becomes a module that is type-checked
 * (scripts/readme-examples.test.ts) against the workspace's sources, so an example cannot rot.
 *
 * Convention (README "Working on userbridge"): an HTML comment right before a block (blank lines
 * allowed in between) adjusts it:
 * - `<!-- example: declare const token: string; -->` — TypeScript put before the block: declare
 *   the names the example takes as given;
 * - `<!-- example: continues -->` — the block goes on from the previous ts block of the same README
 *   (one module: it uses that block's imports and names); `continues; declare …` adds declarations;
 * - `<!-- example: skip, reason -->` — not checked (say why).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";

export const root = resolve(import.meta.dirname, "..");

export interface Example {
  /** README path relative to the repository root. */
  file: string;
  /** 1-based line of the block's first code line. */
  line: number;
  code: string;
  /** TypeScript the directive puts before the block, and the README line it is on. */
  prelude: string;
  preludeLine: number;
  skip: boolean;
  continues: boolean;
}

/** The repository's READMEs: the root one and each package's. */
export function readmeFiles(dir = root): string[] {
  const packages = join(dir, "packages");
  const inPackages = existsSync(packages)
    ? readdirSync(packages)
        .map((p) => join("packages", p, "README.md"))
        .filter((f) => existsSync(join(dir, f)))
    : [];
  return [...(existsSync(join(dir, "README.md")) ? ["README.md"] : []), ...inPackages.sort()];
}

const FENCE_OPEN = /^\s*```(?:ts|typescript)\s*$/;
const FENCE_CLOSE = /^\s*```\s*$/;

export function extractExamples(file: string, text: string): Example[] {
  const lines = text.split(/\r?\n/);
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE_OPEN.test(lines[i] as string)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !FENCE_CLOSE.test(lines[end] as string)) end++;
    const directive = directiveBefore(lines, i);
    examples.push({ file, line: start + 1, code: lines.slice(start, end).join("\n"), ...directive });
    i = end;
  }
  return examples;
}

/** Reads the `<!-- example: ... -->` comment ending on the last non-blank line before a fence. */
function directiveBefore(lines: string[], fence: number) {
  const none = { prelude: "", preludeLine: 0, skip: false, continues: false };
  let last = fence - 1;
  while (last >= 0 && (lines[last] as string).trim() === "") last--;
  if (last < 0 || !(lines[last] as string).trimEnd().endsWith("-->")) return none;
  let first = last;
  while (first > 0 && !(lines[first] as string).includes("<!--")) first--;
  const comment = lines.slice(first, last + 1).join("\n");
  const match = /<!--\s*example:([\s\S]*?)-->\s*$/.exec(comment);
  if (!match) return none;
  const body = (match[1] as string).trim();
  const flag = /^(skip|continues)\b[;,]?\s*/.exec(body);
  const kind = flag?.[1];
  return {
    prelude: kind === "skip" ? "" : body.slice(flag?.[0].length ?? 0),
    preludeLine: first + 1,
    skip: kind === "skip",
    continues: kind === "continues",
  };
}

/** One module to check: its lines, and where each came from in a README. */
export interface ExampleModule {
  name: string;
  text: string;
  origin: { file: string; line: number }[];
  first: Example;
}

/** Groups the examples into modules (a `continues` block joins the previous one of its README). */
export function exampleModules(examples: Example[]): ExampleModule[] {
  const modules: ExampleModule[] = [];
  let previous: { file: string; module: ExampleModule | undefined } = { file: "", module: undefined };
  for (const example of examples) {
    if (example.skip) continue;
    let module = example.continues && previous.file === example.file ? previous.module : undefined;
    if (!module) {
      const name = `${example.file.replace(/[^A-Za-z0-9]+/g, "-")}-L${example.line}.ts`;
      module = { name, text: "", origin: [], first: example };
      modules.push(module);
    }
    const add = (text: string, line: number, step: number) =>
      text.split("\n").forEach((l, k) => {
        module.text += `${l}\n`;
        module.origin.push({ file: example.file, line: line + k * step });
      });
    if (example.prelude) add(example.prelude, example.preludeLine, 0);
    add(example.code, example.line, 1);
    previous = { file: example.file, module };
  }
  // Top-level await needs a module; the README blocks need not say so.
  for (const module of modules) module.text += "export {};\n";
  return modules;
}

/** Path mappings onto the packages' sources, as in vitest.config.ts: no build needed. */
function paths(dir: string): Record<string, string[]> {
  const mapped: Record<string, string[]> = {
    "@userbridge/unified/*": [join(dir, "packages/unified/src/adapters/*.ts")],
    "@userbridge/bulk/redis": [join(dir, "packages/bulk/src/redis.ts")],
  };
  for (const pkg of readdirSync(join(dir, "packages"))) {
    mapped[`@userbridge/${pkg}`] = [join(dir, "packages", pkg, "src/index.ts")];
    mapped[`@userbridge/${pkg}/mock`] = [join(dir, "packages", pkg, "src/mock.ts")];
    mapped[`@userbridge/${pkg}/node`] = [join(dir, "packages", pkg, "src/node.ts")];
    mapped[`@userbridge/${pkg}/postgres`] = [join(dir, "packages", pkg, "src/postgres.ts")];
  }
  return mapped;
}

let previous: ts.Program | undefined;

export interface Problem {
  file: string;
  line: number;
  message: string;
}

/**
 * Writes the modules to `.tmp/<outDir>/` (inside the workspace, so node_modules resolve)
 * and type-checks them in one program; returns each problem at its README line.
 */
export function typeCheck(modules: ExampleModule[], outDir = "readme-examples"): Problem[] {
  const dir = root;
  const out = join(dir, ".tmp", outDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const byPath = new Map<string, ExampleModule>();
  for (const module of modules) {
    const path = join(out, module.name);
    writeFileSync(path, module.text);
    byPath.set(resolve(path), module);
  }
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(
    { ...base, compilerOptions: { ...base.compilerOptions, paths: paths(dir) } },
    ts.sys,
    root,
  );
  // The previous program (if any) lends its parsed package sources to this one.
  const program = ts.createProgram([...byPath.keys()], { ...options, noEmit: true }, undefined, previous);
  previous = program;
  // Only the examples are checked: a package's own sources are its typecheck task's business.
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[...byPath.keys()].flatMap((path) => {
      const source = program.getSourceFile(path);
      return source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
    }),
  ];
  return diagnostics.flatMap((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const module = d.file && byPath.get(resolve(d.file.fileName));
    if (!d.file || d.start === undefined) return [{ file: "(program)", line: 0, message }];
    if (!module) return [{ file: d.file.fileName, line: 0, message }];
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const origin = module.origin[Math.min(line, module.origin.length - 1)] ?? { file: module.first.file, line: 0 };
    return [{ ...origin, message: `TS${d.code}: ${message}` }];
  });
}

export const format = (p: Problem) => `${p.file}:${p.line}: ${p.message}`;
