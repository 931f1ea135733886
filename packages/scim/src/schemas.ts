/**
 * The SCIM schemas a vendor's gateway advertises (RFC 7643 §7, §8.7): the core User schema, the
 * enterprise extension and userbridge's own extension, each with only the attributes this vendor
 * can store (readWrite) or returns (readOnly).
 */
import type { FieldName } from "@userbridge/unified";
import type { VendorProfile } from "./profile.js";

/** The core User schema (RFC 7643 §4.1). */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
/** The enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** userbridge's extension: normalized fields SCIM has no attribute for (ids of a department or location, notes, admin). */
export const USERBRIDGE_SCHEMA = "urn:userbridge:params:scim:schemas:extension:userbridge:2.0:User";
/** The list response message (RFC 7644 §3.4.2). */
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/** The PATCH request message (RFC 7644 §3.5.2). */
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/** The ServiceProviderConfig schema (RFC 7643 §5). */
export const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
/** The ResourceType schema (RFC 7643 §6). */
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
/** The Schema schema (RFC 7643 §7). */
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export type Mutability = "readOnly" | "readWrite" | "writeOnly" | "immutable";

/** An attribute definition as RFC 7643 §7 represents it. */
export interface AttributeDefinition {
  name: string;
  type: "string" | "boolean" | "complex" | "reference";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

/** What the gateway can do with each normalized field for this vendor. */
export interface FieldAccess {
  /** Fields the vendor can set (its adapter's capabilities). */
  writable: ReadonlySet<FieldName>;
  /** Fields the gateway advertises: settable ones and those the vendor returns read-only. */
  readable: ReadonlySet<FieldName>;
  /** Fields the vendor requires on every user: advertised `required`; a PATCH cannot remove them (RFC 7644 §3.5.2.2). */
  required?: ReadonlySet<FieldName>;
}

export function fieldAccess(capabilities: readonly FieldName[], profile: VendorProfile): FieldAccess {
  const writable = new Set<FieldName>(capabilities);
  const readable = new Set<FieldName>([...capabilities.filter((f) => f !== "password"), ...profile.readOnly]);
  const required = new Set<FieldName>(profile.required.filter((f) => writable.has(f)));
  return { writable, readable, required };
}

const attr = (name: string, description: string, rest: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  name,
  type: "string",
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...rest,
});

/** The SCIM attribute names (schema-relative, dotted) that carry each normalized field. */
export const FIELD_ATTRIBUTES: Readonly<Partial<Record<FieldName, { schema: string; path: string }>>> = {
  givenName: { schema: USER_SCHEMA, path: "name.givenName" },
  familyName: { schema: USER_SCHEMA, path: "name.familyName" },
  displayName: { schema: USER_SCHEMA, path: "displayName" },
  email: { schema: USER_SCHEMA, path: "emails.value" },
  password: { schema: USER_SCHEMA, path: "password" },
  title: { schema: USER_SCHEMA, path: "title" },
  phone: { schema: USER_SCHEMA, path: "phoneNumbers.value" },
  locale: { schema: USER_SCHEMA, path: "locale" },
  active: { schema: USER_SCHEMA, path: "active" },
  employeeNumber: { schema: ENTERPRISE_SCHEMA, path: "employeeNumber" },
  managerId: { schema: ENTERPRISE_SCHEMA, path: "manager.value" },
  departmentId: { schema: USERBRIDGE_SCHEMA, path: "departmentId" },
  locationId: { schema: USERBRIDGE_SCHEMA, path: "locationId" },
  notes: { schema: USERBRIDGE_SCHEMA, path: "notes" },
  admin: { schema: USERBRIDGE_SCHEMA, path: "admin" },
};

/** One schema's attributes for this vendor. */
export function schemaAttributes(schema: string, access: FieldAccess, profile: VendorProfile): AttributeDefinition[] {
  const m = (f: FieldName): Mutability | undefined =>
    access.writable.has(f)
      ? f === "password"
        ? "writeOnly"
        : "readWrite"
      : access.readable.has(f)
        ? "readOnly"
        : undefined;
  const out: AttributeDefinition[] = [];
  const required = (f: FieldName) => access.required?.has(f) === true;
  const simple = (f: FieldName, name: string, description: string, rest: Partial<AttributeDefinition> = {}) => {
    const mutability = m(f);
    if (mutability) out.push(attr(name, description, { mutability, required: required(f), ...rest }));
  };
  const multi = (f: FieldName, name: string, description: string) => {
    const mutability = m(f);
    if (!mutability) return;
    out.push(
      attr(name, description, {
        type: "complex",
        multiValued: true,
        mutability,
        required: required(f),
        subAttributes: [
          attr("value", `The ${description.toLowerCase()}`, { mutability }),
          attr("type", "Only 'work': the vendor keeps one.", { mutability, canonicalValues: ["work"] }),
          attr("primary", "Always true: the vendor keeps one.", { type: "boolean", mutability }),
        ],
      }),
    );
  };
  if (schema === USER_SCHEMA) {
    const userNameMutability = profile.userName === "email" ? "readWrite" : (m("username") ?? "readOnly");
    out.push(
      attr(
        "userName",
        "Unique identifier for the User at the vendor (its login name, or its email where it has none).",
        {
          required: true,
          uniqueness: "server",
          mutability: userNameMutability === "writeOnly" ? "readWrite" : userNameMutability,
        },
      ),
    );
    const name: AttributeDefinition[] = [];
    for (const [f, n] of [
      ["givenName", "givenName"],
      ["familyName", "familyName"],
    ] as const) {
      const mutability = m(f);
      if (mutability)
        name.push(
          attr(n, `The ${n === "givenName" ? "given" : "family"} name of the User.`, {
            mutability,
            required: required(f),
          }),
        );
    }
    if (name.length > 0)
      out.push(
        attr("name", "The components of the user's name.", {
          type: "complex",
          mutability: name.some((a) => a.mutability === "readWrite") ? "readWrite" : "readOnly",
          subAttributes: name,
        }),
      );
    simple("displayName", "displayName", "The name of the User, suitable for display.");
    multi("email", "emails", "Email address of the User");
    multi("phone", "phoneNumbers", "Phone number of the User");
    simple("title", "title", "The user's title, such as 'Vice President'.");
    simple("locale", "locale", "The user's default location for localization, e.g. 'en-US'.");
    simple("active", "active", "The user's administrative status (false: deactivated, kept).", { type: "boolean" });
    if (access.writable.has("password"))
      out.push(
        attr("password", "The User's cleartext password, never returned.", {
          mutability: "writeOnly",
          returned: "never",
          caseExact: true,
        }),
      );
  } else if (schema === ENTERPRISE_SCHEMA) {
    simple("employeeNumber", "employeeNumber", "Numeric or alphanumeric identifier assigned to a person.");
    const mutability = m("managerId");
    if (mutability)
      out.push(
        attr("manager", "The User's manager: `value` is the manager's id at the vendor (its SCIM id).", {
          type: "complex",
          mutability,
          subAttributes: [
            attr("value", "The id of the manager (a SCIM User id at this gateway).", { mutability, caseExact: true }),
          ],
        }),
      );
  } else if (schema === USERBRIDGE_SCHEMA) {
    simple("departmentId", "departmentId", "The vendor's id of the User's department.", { caseExact: true });
    simple("locationId", "locationId", "The vendor's id of the User's location.", { caseExact: true });
    simple("notes", "notes", "Free-text notes the vendor keeps on the User.");
    simple("admin", "admin", "Whether the User is an administrator at the vendor.", { type: "boolean" });
  }
  return out;
}

/** The extension schemas this vendor's Users carry (those with at least one attribute). */
export function extensionsFor(access: FieldAccess, profile: VendorProfile): string[] {
  return [ENTERPRISE_SCHEMA, USERBRIDGE_SCHEMA].filter((s) => schemaAttributes(s, access, profile).length > 0);
}

const SCHEMA_NAMES: Record<string, [string, string]> = {
  [USER_SCHEMA]: ["User", "User Account"],
  [ENTERPRISE_SCHEMA]: ["EnterpriseUser", "Enterprise User"],
  [USERBRIDGE_SCHEMA]: ["UserbridgeUser", "Normalized fields of userbridge that SCIM has no attribute for"],
};

/** A Schema resource (RFC 7643 §7) for this vendor. */
export function schemaResource(schema: string, access: FieldAccess, profile: VendorProfile, base: string) {
  const [name, description] = SCHEMA_NAMES[schema] ?? [schema, schema];
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema,
    name,
    description,
    attributes: schemaAttributes(schema, access, profile),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${schema}` },
  };
}
