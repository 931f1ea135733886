/**
 * The normalized model: SCIM-inspired field names that mean the same thing for every vendor.
 * Each adapter declares which of them its vendor can set (its capabilities).
 */
export interface NormalizedFields {
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  username: string;
  password: string;
  title: string;
  departmentId: string;
  managerId: string;
  locationId: string;
  employeeNumber: string;
  phone: string;
  notes: string;
  locale: string;
  active: boolean;
  admin: boolean;
}

/** The name of one normalized field. */
export type FieldName = keyof NormalizedFields;

/** Every normalized field name, in the order docs/architecture.md lists them. */
export const FIELD_NAMES = [
  "givenName",
  "familyName",
  "displayName",
  "email",
  "username",
  "password",
  "title",
  "departmentId",
  "managerId",
  "locationId",
  "employeeNumber",
  "phone",
  "notes",
  "locale",
  "active",
  "admin",
] as const satisfies readonly FieldName[];

/**
 * The changes an adapter accepts: only the normalized fields it supports (anything else is a
 * compile-time error), plus `vendor`, the vendor's own update fields (typed from its spec), for
 * everything the normalized model does not cover.
 */
export type UserChanges<Caps extends FieldName, Native> = { [K in Caps]?: NormalizedFields[K] } & {
  vendor?: Native;
};

/** A user as every adapter returns it: the normalized fields the vendor returns, and the raw record. */
export type NormalizedUser<V extends string = string, Raw = unknown> = {
  vendor: V;
  id: string;
  raw: Raw;
} & { [K in Exclude<FieldName, "password">]?: NormalizedFields[K] };
