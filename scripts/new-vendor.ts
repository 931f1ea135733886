/**
 * `pnpm new-vendor <name> [--title "Display Name"] [--no-install]`: scaffolds a vendor in the shape of
 * the existing ones (see docs/adding-a-vendor.md):
 *   specs/<name>.yaml                         a minimal valid OpenAPI 3.1 (getUser, updateUser) with TODO evidence
 *   packages/<name>/                          client, users, quirks, mock, simulator, README, contract + simulator tests
 *   packages/unified/src/adapters/<name>.ts   the facade adapter
 * and registers it where the repo lists vendors by hand: the facade's package.json (subpath export,
 * dependency), connectVendor's name table, the root package.json and README. Everything else
 * (generate, Prism setup, vitest aliases, size budgets, bundle and packaging tests, TypeDoc) finds
 * packages by listing the folders. Then it formats the files, runs `pnpm install --offline` and
 * `pnpm generate <name>`. Templates: scripts/new-vendor/templates/ (`*.tmpl`, placeholders `__name__`,
 * `__Title__`, `__Pascal__`, `__camel__`, `__ENV__`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), "new-vendor", "templates");

/** The spellings of one vendor name that the templates use. */
export interface VendorNames {
  /** kebab-case: the package folder, the spec file, the facade subpath (`acme-hr`). */
  name: string;
  /** For prose (`Acme Hr`, or `--title`). */
  Title: string;
  /** For types (`AcmeHr`). */
  Pascal: string;
  /** For the adapter factory (`acmeHr`). */
  camel: string;
  /** For environment variables (`ACME_HR`). */
  ENV: string;
}

/** Every spelling of `name`; throws TypeError unless it is lower-case kebab-case starting with a letter. */
export function vendorNames(name: string, title?: string): VendorNames {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new TypeError(`vendor name must be lower-case kebab-case (e.g. "acme-hr"), got ${JSON.stringify(name)}`);
  }
  const words = name.split("-");
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const Pascal = words.map(cap).join("");
  return {
    name,
    Title: title ?? words.map(cap).join(" "),
    Pascal,
    camel: Pascal.charAt(0).toLowerCase() + Pascal.slice(1),
    ENV: words.join("_").toUpperCase(),
  };
}

function render(text: string, n: VendorNames): string {
  return text
    .replaceAll("__name__", n.name)
    .replaceAll("__Title__", n.Title)
    .replaceAll("__Pascal__", n.Pascal)
    .replaceAll("__camel__", n.camel)
    .replaceAll("__ENV__", n.ENV);
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templateFiles(path) : [path];
  });
}

const sortKeys = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Inserts `line` as the last member of the block that starts with `opening` and ends at the first `closing` line. */
function appendToBlock(text: string, opening: string, closing: string, line: string, file: string): string {
  const start = text.indexOf(opening);
  const end = start < 0 ? -1 : text.indexOf(`\n${closing}\n`, start);
  if (end < 0) throw new Error(`${file}: cannot find the block \`${opening.trim()}\` to register the vendor in`);
  return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
}

/** The files a scaffold creates and the new content of the files it edits; nothing is written. */
export interface ScaffoldPlan {
  names: VendorNames;
  /** path relative to the repo root → content */
  created: Map<string, string>;
  /** path relative to the repo root → new content */
  edited: Map<string, string>;
}

/** Computes the scaffold of vendor `name` in the repo at `root`. Throws if the vendor already exists. */
export function planScaffold(root: string, name: string, title?: string): ScaffoldPlan {
  const n = vendorNames(name, title);
  for (const taken of [`packages/${name}`, `specs/${name}.yaml`, `packages/unified/src/adapters/${name}.ts`]) {
    if (existsSync(join(root, taken))) throw new Error(`${taken} already exists`);
  }
  const created = new Map<string, string>();
  for (const file of templateFiles(TEMPLATES)) {
    const rel = relative(TEMPLATES, file).replace(/\.tmpl$/, "");
    const target =
      rel === "spec.yaml"
        ? `specs/${name}.yaml`
        : rel === "adapter.ts"
          ? `packages/unified/src/adapters/${name}.ts`
          : `packages/${name}/${rel.replace(/^package\//, "")}`;
    created.set(target, render(readFileSync(file, "utf8"), n));
  }
  created.set(
    `.changeset/${name}-client.md`,
    `---\n"@userbridge/${name}": minor\n"@userbridge/unified": minor\n---\n\nNew: @userbridge/${name}, a typed ${n.Title} user client, and its adapter \`@userbridge/unified/${name}\`.\n`,
  );

  const read = (rel: string) => readFileSync(join(root, rel), "utf8");
  const edited = new Map<string, string>();

  // The facade: a subpath per adapter, a dependency on the vendor package.
  const unified = JSON.parse(read("packages/unified/package.json"));
  const { "./package.json": pkgJson, ...subpaths } = unified.exports;
  const dist = (ext: string) => `./dist/${name}.${ext}`;
  unified.exports = {
    ...subpaths,
    [`./${name}`]: {
      import: { types: dist("d.ts"), default: dist("js") },
      require: { types: dist("d.cts"), default: dist("cjs") },
    },
    "./package.json": pkgJson,
  };
  unified.dependencies = sortKeys({ ...unified.dependencies, [`@userbridge/${name}`]: "workspace:*" });
  if (Array.isArray(unified.keywords) && !unified.keywords.includes(name)) unified.keywords.push(name);
  edited.set("packages/unified/package.json", json(unified));

  // connectVendor's name → factory tables (types cannot be derived from the folder).
  const cvFile = "packages/unified/src/connect-vendor.ts";
  const key = /^[a-z][a-z0-9]*$/.test(name) ? name : JSON.stringify(name);
  let cv = read(cvFile);
  cv = appendToBlock(
    cv,
    "interface Factories {",
    "}",
    `  ${key}: typeof import("./adapters/${name}.js").${n.camel};`,
    cvFile,
  );
  cv = appendToBlock(cv, "const EXPORTS:", "};", `  ${key}: ${JSON.stringify(n.camel)},`, cvFile);
  edited.set(cvFile, cv);

  // The root workspace: a dev dependency (demo, bench) and a row in the README's package table.
  const rootPkg = JSON.parse(read("package.json"));
  rootPkg.devDependencies = sortKeys({ ...rootPkg.devDependencies, [`@userbridge/${name}`]: "workspace:*" });
  edited.set("package.json", json(rootPkg));
  const readme = read("README.md");
  const unifiedRow = readme.indexOf("| [`@userbridge/unified`]");
  if (unifiedRow >= 0) {
    const row = `| [\`@userbridge/${name}\`](packages/${name}) | ${n.Title}: \`PATCH /users/{id}\` (scaffolded: fill in specs/${name}.yaml) |\n`;
    edited.set("README.md", readme.slice(0, unifiedRow) + row + readme.slice(unifiedRow));
  }
  return { names: n, created, edited };
}

/** Writes a plan into `root`. */
export function writeScaffold(root: string, plan: ScaffoldPlan): void {
  for (const [rel, content] of [...plan.created, ...plan.edited]) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
}

function main(argv: string[]): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const titleAt = argv.indexOf("--title");
  const title = titleAt >= 0 ? argv[titleAt + 1] : undefined;
  const name = argv.find((a, i) => !a.startsWith("--") && i !== titleAt + 1);
  if (!name) {
    console.error('usage: pnpm new-vendor <name> [--title "Display Name"] [--no-install]');
    process.exit(2);
  }
  const plan = planScaffold(root, name, title);
  writeScaffold(root, plan);
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
  const code = [...plan.created.keys(), ...plan.edited.keys()].filter((f) => /\.(ts|json)$/.test(f));
  run(process.execPath, [join(root, "node_modules/@biomejs/biome/bin/biome"), "check", "--write", ...code]);
  if (!argv.includes("--no-install")) run("pnpm", ["install", "--offline"]);
  run(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/generate.ts", name]);
  console.log(`\nScaffolded ${name}:\n${[...plan.created.keys()].map((f) => `  + ${f}`).join("\n")}`);
  console.log(`${[...plan.edited.keys()].map((f) => `  ~ ${f}`).join("\n")}`);
  console.log(`\nNext: fill in specs/${name}.yaml (every TODO(new-vendor)), then \`pnpm generate\` and`);
  console.log(`\`PRISM_SPECS=${name} pnpm vitest run packages/${name}\`. See docs/adding-a-vendor.md.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
