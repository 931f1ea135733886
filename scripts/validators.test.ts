/**
 * Differential test: core's schemaValidator (which runs the generated schema data) must reach the
 * same verdict as Ajv (draft-07, how Prism validates) on every request schema of every spec, for
 * random bodies built from each schema's own field names and a pool of typed values.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Validator } from "../packages/core/src/index.js";
import { FORMATS as SCHEMA_FORMATS } from "../packages/core/src/schema.js";

const root = resolve(import.meta.dirname, "..");
const vendors = readdirSync(join(root, "specs"))
  .filter((f) => f.endsWith(".yaml") && !f.startsWith("."))
  .map((f) => f.replace(/\.yaml$/, ""));

type Json = Record<string, unknown>;
// The same format expressions as the interpreter: this test is about schema semantics, and Ajv
// ignores the formats that only annotate (password, int32, int64).
const FORMATS = { ...SCHEMA_FORMATS, password: true, int32: true, int64: true };

/** Every property name that appears anywhere in a spec: the keys random bodies are built from. */
function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) propertyNames(n, into);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "properties" && v && typeof v === "object") for (const p of Object.keys(v)) into.add(p);
      propertyNames(v, into);
    }
  }
  return into;
}

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "",
    "ada@example.com",
    "not-an-email",
    "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a",
    "64b7f0c2a1d3e4f5a6b7c8d9",
    "2024-02-30",
    "active",
    "Active",
    "male",
    "password",
    "x".repeat(200),
    "é😀",
  ),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0, 1, 2, 3, 4, 2147483648, 1.5, -0),
  fc.boolean(),
  fc.constant(null),
);

describe.each(vendors)("%s: generated validators agree with Ajv", (vendor) => {
  it("on random bodies and parameters", async () => {
    const spec = parse(readFileSync(join(root, "specs", `${vendor}.yaml`), "utf8")) as Json;
    const generated = (await import(`../packages/${vendor}/src/generated/validate.js`)) as Record<string, Validator>;
    const ajv = new Ajv({ allErrors: true, strict: false, formats: FORMATS, logger: false });
    ajv.addSchema({ ...spec, $id: "https://userbridge.invalid/spec.json" });
    const pascal = (s: string) => s.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());
    const pairs: [string, Validator, (d: unknown) => boolean, unknown[]][] = [];
    for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(item)) {
        const o = op as Json;
        if (typeof o?.operationId !== "string" || !o.requestBody) continue;
        let body = o.requestBody as Json;
        let base = `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}/requestBody`;
        if (typeof body.$ref === "string") {
          base = body.$ref;
          body = body.$ref
            .slice(2)
            .split("/")
            .reduce((n: Json, k) => n[k] as Json, spec);
        }
        const media = Object.keys(body.content as Json).find((m) => m.includes("json") || m.includes("form"));
        if (!media) continue;
        // The documented request examples: valid seeds that random edits then break (or not).
        const content = (body.content as Json)[media] as Json;
        const seeds = [
          ...(content.example !== undefined ? [content.example] : []),
          ...Object.values((content.examples ?? {}) as Record<string, { value?: unknown }>).map((e) => e.value),
        ].filter((x) => x !== undefined);
        const ref = `https://userbridge.invalid/spec.json${encodeURI(`${base}/content/${media.replace(/\//g, "~1")}/schema`)}`;
        const check = ajv.compile({ $ref: ref });
        const name = `validate${pascal(o.operationId)}Body`;
        if (generated[name]) pairs.push([name, generated[name], (d) => check(d) as boolean, seeds]);
      }
    }
    expect(pairs.length).toBeGreaterThan(0);
    const keys = [...propertyNames(spec.components), "unknown_field"];
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...keys), tie("v"), { maxKeys: 3 }),
      ),
    })).v;
    let valid = 0;
    for (const [name, ours, theirs, seeds] of pairs) {
      const edited = seeds.length
        ? [
            fc.constantFrom(...seeds),
            fc
              .tuple(fc.constantFrom(...seeds), fc.constantFrom(...keys), value)
              .map(([seed, k, v]) => (seed && typeof seed === "object" ? { ...seed, [k]: v } : seed)),
          ]
        : [];
      const body = fc.oneof(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 }), value, ...edited);
      fc.assert(
        fc.property(body, (data) => {
          const verdict = ours(data);
          if (verdict) valid++;
          expect({ name, data, verdict }).toEqual({ name, data, verdict: theirs(data) });
        }),
        { numRuns: 400 },
      );
    }
    expect(valid).toBeGreaterThan(0);
  });
});
