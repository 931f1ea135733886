/**
 * A small reimplementation of Laravel 11's validator (Illuminate\Validation\Validator), as
 * Snipe-IT's form requests and Watson's model validation use it, with Snipe-IT's messages
 * (resources/lang/en-US/validation.php at snipe/snipe-it@5aa5c48018):
 *
 * - every rule of every attribute is checked and every failure listed, in rule order (no `bail`);
 *   an attribute stops at its first failing *implicit* rule (`required…`), as Laravel's
 *   `shouldStopValidating` does;
 * - a non-implicit rule is skipped when the attribute is absent or an empty/whitespace string
 *   (`presentOrRuleIsImplicit`), or null with `nullable` (`isNotNullIfMarkedAsNullable`);
 * - `attr.*` rules expand over the items of an array (`groups.0`, `groups.1`, …);
 * - the attribute's name in messages is the key with `_` → space (no custom attribute names);
 *   `custom` messages (validation.php:204-209: `start_date.date_format`, `end_date.date_format`).
 */
import { intval, isNumericString, looseEquals } from "./php.js";

export type Data = Record<string, unknown>;
export type Errors = Record<string, string[]>;

/** A rule object (Laravel's ValidationRule): returns its failure message, or undefined. */
export type RuleObject = (value: unknown, attribute: string, data: Data) => string | undefined;
/** Laravel's rule spec: a `|`-separated string, or a list of rule strings and rule objects. */
export type RuleSpec = string | (string | RuleObject)[];

/** The lookups rules need from the simulated database. */
export interface RuleContext {
  /** `exists:table,column`: the value is in the table (soft-deleted rows included: a plain query). */
  exists(table: string, value: unknown): boolean;
  /** Snipe-IT's `unique_undeleted:table,id` (ValidationServiceProvider.php:67-84). */
  uniqueUndeleted(attribute: string, value: unknown, data: Data): boolean;
}

const IMPLICIT = new Set(["required", "required_unless", "required_if", "accepted", "present", "filled"]);
const NUMERIC_RULES = new Set(["numeric", "integer", "decimal"]);

/** validation.php:20-172 (the lines used here). */
const MESSAGES: Record<string, string> = {
  after_or_equal: "The :attribute field must be a date after or equal to :date.",
  boolean: "The :attribute field must be true or false.",
  confirmed: "The :attribute field confirmation does not match.",
  date_format: "The :attribute field must match the format :format.",
  email: "The :attribute field must be a valid email address.",
  exists: "The selected :attribute is invalid.",
  integer: "The :attribute field must be an integer.",
  "max.array": "The :attribute field must not have more than :max items.",
  "max.numeric": "The :attribute field must not be greater than :max.",
  "max.string": "The :attribute field must not be greater than :max characters.",
  "min.array": "The :attribute field must have at least :min items.",
  "min.numeric": "The :attribute field must be at least :min.",
  "min.string": "The :attribute field must be at least :min characters.",
  required: "The :attribute field is required.",
  required_unless: "The :attribute field is required unless :other is in :values.",
  string: "The :attribute must be a string.",
  unique_undeleted: "The :attribute must be unique.",
  url: "The :attribute field must be a valid URL.",
};

/** validation.php:204-209 ("custom"), matched through Arr::dot of the custom array. */
const CUSTOM: Record<string, string> = {
  "start_date.date_format": "The :attribute must be a valid date in YYYY-MM-DD format",
  "end_date.date_format": "The :attribute must be a valid date in YYYY-MM-DD format",
};

const displayName = (attribute: string) => attribute.replaceAll("_", " ");

// egulias RFCValidation (Laravel's default `email`), approximated: one unquoted @, no spaces,
// a dot-atom local part and a host of letters/digits/hyphens (a dotless host such as "localhost" passes).
const EMAIL =
  /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
// Laravel's validateUrl, approximated: a scheme, "://", and no whitespace.
const URL = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/i;

/** `DateTime::createFromFormat('!Y-m-d', v)` formatting back to `v`: a real calendar date. */
function isYmd(v: unknown): boolean {
  if (typeof v !== "string" && typeof v !== "number") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(v));
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === String(v);
}

const isInteger = (v: unknown): boolean =>
  v === true ||
  (typeof v === "number" && Number.isInteger(v)) ||
  (typeof v === "string" && /^\s*[+-]?(0|[1-9]\d*)\s*$/.test(v)); // FILTER_VALIDATE_INT: no leading zeros

function getPath(data: Data, attribute: string): { present: boolean; value: unknown } {
  let node: unknown = data;
  for (const key of attribute.split(".")) {
    if (!node || typeof node !== "object" || !Object.hasOwn(node, key)) return { present: false, value: undefined };
    node = (node as Record<string, unknown>)[key];
  }
  return { present: true, value: node };
}

interface Parsed {
  name: string;
  params: string[];
  object?: RuleObject;
}

function parse(spec: RuleSpec): Parsed[] {
  const items = typeof spec === "string" ? spec.split("|") : spec;
  return items.map((item) => {
    if (typeof item === "function") return { name: "object", params: [], object: item };
    const [name = "", rest] = item.split(/:(.*)/s);
    return { name, params: rest === undefined ? [] : rest.split(",") };
  });
}

/** Validates `data` against `rules`; every failure, keyed by attribute in rule order. */
export function validate(data: Data, rules: Record<string, RuleSpec>, ctx: RuleContext): Errors {
  const errors: Errors = {};
  const expanded: [string, Parsed[]][] = [];
  for (const [attribute, spec] of Object.entries(rules)) {
    const parsed = parse(spec);
    if (attribute.endsWith(".*")) {
      const list = getPath(data, attribute.slice(0, -2)).value;
      if (list && typeof list === "object") {
        for (const k of Object.keys(list)) expanded.push([`${attribute.slice(0, -2)}.${k}`, parsed]);
      }
    } else expanded.push([attribute, parsed]);
  }
  for (const [attribute, parsed] of expanded) {
    const { present, value } = getPath(data, attribute);
    const nullable = parsed.some((r) => r.name === "nullable");
    const numeric = parsed.some((r) => NUMERIC_RULES.has(r.name));
    for (const rule of parsed) {
      if (rule.name === "nullable") continue;
      const implicit = IMPLICIT.has(rule.name);
      if (typeof value === "string" && value.trim() === "" ? !implicit : !present && !implicit) continue;
      if (!implicit && nullable && value === null) continue;
      const message = check(rule, attribute, value, data, numeric, ctx);
      if (message === undefined) continue;
      errors[attribute] = [...(errors[attribute] ?? []), message];
      if (implicit) break;
    }
  }
  return errors;
}

function size(value: unknown, numeric: boolean): { size: number; kind: "numeric" | "array" | "string" } {
  if (numeric && (typeof value === "number" || (typeof value === "string" && isNumericString(value)))) {
    return { size: Number(value), kind: "numeric" };
  }
  if (Array.isArray(value)) return { size: value.length, kind: "array" };
  if (value && typeof value === "object") return { size: Object.keys(value).length, kind: "array" };
  const s = value === null || value === undefined ? "" : value === true ? "1" : value === false ? "" : String(value);
  return { size: [...s].length, kind: "string" };
}

function required(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function check(
  rule: Parsed,
  attribute: string,
  value: unknown,
  data: Data,
  numeric: boolean,
  ctx: RuleContext,
): string | undefined {
  const p = rule.params;
  const say = (key: string, replace: Record<string, string> = {}) => {
    let text = CUSTOM[`${attribute}.${rule.name}`] ?? (MESSAGES[key] as string | undefined) ?? `validation.${key}`;
    for (const [k, v] of Object.entries({ attribute: displayName(attribute), ...replace })) {
      text = text.replaceAll(`:${k}`, v);
    }
    return text;
  };
  switch (rule.name) {
    case "object":
      return rule.object?.(value, attribute, data);
    case "required":
      return required(value) ? undefined : say("required");
    case "required_unless": {
      const [field = "", ...values] = p;
      const other = getPath(data, field).value;
      const wanted =
        typeof other === "boolean"
          ? values.map((v) => v === "true" || v === "1")
          : other === null || other === undefined
            ? values.map((v) => (v === "null" ? null : v))
            : values;
      const exempt =
        typeof other === "boolean" || other === null || other === undefined
          ? wanted.includes((other ?? null) as never)
          : wanted.some((v) => looseEquals(other, v));
      if (exempt || required(value)) return undefined;
      return say("required_unless", { other: displayName(field), values: values.join(", ") });
    }
    case "string":
      return typeof value === "string" ? undefined : say("string");
    case "integer":
      return isInteger(value) ? undefined : say("integer");
    case "boolean":
      return [true, false, 0, 1, "0", "1"].includes(value as never) ? undefined : say("boolean");
    case "min":
    case "max": {
      const limit = Number(p[0]);
      const s = size(value, numeric);
      const ok = rule.name === "min" ? s.size >= limit : s.size <= limit;
      return ok ? undefined : say(`${rule.name}.${s.kind}`, { [rule.name]: String(p[0]) });
    }
    case "email":
      return typeof value === "string" && EMAIL.test(value) ? undefined : say("email");
    case "url":
      return typeof value === "string" && URL.test(value) ? undefined : say("url");
    case "date_format":
      return isYmd(value) ? undefined : say("date_format", { format: String(p[0]) });
    case "after_or_equal": {
      if (typeof value !== "string" && typeof value !== "number") return say("after_or_equal", { date: p[0] ?? "" });
      const other = getPath(data, p[0] ?? "").value;
      if (other === null || other === undefined) return undefined; // checkDateTimeOrder: no second date → passes
      const ok = isYmd(value) && isYmd(other) && String(value) >= String(other);
      return ok ? undefined : say("after_or_equal", { date: displayName(p[0] ?? "") });
    }
    case "confirmed":
      return value === getPath(data, `${attribute}_confirmation`).value ? undefined : say("confirmed");
    case "exists": {
      const values = Array.isArray(value) ? value : [value];
      return values.every((v) => ctx.exists(p[0] ?? "", v)) ? undefined : say("exists");
    }
    case "unique_undeleted":
      return ctx.uniqueUndeleted(attribute, value, data) ? undefined : say("unique_undeleted");
    case "cant_manage_self": // ValidationServiceProvider.php:265-284 (no message line: Laravel shows the key)
      return Object.hasOwn(data, "id") && value && looseEquals(value, data.id) ? say("cant_manage_self") : undefined;
    case "fmcs_location": // only with full company support AND location scoping: not simulated
      return undefined;
    default:
      throw new Error(`simulator: rule ${rule.name} is not implemented`);
  }
}

/** `(int)` of an Eloquent `integer` cast, as Watson hands cast attributes to the validator. */
export const castInteger = (v: unknown): unknown => (v === null || v === undefined ? v : intval(v));
