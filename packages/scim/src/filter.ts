/**
 * SCIM filters (RFC 7644 §3.4.2.2), parsed by scim2-parse-filter, checked against the vendor's
 * schema, evaluated here on SCIM resources, and planned into the lookups that can answer them
 * without listing every user.
 */
import { type Filter, parse } from "scim2-parse-filter";
import { ScimError } from "./errors.js";
import { knownSubAttributes, type ScimResource, splitAttributePath } from "./mapping.js";
import { type AttributeDefinition, USER_SCHEMA } from "./schemas.js";

/** The attributes a vendor's filter may name: its schemas' attributes, plus id, externalId and meta. */
export type FilterSchema = Map<string, AttributeDefinition[]>;

interface ResolvedPath {
  schema: string;
  names: string[];
  caseExact: boolean;
  type: AttributeDefinition["type"];
}

const COMMON: Record<string, Pick<ResolvedPath, "caseExact" | "type">> = {
  id: { caseExact: true, type: "string" },
  externalId: { caseExact: true, type: "string" },
  meta: { caseExact: false, type: "complex" },
};

/** An attribute path of a filter, resolved against the vendor's schema (400 invalidFilter otherwise). */
export function resolvePath(path: string, schema: FilterSchema): ResolvedPath {
  const split = splitAttributePath(path);
  const fail = () => new ScimError(400, `${path} is not an attribute this vendor's Users have`, "invalidFilter");
  if (!split) throw fail();
  const [top, sub] = split.names as [string, string | undefined];
  if (split.schema === USER_SCHEMA && top in COMMON) {
    if (top === "meta" && (sub === undefined || !knownSubAttributes("meta").includes(sub))) throw fail();
    return { schema: split.schema, names: split.names, ...(COMMON[top] as Pick<ResolvedPath, "caseExact" | "type">) };
  }
  const def = schema.get(split.schema)?.find((a) => a.name === top);
  if (!def || def.mutability === "writeOnly") throw fail();
  if (sub === undefined) return { schema: split.schema, names: split.names, caseExact: def.caseExact, type: def.type };
  const subDef = def.subAttributes?.find((a) => a.name === sub);
  if (!subDef) throw fail();
  return { schema: split.schema, names: split.names, caseExact: subDef.caseExact, type: subDef.type };
}

/** Parses a filter and checks every attribute it names (400 invalidFilter for anything we cannot evaluate). */
export function parseFilter(text: string, schema: FilterSchema): Filter {
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (error) {
    throw new ScimError(
      400,
      `filter ${JSON.stringify(text)} is not a valid SCIM filter: ${(error as Error).message}`,
      "invalidFilter",
    );
  }
  check(ast, schema, undefined);
  return ast;
}

function check(f: Filter, schema: FilterSchema, within: string | undefined): void {
  switch (f.op) {
    case "and":
    case "or":
      for (const g of f.filters) check(g, schema, within);
      return;
    case "not":
      check(f.filter, schema, within);
      return;
    case "[]": {
      const attr = resolvePath(f.attrPath, schema);
      if (attr.type !== "complex")
        throw new ScimError(400, `${f.attrPath} has no sub-attributes to filter`, "invalidFilter");
      check(f.valFilter, schema, f.attrPath);
      return;
    }
    default: {
      const path = within ? `${within}.${f.attrPath}` : f.attrPath;
      const attr = resolvePath(path, schema);
      if (f.op === "pr") return;
      if (attr.type === "complex")
        throw new ScimError(400, `${path} is complex: compare one of its sub-attributes`, "invalidFilter");
      if (attr.type === "boolean" && f.op !== "eq" && f.op !== "ne")
        throw new ScimError(400, `${path} is a boolean: only eq and ne compare it`, "invalidFilter");
      if (attr.type === "boolean" && typeof f.compValue !== "boolean" && f.compValue !== null)
        throw new ScimError(400, `${path} is a boolean: compare it with true or false`, "invalidFilter");
      if (attr.type !== "boolean" && typeof f.compValue !== "string" && f.compValue !== null)
        throw new ScimError(400, `${path} is a string: compare it with a quoted string`, "invalidFilter");
    }
  }
}

/** The values an attribute path has in a resource (multi-valued attributes flattened). */
function valuesAt(resource: ScimResource, path: ResolvedPath): unknown[] {
  const root = path.schema === USER_SCHEMA ? resource : resource[path.schema];
  const [top, sub] = path.names as [string, string | undefined];
  const value = typeof root === "object" && root !== null ? (root as Record<string, unknown>)[top] : undefined;
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  if (sub === undefined) return items;
  return items.flatMap((i) => {
    const v = typeof i === "object" && i !== null ? (i as Record<string, unknown>)[sub] : undefined;
    return v === undefined || v === null ? [] : [v];
  });
}

function compare(op: string, actual: unknown, expected: unknown, caseExact: boolean): boolean {
  if (typeof actual === "boolean" || typeof expected === "boolean") {
    return op === "eq" ? actual === expected : actual !== expected;
  }
  if (typeof actual !== "string" || typeof expected !== "string") return false;
  const a = caseExact ? actual : actual.toLowerCase();
  const e = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    case "gt":
      return a > e;
    case "ge":
      return a >= e;
    case "lt":
      return a < e;
    case "le":
      return a <= e;
    default:
      return false;
  }
}

/** Whether a resource matches a (checked) filter. */
export function matches(f: Filter, resource: ScimResource, schema: FilterSchema, within?: string): boolean {
  switch (f.op) {
    case "and":
      return f.filters.every((g) => matches(g, resource, schema, within));
    case "or":
      return f.filters.some((g) => matches(g, resource, schema, within));
    case "not":
      return !matches(f.filter, resource, schema, within);
    case "[]": {
      const path = resolvePath(f.attrPath, schema);
      const items = valuesAt(resource, path).filter((i): i is ScimResource => typeof i === "object" && i !== null);
      // Each element is tested alone, its sub-attributes addressed by name.
      return items.some((item) => matches(f.valFilter, wrap(path, item), schema, f.attrPath));
    }
    default: {
      const path = resolvePath(within ? `${within}.${f.attrPath}` : f.attrPath, schema);
      const values = valuesAt(resource, path);
      if (f.op === "pr") return values.some((v) => v !== "" && !(Array.isArray(v) && v.length === 0));
      if (f.compValue === null) return f.op === "eq" ? values.length === 0 : f.op === "ne" ? values.length > 0 : false;
      if (f.op === "ne") return !values.some((v) => compare("eq", v, f.compValue, path.caseExact));
      return values.some((v) => compare(f.op, v, f.compValue, path.caseExact));
    }
  }
}

/** One element of a multi-valued attribute, placed where its path expects it. */
function wrap(path: ResolvedPath, item: ScimResource): ScimResource {
  const top = path.names[0] as string;
  return path.schema === USER_SCHEMA ? { [top]: [item] } : { [path.schema]: { [top]: [item] } };
}

/** A lookup that answers part of a filter without listing: by id, externalId, userName or email. */
export type Lookup = { by: "id" | "externalId" | "userName" | "email"; value: string };

/**
 * The lookups whose results include every user the filter can match, or `undefined` when only a
 * listing can answer it. `and` needs one answerable side (the first one that is not a `weak` lookup,
 * if any); `or` needs all.
 */
export function plan(f: Filter, weak?: (l: Lookup) => boolean): Lookup[] | undefined {
  switch (f.op) {
    case "and": {
      const plans = f.filters.map((g) => plan(g, weak)).filter((p) => p !== undefined);
      return plans.find((p) => !p.some((l) => weak?.(l))) ?? plans[0];
    }
    case "or": {
      const all: Lookup[] = [];
      for (const g of f.filters) {
        const p = plan(g, weak);
        if (!p) return undefined;
        all.push(...p);
      }
      return all;
    }
    case "[]":
      return f.attrPath.toLowerCase() === "emails" ? emailsPlan(f.valFilter) : undefined;
    case "eq": {
      if (typeof f.compValue !== "string") return undefined;
      const split = splitAttributePath(f.attrPath);
      if (!split || split.schema !== USER_SCHEMA) return undefined;
      const key = split.names.join(".");
      if (key === "id") return [{ by: "id", value: f.compValue }];
      if (key === "externalId") return [{ by: "externalId", value: f.compValue }];
      if (key === "userName") return [{ by: "userName", value: f.compValue }];
      if (key === "emails.value") return [{ by: "email", value: f.compValue }];
      return undefined;
    }
    default:
      return undefined;
  }
}

/** emails[value eq "…"] (possibly with a type condition beside it). */
function emailsPlan(f: Filter): Lookup[] | undefined {
  if (f.op === "eq" && f.attrPath.toLowerCase() === "value" && typeof f.compValue === "string")
    return [{ by: "email", value: f.compValue }];
  if (f.op === "and") {
    for (const g of f.filters) {
      const p = emailsPlan(g);
      if (p) return p;
    }
  }
  return undefined;
}
