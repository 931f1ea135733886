/**
 * SCIM User (core + enterprise + userbridge extension) ↔ the facade's normalized user.
 * Attribute names are matched without regard to case (RFC 7643 §2.1); URN-prefixed names
 * ("urn:…:User:userName", "urn:…:enterprise:2.0:User:employeeNumber") are accepted where a plain one is.
 */
import type { FieldName, NormalizedUser } from "@userbridge/unified";
import type { FieldChanges } from "./backend.js";
import { ScimError } from "./errors.js";
import type { VendorProfile } from "./profile.js";
import { ENTERPRISE_SCHEMA, type FieldAccess, USER_SCHEMA, USERBRIDGE_SCHEMA } from "./schemas.js";
import type { StoredState } from "./store.js";

/** A SCIM resource as JSON. */
export type ScimResource = Record<string, unknown>;

/** Core User attributes (RFC 7643 §4.1) and the common ones (§3.1): known, whether or not a vendor keeps them. */
const CORE = [
  "schemas",
  "id",
  "externalId",
  "meta",
  "userName",
  "name",
  "displayName",
  "nickName",
  "profileUrl",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "active",
  "password",
  "emails",
  "phoneNumbers",
  "ims",
  "photos",
  "addresses",
  "groups",
  "entitlements",
  "roles",
  "x509Certificates",
];
const SUB: Record<string, string[]> = {
  name: ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"],
  emails: ["value", "display", "type", "primary"],
  phoneNumbers: ["value", "display", "type", "primary"],
  manager: ["value", "$ref", "displayName"],
  meta: ["resourceType", "created", "lastModified", "location", "version"],
};
const ENTERPRISE = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"];
const USERBRIDGE = ["departmentId", "locationId", "notes", "admin"];
const SCHEMAS = [USER_SCHEMA, ENTERPRISE_SCHEMA, USERBRIDGE_SCHEMA];

const find = (list: readonly string[], name: string) => list.find((n) => n.toLowerCase() === name.toLowerCase());

/** The canonical spelling of a schema URN, if it is one we know. */
export function canonicalSchema(urn: string): string | undefined {
  return find(SCHEMAS, urn);
}

/** Attribute names of a schema (all known ones, kept by the vendor or not). */
export function knownAttributes(schema: string): readonly string[] {
  return schema === USER_SCHEMA ? CORE : schema === ENTERPRISE_SCHEMA ? ENTERPRISE : USERBRIDGE;
}

/** Sub-attribute names of a complex attribute. */
export function knownSubAttributes(attribute: string): readonly string[] {
  return SUB[attribute] ?? [];
}

/**
 * Splits "urn:…:User:name.givenName" into its schema and attribute path (["name", "givenName"]),
 * with every name in its canonical spelling; `undefined` when a name is unknown.
 */
export function splitAttributePath(path: string): { schema: string; names: string[] } | undefined {
  let schema = USER_SCHEMA;
  let rest = path;
  if (/^urn:/i.test(path)) {
    const urn = SCHEMAS.find((s) => path.toLowerCase().startsWith(`${s.toLowerCase()}:`));
    if (!urn) return undefined;
    schema = urn;
    rest = path.slice(urn.length + 1);
  }
  const [top, sub, ...more] = rest.split(".");
  if (top === undefined || more.length > 0) return undefined;
  const name = find(knownAttributes(schema), top);
  if (!name) return undefined;
  if (sub === undefined) return { schema, names: [name] };
  const subName = find(knownSubAttributes(name), sub);
  return subName ? { schema, names: [name, subName] } : undefined;
}

function canonicalObject(value: unknown, attribute: string): unknown {
  const subs = knownSubAttributes(attribute);
  const fix = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null || Array.isArray(v) || subs.length === 0) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[find(subs, k) ?? k] = x;
    return out;
  };
  return Array.isArray(value) ? value.map(fix) : fix(value);
}

/**
 * A SCIM User body with every known name in its canonical spelling, URN-prefixed and dotted
 * top-level keys folded in ("name.givenName": "Ada" → name: {givenName: "Ada"}). Unknown names are
 * dropped (RFC 7644 §3.3: the service provider is free to ignore content; the answer shows what was kept).
 */
export function canonicalResource(input: Record<string, unknown>): ScimResource {
  const out: ScimResource = {};
  const put = (schema: string, names: string[], value: unknown) => {
    if (schema !== USER_SCHEMA && typeof out[schema] !== "object") out[schema] = {};
    const target = (schema === USER_SCHEMA ? out : out[schema]) as Record<string, unknown>;
    const [top, sub] = names as [string, string | undefined];
    if (sub === undefined) {
      target[top] = canonicalObject(value, top);
      return;
    }
    if (typeof target[top] !== "object" || target[top] === null) target[top] = {};
    (target[top] as Record<string, unknown>)[sub] = value;
  };
  for (const [key, value] of Object.entries(input)) {
    const schema = canonicalSchema(key);
    if (schema && schema !== USER_SCHEMA) {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new ScimError(400, `${schema} must be an object`, "invalidSyntax");
      for (const [k, v] of Object.entries(value)) {
        const split = splitAttributePath(`${schema}:${k}`);
        if (split) put(split.schema, split.names, v);
      }
      continue;
    }
    const split = splitAttributePath(key);
    if (split) put(split.schema, split.names, value);
  }
  return out;
}

/** A boolean as identity providers send it: true/false, or Entra's "True"/"False" strings. */
function toBoolean(value: unknown, path: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new ScimError(400, `${path} must be a boolean`, "invalidValue");
}

function toText(value: unknown, path: string): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  throw new ScimError(400, `${path} must be a string`, "invalidValue");
}

/**
 * The one value of a multi-valued attribute the vendor keeps: the primary, else the work one, else
 * the first. Of several primaries the last: a PATCH `add` appends, and a value added as primary
 * takes primary from the others (RFC 7644 §3.5.2, RFC 7643 §2.4).
 */
function pickValue(list: unknown, path: string): unknown {
  if (list === null) return null;
  if (!Array.isArray(list)) throw new ScimError(400, `${path} must be an array`, "invalidSyntax");
  const items = list.filter((i): i is Record<string, unknown> => typeof i === "object" && i !== null);
  if (items.length !== list.length) throw new ScimError(400, `${path} must hold objects`, "invalidSyntax");
  if (items.length === 0) return null;
  const chosen =
    [...items]
      .reverse()
      .find((i) => i.primary === true || (typeof i.primary === "string" && /^true$/i.test(i.primary))) ??
    items.find((i) => typeof i.type === "string" && i.type.toLowerCase() === "work") ??
    items[0];
  return chosen?.value;
}

/** What a SCIM body asserts, in the gateway's terms. */
export interface ScimInput {
  /** Normalized fields the body sets ("" clears a string field). */
  fields: FieldChanges;
  /** Present when the body names externalId (null: remove it). */
  externalId?: string | null;
  /** Present when the body names userName. */
  userName?: string;
}

const get = (o: unknown, key: string): unknown =>
  typeof o === "object" && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
const has = (o: unknown, key: string): boolean =>
  typeof o === "object" && o !== null && !Array.isArray(o) && Object.hasOwn(o, key);

/**
 * A canonical SCIM User → the normalized fields it asserts that this vendor keeps (read-only and
 * unkept attributes are left out: RFC 7644 §3.5.1 says values of readOnly attributes are ignored).
 */
export function fromScim(resource: ScimResource, access: FieldAccess, profile: VendorProfile): ScimInput {
  const fields: Record<string, unknown> = {};
  const set = (field: FieldName, value: unknown, path: string) => {
    if (!access.writable.has(field)) return;
    fields[field] = field === "active" || field === "admin" ? toBoolean(value, path) : toText(value, path);
  };
  const input: ScimInput = { fields: fields as FieldChanges };
  if (has(resource, "userName")) {
    const userName = resource.userName;
    if (typeof userName !== "string" || userName.trim() === "")
      throw new ScimError(400, "userName must be a non-empty string", "invalidValue");
    input.userName = userName;
    if (profile.userName === "username") set("username", userName, "userName");
  }
  if (has(resource, "externalId")) {
    const externalId = resource.externalId;
    if (externalId !== null && typeof externalId !== "string")
      throw new ScimError(400, "externalId must be a string", "invalidValue");
    input.externalId = externalId === "" ? null : externalId;
  }
  const name = resource.name;
  if (name === null) {
    set("givenName", null, "name.givenName");
    set("familyName", null, "name.familyName");
  }
  if (has(name, "givenName")) set("givenName", get(name, "givenName"), "name.givenName");
  if (has(name, "familyName")) set("familyName", get(name, "familyName"), "name.familyName");
  if (has(resource, "displayName")) set("displayName", resource.displayName, "displayName");
  if (has(resource, "emails")) set("email", pickValue(resource.emails, "emails") ?? null, "emails");
  if (has(resource, "phoneNumbers"))
    set("phone", pickValue(resource.phoneNumbers, "phoneNumbers") ?? null, "phoneNumbers");
  for (const f of ["title", "locale", "password"] as const) if (has(resource, f)) set(f, resource[f], f);
  if (has(resource, "active")) set("active", resource.active, "active");
  const enterprise = resource[ENTERPRISE_SCHEMA];
  if (has(enterprise, "employeeNumber")) set("employeeNumber", get(enterprise, "employeeNumber"), "employeeNumber");
  if (has(enterprise, "manager")) {
    const manager = get(enterprise, "manager");
    // Entra sends the manager as the id itself; RFC 7643 §4.3 as {value}.
    set(
      "managerId",
      typeof manager === "string" || manager === null ? manager : (get(manager, "value") ?? null),
      "manager",
    );
  }
  const own = resource[USERBRIDGE_SCHEMA];
  for (const f of ["departmentId", "locationId", "notes", "admin"] as const) if (has(own, f)) set(f, get(own, f), f);
  // A vendor that keeps one email and signs people in by it: the email is the userName when no email was sent.
  if (profile.userName === "email" && fields.email === undefined && input.userName?.includes("@"))
    set("email", input.userName, "userName");
  // A vendor that keeps a display name but no given/family name: derive it from name.
  if (fields.displayName === undefined && !access.writable.has("givenName") && typeof name === "object" && name) {
    const formatted = get(name, "formatted");
    const joined = [get(name, "givenName"), get(name, "familyName")]
      .filter((p) => typeof p === "string" && p)
      .join(" ");
    const derived = typeof formatted === "string" && formatted ? formatted : joined;
    if (derived) set("displayName", derived, "name");
  }
  return input;
}

/** The normalized user (and the gateway's stored state) → the SCIM User this vendor's gateway shows. */
export function toScim(
  user: NormalizedUser,
  state: StoredState | undefined,
  access: FieldAccess,
  profile: VendorProfile,
  extensions: readonly string[],
): ScimResource {
  const u = user as unknown as Record<string, unknown>;
  // An empty string is an unassigned value (RFC 7643 §2.5): not shown, as a removed attribute is not.
  const v = (f: FieldName): unknown => (access.readable.has(f) && u[f] !== "" && u[f] !== null ? u[f] : undefined);
  const userName =
    profile.userName === "username"
      ? (u.username as string | undefined)
      : (state?.userName ?? (u.email as string | undefined));
  const out: ScimResource = { schemas: [USER_SCHEMA, ...extensions], id: user.id };
  if (state?.externalId !== undefined) out.externalId = state.externalId;
  if (userName !== undefined) out.userName = userName;
  const name: Record<string, unknown> = {};
  if (v("givenName") !== undefined) name.givenName = v("givenName");
  if (v("familyName") !== undefined) name.familyName = v("familyName");
  if (Object.keys(name).length > 0) out.name = name;
  if (v("displayName") !== undefined) out.displayName = v("displayName");
  if (typeof v("email") === "string" && v("email") !== "")
    out.emails = [{ value: v("email"), type: "work", primary: true }];
  if (typeof v("phone") === "string" && v("phone") !== "")
    out.phoneNumbers = [{ value: v("phone"), type: "work", primary: true }];
  for (const f of ["title", "locale", "active"] as const) if (v(f) !== undefined) out[f] = v(f);
  const enterprise: Record<string, unknown> = {};
  if (v("employeeNumber") !== undefined) enterprise.employeeNumber = v("employeeNumber");
  if (v("managerId") !== undefined) enterprise.manager = { value: v("managerId") };
  if (Object.keys(enterprise).length > 0) out[ENTERPRISE_SCHEMA] = enterprise;
  const own: Record<string, unknown> = {};
  for (const f of ["departmentId", "locationId", "notes", "admin"] as const) if (v(f) !== undefined) own[f] = v(f);
  if (Object.keys(own).length > 0) out[USERBRIDGE_SCHEMA] = own;
  return out;
}
