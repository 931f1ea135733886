/**
 * PATCH (RFC 7644 §3.5.2) on a SCIM User: the operations are checked and put in canonical form
 * here, then applied by scim-patch to the user as the gateway shows it.
 *
 * What identity providers send beyond the RFC, accepted here:
 * - Entra ID: `op` in any case ("Replace"), path-less values with dotted ("name.givenName") and
 *   URN-prefixed keys, booleans as strings ("False"; coerced in mapping.ts). Microsoft documents these in
 *   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility
 * - Okta: `{"op":"replace","value":{"active":false}}` to deactivate
 *   (https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20).
 */
import { type ScimPatchOperation, scimPatch } from "scim-patch";
import { ScimError } from "./errors.js";
import { canonicalSchema, knownAttributes, knownSubAttributes, type ScimResource } from "./mapping.js";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA, USER_SCHEMA, USERBRIDGE_SCHEMA } from "./schemas.js";

type Op = "add" | "remove" | "replace";
interface Operation {
  op: Op;
  path: string;
  value?: unknown;
}

const NAME = /^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/s;
const READ_ONLY = new Set(["id", "meta", "schemas"]);

/** A PATCH path in canonical spelling ("urn:…:enterprise:2.0:User:manager.value", "emails[type eq \"work\"].value"). */
export function canonicalPath(path: string): string {
  let schema = USER_SCHEMA;
  let rest = path.trim();
  if (/^urn:/i.test(rest)) {
    const urn = [USER_SCHEMA, ENTERPRISE_SCHEMA, USERBRIDGE_SCHEMA].find((s) =>
      rest.toLowerCase().startsWith(`${s.toLowerCase()}:`),
    );
    if (!urn) throw new ScimError(400, `path ${JSON.stringify(path)} names an unknown schema`, "invalidPath");
    schema = urn;
    rest = rest.slice(urn.length + 1);
  }
  const m = NAME.exec(rest);
  if (!m) throw new ScimError(400, `path ${JSON.stringify(path)} is not a SCIM attribute path`, "invalidPath");
  const [, attrName, filter, subName] = m as unknown as [string, string, string | undefined, string | undefined];
  const attr = knownAttributes(schema).find((a) => a.toLowerCase() === attrName.toLowerCase());
  if (!attr)
    throw new ScimError(400, `path ${JSON.stringify(path)}: ${attrName} is not a User attribute`, "invalidPath");
  if (schema === USER_SCHEMA && READ_ONLY.has(attr)) throw new ScimError(400, `${attr} is read-only`, "mutability");
  let sub: string | undefined;
  if (subName !== undefined) {
    sub = knownSubAttributes(attr).find((s) => s.toLowerCase() === subName.toLowerCase());
    if (!sub)
      throw new ScimError(400, `path ${JSON.stringify(path)}: ${attr} has no sub-attribute ${subName}`, "invalidPath");
  }
  const body = `${attr}${filter !== undefined ? `[${filter}]` : ""}${sub !== undefined ? `.${sub}` : ""}`;
  return schema === USER_SCHEMA ? body : `${schema}:${body}`;
}

/** A path-less add/replace → one operation per attribute it names (sub-attributes of a complex value one by one, RFC 7644 §3.5.2.3). */
function expand(op: Op, value: unknown): Operation[] {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ScimError(400, `an ${op} without a path needs an object value`, "invalidValue");
  const out: Operation[] = [];
  for (const [key, v] of Object.entries(value)) {
    const schema = canonicalSchema(key);
    if (schema && schema !== USER_SCHEMA) {
      if (typeof v !== "object" || v === null || Array.isArray(v))
        throw new ScimError(400, `${schema} must be an object`, "invalidValue");
      for (const [k, x] of Object.entries(v)) out.push(...single(op, `${schema}:${k}`, x));
      continue;
    }
    out.push(...single(op, key, v));
  }
  return out;
}

function single(op: Op, key: string, value: unknown): Operation[] {
  let path: string;
  try {
    path = canonicalPath(key);
  } catch (error) {
    // Path-less values may carry attributes no schema has: ignored, as in POST and PUT (RFC 7644 §3.3).
    if (error instanceof ScimError && error.scimType === "invalidPath") return [];
    throw error;
  }
  // A complex single-valued attribute given as an object (name, manager): its sub-attributes one by one,
  // so that those not named are left unchanged.
  const attr = path.slice(path.lastIndexOf(":") + 1);
  const plain = typeof value === "object" && value !== null && !Array.isArray(value);
  if (plain && !/[.[]/.test(attr) && knownSubAttributes(attr).length > 0) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, x]) => single(op, `${path}.${k}`, x));
  }
  return [{ op, path, value }];
}

/** The operations of a PATCH body, checked and canonical (400 with the RFC's scimType otherwise). */
export function patchOperations(body: unknown): Operation[] {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ScimError(400, "a PATCH body must be a PatchOp object", "invalidSyntax");
  const b = body as Record<string, unknown>;
  const schemas = Array.isArray(b.schemas) ? b.schemas : [];
  if (!schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_SCHEMA.toLowerCase()))
    throw new ScimError(400, `a PATCH body's schemas must list ${PATCH_SCHEMA}`, "invalidSyntax");
  const ops = b.Operations ?? b.operations;
  if (!Array.isArray(ops) || ops.length === 0)
    throw new ScimError(400, "a PATCH body needs a non-empty Operations array", "invalidSyntax");
  const out: Operation[] = [];
  for (const [i, raw] of ops.entries()) {
    if (typeof raw !== "object" || raw === null)
      throw new ScimError(400, `Operations[${i}] must be an object`, "invalidSyntax");
    const o = raw as Record<string, unknown>;
    const op = typeof o.op === "string" ? o.op.toLowerCase() : undefined;
    if (op !== "add" && op !== "remove" && op !== "replace")
      throw new ScimError(400, `Operations[${i}].op must be add, remove or replace`, "invalidSyntax");
    if (o.path !== undefined && typeof o.path !== "string")
      throw new ScimError(400, `Operations[${i}].path must be a string`, "invalidPath");
    const path = typeof o.path === "string" && o.path.trim() !== "" ? o.path : undefined;
    if (op === "remove") {
      if (!path) throw new ScimError(400, `Operations[${i}]: remove needs a path`, "noTarget");
      out.push({ op, path: canonicalPath(path), ...(o.value !== undefined ? { value: o.value } : {}) });
      continue;
    }
    if (!("value" in o)) throw new ScimError(400, `Operations[${i}]: ${op} needs a value`, "invalidValue");
    if (path) out.push({ op, path: canonicalPath(path), value: o.value });
    else out.push(...expand(op, o.value));
  }
  return out;
}

/** The resource after the operations (the input is not changed). */
export function applyPatch(resource: ScimResource, operations: Operation[]): ScimResource {
  const copy = structuredClone(resource);
  try {
    return scimPatch(copy as never, operations as ScimPatchOperation[], {
      mutateDocument: true,
      treatMissingAsAdd: false,
    }) as unknown as ScimResource;
  } catch (error) {
    const e = error as { scimCode?: string; message?: string };
    const scimType =
      e.scimCode === "noTarget" ? "noTarget" : e.scimCode === "invalidPath" ? "invalidPath" : "invalidValue";
    throw new ScimError(400, e.message ?? "the PATCH could not be applied", scimType);
  }
}
