/**
 * A compact JSON Schema (draft-07 subset) validator for our generated request checks.
 *
 * Why not Ajv's standalone code: for a wide body (Nexudus' 57-field record) the compiled code is
 * ~2.5 kB min+gzip per package, on top of the schema data Ajv embeds anyway, which breaks the
 * 3 kB per-package budget. Here the generator ships the schema as data (what Ajv embedded anyway)
 * and this one interpreter, shared by every vendor, walks it. Errors have Ajv's shape
 * (`instancePath`, `keyword`, `params`), and a differential test holds it to Ajv's verdicts.
 *
 * Supported: type, enum, const, format, pattern, minLength/maxLength (code points, as Prism),
 * minimum/maximum/exclusive*, multipleOf, minItems/maxItems, uniqueItems, items,
 * minProperties/maxProperties, required, properties, additionalProperties, oneOf, anyOf, allOf,
 * not, and local `$ref`s. The generator refuses a spec that uses anything else.
 */
import { deepEqual as equal } from "./equal.js";
import { MAX_ISSUES } from "./errors.js";
import type { Validator, ValidatorError } from "./validation.js";

/** A JSON Schema (draft 2020-12 subset, see {@link SUPPORTED_KEYWORDS}) as plain data. */
export type Schema = boolean | { [keyword: string]: unknown };
/** Named schemas that `$ref: "#/components/schemas/<name>"` points at. */
export type SchemaDefs = Record<string, Schema>;

/** The JSON Schema keywords {@link schemaValidator} checks; `pnpm generate` refuses a request schema that uses any other. */
export const SUPPORTED_KEYWORDS = [
  "type",
  "enum",
  "const",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "uniqueItems",
  "items",
  "minProperties",
  "maxProperties",
  "required",
  "properties",
  "additionalProperties",
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "$ref",
];

/** Formats, as Prism checks them (ajv-formats "full" email; the others as in ajv-formats). */
export const FORMATS: Record<string, RegExp> = {
  email:
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i,
  uuid: /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i,
  date: /^\d\d\d\d-[0-1]\d-[0-3]\d$/,
  "date-time":
    /^\d\d\d\d-[0-1]\d-[0-3]\d[t\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i,
  uri: /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i,
};

const patterns = new Map<string, RegExp>();
const regex = (source: string) => {
  let r = patterns.get(source);
  if (!r) {
    r = new RegExp(source, "u");
    patterns.set(source, r);
  }
  return r;
};

function typeOf(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

/** The numeric bounds, in the order they are reported: keyword, comparison, and whether a value meets it. */
const BOUNDS: [string, string, (value: number, limit: number) => boolean][] = [
  ["maximum", "<=", (v, l) => v <= l],
  ["minimum", ">=", (v, l) => v >= l],
  ["exclusiveMaximum", "<", (v, l) => v < l],
  ["exclusiveMinimum", ">", (v, l) => v > l],
];

const pointer = (key: string | number) => `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

/** Validates `data` against `schema`, pushing Ajv-shaped errors (allErrors mode) into `out`. */
function check(defs: SchemaDefs, schema: Schema, data: unknown, path: string, out: ValidatorError[]): void {
  if (schema === true) return;
  if (schema === false) {
    out.push({ instancePath: path, keyword: "false schema", params: {} });
    return;
  }
  const s = schema as Record<string, unknown>;
  const fail = (keyword: string, params: Record<string, unknown> = {}) =>
    out.push({ instancePath: path, keyword, params });
  /** `min<What>` and `max<What>`: the data's size (length, items, properties) within the schema's limits. */
  const size = (what: string, n: number) => {
    for (const keyword of [`min${what}`, `max${what}`]) {
      const limit = s[keyword];
      if (typeof limit === "number" && (keyword.startsWith("min") ? n < limit : n > limit)) fail(keyword, { limit });
    }
  };

  if (typeof s.$ref === "string") {
    const name = s.$ref.replace(/^#\/components\/schemas\//, "");
    const target = defs[name];
    if (target === undefined) throw new Error(`unresolved $ref ${s.$ref}`);
    check(defs, target, data, path, out);
    return; // draft-07: keywords beside $ref are ignored
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeOf(data, t))) {
      fail("type", { type: types.join(",") });
      return; // like Ajv: a wrong type is reported alone
    }
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((v) => equal(v, data)))
    fail("enum", { allowedValues: s.enum });
  if ("const" in s && !equal(s.const, data)) fail("const", { allowedValue: s.const });

  if (typeof data === "string") {
    if (s.minLength !== undefined || s.maxLength !== undefined) {
      const length = [...data].length; // code points, as JSON Schema counts
      size("Length", length);
    }
    if (typeof s.pattern === "string" && !regex(s.pattern).test(data)) fail("pattern", { pattern: s.pattern });
    const format = typeof s.format === "string" ? FORMATS[s.format] : undefined;
    if (format && !format.test(data)) fail("format", { format: s.format });
  }
  if (typeof data === "number") {
    for (const [keyword, comparison, holds] of BOUNDS) {
      const limit = s[keyword];
      if (typeof limit === "number" && !holds(data, limit)) fail(keyword, { comparison, limit });
    }
    if (typeof s.multipleOf === "number" && !Number.isInteger(data / s.multipleOf))
      fail("multipleOf", { multipleOf: s.multipleOf });
  }
  if (Array.isArray(data)) {
    size("Items", data.length);
    if (s.uniqueItems === true) {
      for (let i = data.length - 1; i > 0; i--) {
        const j = data.findIndex((v, k) => k < i && equal(v, data[i]));
        if (j >= 0) {
          fail("uniqueItems", { i, j });
          break;
        }
      }
    }
    if (s.items !== undefined && !Array.isArray(s.items)) {
      // A huge invalid list stops at MAX_ISSUES failing items: one error says there are more.
      const before = out.length;
      for (let i = 0; i < data.length; i++) {
        const full = out.length - before >= MAX_ISSUES;
        const into: ValidatorError[] = full ? [] : out;
        check(defs, s.items as Schema, data[i], path + pointer(i), into);
        if (full && into.length > 0) {
          fail("truncated", { listed: MAX_ISSUES });
          break;
        }
      }
    }
  }
  if (typeOf(data, "object")) {
    const obj = data as Record<string, unknown>;
    const keys = Object.keys(obj);
    size("Properties", keys.length);
    for (const name of (s.required as string[] | undefined) ?? []) {
      if (obj[name] === undefined) fail("required", { missingProperty: name });
    }
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of keys) {
      if (Object.hasOwn(props, key)) {
        if (obj[key] !== undefined) check(defs, props[key] as Schema, obj[key], path + pointer(key), out);
      } else if (s.additionalProperties === false) {
        fail("additionalProperties", { additionalProperty: key });
      } else if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
        check(defs, s.additionalProperties as Schema, obj[key], path + pointer(key), out);
      }
    }
  }
  for (const sub of (s.allOf as Schema[] | undefined) ?? []) check(defs, sub, data, path, out);
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = s[keyword] as Schema[] | undefined;
    if (!branches) continue;
    const errors: ValidatorError[] = [];
    let passing = 0;
    for (const branch of branches) {
      const before = errors.length;
      check(defs, branch, data, path, errors);
      if (errors.length === before) passing++;
    }
    if (keyword === "anyOf" ? passing === 0 : passing !== 1) {
      if (passing === 0) for (const e of errors) out.push(e);
      fail(keyword, keyword === "oneOf" ? { passingSchemas: passing } : {});
    }
  }
  if (s.not !== undefined) {
    const errors: ValidatorError[] = [];
    check(defs, s.not as Schema, data, path, errors);
    if (errors.length === 0) fail("not");
  }
}

/** A validator for `schema` (which may `$ref` into `defs`), in the shape our generated code exports. */
export function schemaValidator(schema: Schema, defs: SchemaDefs = {}): Validator {
  const validate: Validator = (data: unknown) => {
    const errors: ValidatorError[] = [];
    check(defs, schema, data, "", errors);
    validate.errors = errors.length ? errors : null;
    return errors.length === 0;
  };
  validate.errors = null;
  return validate;
}
