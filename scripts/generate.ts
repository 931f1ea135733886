/**
 * Generates, for every spec in specs/ (or the vendor packages named on the command line):
 *   packages/<vendor>/src/generated/schema.ts    types (openapi-typescript)
 *   packages/<vendor>/src/generated/validate.js  request validators (Ajv standalone code)
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
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specsDir = join(root, "specs");

type Json = Record<string, unknown>;
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

// Draft-07 on purpose: it is how Prism validates 3.1 schemas, and its code is leaner.
/** Format checks as regular expressions, so the standalone code needs no runtime library. */
const FORMATS = {
  // ajv-formats' "full" email expression: the one Prism applies, so we refuse what Prism refuses.
  email:
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i,
  uuid: /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i,
  date: /^\d\d\d\d-[0-1]\d-[0-3]\d$/,
  "date-time":
    /^\d\d\d\d-[0-1]\d-[0-3]\d[t\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i,
  uri: /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i,
  password: true,
  int32: true,
  int64: true,
} as const;

const pascal = (s: string) => s.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());
const pointerToken = (s: string) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"));
const pointer = (...tokens: string[]) => `https://userbridge.invalid/spec.json#/${tokens.map(pointerToken).join("/")}`;

function deref(spec: Json, node: Json): { node: Json; at: string[] | undefined } {
  const ref = node.$ref;
  if (typeof ref !== "string") return { node, at: undefined };
  const at = ref
    .replace(/^#\//, "")
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur: unknown = spec;
  for (const t of at) cur = (cur as Json)[t];
  return { node: cur as Json, at };
}

/** Annotations do not validate; dropping them keeps them out of the shipped code. */
const ANNOTATIONS = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "deprecated"]);
function stripAnnotations(node: unknown, parentKey = ""): unknown {
  if (Array.isArray(node)) return node.map((n) => stripAnnotations(n));
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    // Keys under `properties` are field names, not keywords: keep them all.
    if (parentKey !== "properties" && (ANNOTATIONS.has(k) || k.startsWith("x-"))) continue;
    out[k] = stripAnnotations(v, k);
  }
  return out;
}

function validators(spec: Json, specName: string): { js: string; dts: string } {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    logger: false,
    unicode: false,
    messages: false, // @userbridge/core words the messages from keyword + params: smaller code
    formats: FORMATS,
    code: { source: true, esm: true },
  } as ConstructorParameters<typeof Ajv>[0]);
  ajv.addSchema({ ...(stripAnnotations(spec) as Json), $id: "https://userbridge.invalid/spec.json" });
  const exports: Record<string, string> = {};
  const paths = (spec.paths ?? {}) as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters ?? []) as Json[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op || typeof op.operationId !== "string") continue;
      const name = pascal(op.operationId);
      // Path and query parameters, as one object.
      const params = [
        ...shared.map((p, i) => ({ ...deref(spec, p), home: [path, "parameters", String(i)] })),
        ...((op.parameters ?? []) as Json[]).map((p, i) => ({
          ...deref(spec, p),
          home: [path, method, "parameters", String(i)],
        })),
      ].filter(({ node }) => node.in === "path" || node.in === "query");
      if (params.length > 0) {
        const id = `https://userbridge.invalid/params/${op.operationId}`;
        const properties: Json = {};
        const required: string[] = [];
        for (const { node, at, home } of params) {
          const base = at ?? ["paths", ...home];
          properties[node.name as string] = { $ref: pointer(...base, "schema") };
          if (node.required) required.push(node.name as string);
        }
        ajv.addSchema({ $id: id, type: "object", properties, required, additionalProperties: false });
        exports[`validate${name}Params`] = id;
      }
      // The request body (JSON or form).
      if (op.requestBody) {
        const { node: body, at } = deref(spec, op.requestBody as Json);
        const base = at ?? ["paths", path, method, "requestBody"];
        const content = (body.content ?? {}) as Json;
        const media = Object.keys(content).find((m) => m.includes("json") || m.includes("form-urlencoded"));
        if (media) {
          const id = `https://userbridge.invalid/body/${op.operationId}`;
          ajv.addSchema({ $id: id, $ref: pointer(...base, "content", media, "schema") });
          exports[`validate${name}Body`] = id;
        }
      }
    }
  }
  // schemaPath is part of Ajv's error objects but nothing reads it: drop it to ship less code.
  let js = standaloneCode(ajv, exports).replace(/schemaPath:"(?:[^"\\]|\\.)*",/g, "");
  if (/require\(/.test(js))
    throw new Error(`${specName}: the validators need a runtime library (${js.match(/require\([^)]*\)/)?.[0]})`);
  js = `// Generated by scripts/generate.ts from specs/${specName}. DO NOT EDIT.\n${js}\n`;
  const names = Object.keys(exports).sort();
  const dts = [
    `// Generated by scripts/generate.ts from specs/${specName}. DO NOT EDIT.`,
    `import type { Validator } from "@userbridge/core";`,
    ...names.map((n) => `export declare const ${n}: Validator;`),
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
