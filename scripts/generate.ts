/**
 * Generates, for every spec in specs/ (or the vendor packages named on the command line):
 *   packages/<vendor>/src/generated/schema.ts    types (openapi-typescript)
 *   packages/<vendor>/src/generated/validate.js  request validators (schema data for core's schemaValidator)
 *   packages/<vendor>/src/generated/validate.d.ts
 *   packages/<vendor>/src/generated/meta.ts       package name/version and the spec's version
 *   packages/<vendor>/openapi.yaml                the spec, shipped in the package
 * `--check` writes nothing and exits 1 when any of them is stale.
 *
 * Usage: tsx scripts/generate.ts [--check] [vendor | --package <dir>]...
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";
import { SUPPORTED_KEYWORDS } from "../packages/core/src/schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specsDir = join(root, "specs");

type Json = Record<string, unknown>;
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

const pascal = (s: string) => s.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** Keywords that only annotate: dropped from the shipped schema data. */
const ANNOTATIONS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "deprecated",
  "default",
  "readOnly",
  "writeOnly",
  "discriminator",
  "xml",
]);
const SCHEMA_REF = "#/components/schemas/";

function lookup(spec: Json, ref: string): unknown {
  let cur: unknown = spec;
  for (const t of ref.replace(/^#\//, "").split("/")) cur = (cur as Json)[t.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (cur === undefined) throw new Error(`unresolved $ref ${ref}`);
  return cur;
}

/**
 * The schema as data for core's `schemaValidator`: annotations dropped, refs to component schemas
 * kept (and collected into `defs`), any other ref inlined. Refuses keywords core cannot check.
 */
function prepare(spec: Json, node: unknown, defs: Map<string, unknown>, where: string): unknown {
  if (Array.isArray(node)) return node.map((n) => prepare(spec, n, defs, where));
  if (!node || typeof node !== "object") return node;
  const obj = node as Json;
  if (typeof obj.$ref === "string") {
    if (!obj.$ref.startsWith(SCHEMA_REF)) return prepare(spec, lookup(spec, obj.$ref), defs, obj.$ref);
    const name = obj.$ref.slice(SCHEMA_REF.length);
    if (!defs.has(name)) {
      defs.set(name, true); // placeholder: breaks cycles
      defs.set(name, prepare(spec, lookup(spec, obj.$ref), defs, obj.$ref));
    }
    return { $ref: obj.$ref };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (ANNOTATIONS.has(k) || k.startsWith("x-")) continue;
    if (!SUPPORTED_KEYWORDS.includes(k))
      throw new Error(`${where}: keyword "${k}" is not supported by core's schemaValidator`);
    if (k === "properties") {
      out[k] = Object.fromEntries(
        Object.entries(v as Json).map(([p, sub]) => [p, prepare(spec, sub, defs, `${where}/${p}`)]),
      );
    } else if (k === "enum" || k === "const" || k === "required") {
      out[k] = v;
    } else {
      out[k] = prepare(spec, v, defs, where);
    }
  }
  return out;
}

function validators(spec: Json, specName: string): { js: string; dts: string } {
  const defs = new Map<string, unknown>();
  const entries: [string, unknown][] = [];
  const paths = (spec.paths ?? {}) as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters ?? []) as Json[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op || typeof op.operationId !== "string") continue;
      const name = pascal(op.operationId);
      const where = `${method.toUpperCase()} ${path}`;
      // Path and query parameters, as one object.
      const params = [...shared, ...((op.parameters ?? []) as Json[])]
        .map((p) => (typeof p.$ref === "string" ? (lookup(spec, p.$ref) as Json) : p))
        .filter((p) => p.in === "path" || p.in === "query");
      if (params.length > 0) {
        const properties: Json = {};
        const required: string[] = [];
        for (const p of params) {
          properties[p.name as string] = prepare(spec, p.schema ?? {}, defs, `${where} ${p.name}`);
          if (p.required) required.push(p.name as string);
        }
        entries.push([`validate${name}Params`, { type: "object", properties, required, additionalProperties: false }]);
      }
      // The request body (JSON or form).
      if (op.requestBody) {
        const body = (
          typeof (op.requestBody as Json).$ref === "string"
            ? lookup(spec, (op.requestBody as Json).$ref as string)
            : op.requestBody
        ) as Json;
        const content = (body.content ?? {}) as Json;
        const media = Object.keys(content).find((m) => m.includes("json") || m.includes("form-urlencoded"));
        if (media)
          entries.push([
            `validate${name}Body`,
            prepare(spec, (content[media] as Json).schema ?? {}, defs, `${where} body`),
          ]);
      }
    }
  }
  const header = `// Generated by scripts/generate.ts from specs/${specName}. DO NOT EDIT.`;
  // One const per named schema, and each validator gets only the ones it reaches, so that a
  // bundler drops the schemas of validators an app never calls.
  const ident = (name: string) => `s_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const reach = (schema: unknown, into = new Set<string>()): Set<string> => {
    for (const m of JSON.stringify(schema).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      const name = m[1] as string;
      if (!into.has(name)) {
        into.add(name);
        reach(defs.get(name), into);
      }
    }
    return into;
  };
  const names = [...defs.keys()].sort();
  const js = [
    header,
    "// The request schemas as data (annotations dropped), checked by @userbridge/core/internal's schemaValidator.",
    `import { schemaValidator } from "@userbridge/core/internal";`,
    ...names.map((n) => `const ${ident(n)} = ${JSON.stringify(defs.get(n))};`),
    ...entries.map(([n, schema]) => {
      const used = [...reach(schema)].sort().map((d) => `${JSON.stringify(d)}: ${ident(d)}`);
      return `export const ${n} = /* @__PURE__ */ schemaValidator(${JSON.stringify(schema)}, { ${used.join(", ")} });`;
    }),
    "",
  ].join("\n");
  const dts = [
    header,
    `import type { Validator } from "@userbridge/core/internal";`,
    ...entries
      .map(([n]) => n)
      .sort()
      .map((n) => `export declare const ${n}: Validator;`),
    "",
  ].join("\n");
  return { js, dts };
}

async function outputsFor(vendor: string): Promise<Map<string, string>> {
  const specFile = join(specsDir, `${vendor}.yaml`);
  const text = readFileSync(specFile, "utf8");
  const spec = parse(text) as Json;
  const pkgDir = join(root, "packages", vendor);
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { name: string; version: string };
  const info = spec.info as Json;
  const header = `// Generated by scripts/generate.ts from specs/${vendor}.yaml. DO NOT EDIT.\n`;
  const ast = await openapiTS(spec as never, { alphabetize: false, exportType: false });
  const { js, dts } = validators(spec, `${vendor}.yaml`);
  const meta = [
    header.trimEnd(),
    `export const PACKAGE_NAME = ${JSON.stringify(pkg.name)};`,
    `export const PACKAGE_VERSION = ${JSON.stringify(pkg.version)};`,
    `/** The version of specs/${vendor}.yaml these files were generated from. */`,
    `export const SPEC_VERSION = ${JSON.stringify(String(info.version))};`,
    "",
  ].join("\n");
  const gen = join(pkgDir, "src", "generated");
  return new Map([
    [join(gen, "schema.ts"), header + astToString(ast)],
    [join(gen, "validate.js"), js],
    [join(gen, "validate.d.ts"), dts],
    [join(gen, "meta.ts"), meta],
    [
      join(gen, "README.md"),
      `# DO NOT EDIT\n\nEverything in this folder is generated from \`specs/${vendor}.yaml\` by \`pnpm generate\`.\nCI fails when it is stale (\`pnpm generate --check\`).\n`,
    ],
    [join(pkgDir, "openapi.yaml"), text],
  ]);
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const named: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--check") continue;
    if (args[i] === "--package") named.push(basename(resolve(args[++i] ?? ".")));
    else named.push(args[i] as string);
  }
  const all = readdirSync(specsDir)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("."))
    .map((f) => f.replace(/\.yaml$/, ""));
  const vendors = (named.length ? named : all).filter((v) => {
    const ok = existsSync(join(root, "packages", v, "package.json"));
    if (!ok && named.length === 0) console.warn(`generate: specs/${v}.yaml has no package yet (packages/${v})`);
    return ok;
  });
  const stale: string[] = [];
  for (const vendor of vendors) {
    for (const [file, content] of await outputsFor(vendor)) {
      const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
      if (current === content) continue;
      if (check) stale.push(file.slice(root.length + 1));
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
  }
  if (check && stale.length) {
    console.error(`Generated files are stale; run \`pnpm generate\`:\n${stale.map((f) => `  ${f}`).join("\n")}`);
    process.exit(1);
  }
  console.log(`generate: ${check ? "checked" : "wrote"} ${vendors.join(", ") || "nothing"}`);
}

await main();
