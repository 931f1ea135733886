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

/** A type no value fits, whose name says why: what an unsupported field's value must be. */
export type Refused<Why extends string> = { [P in Why]: never };

/**
 * `changes` as the caller wrote them, checked exactly: `UserChanges` alone rejects an unsupported
 * field only in an object literal (TypeScript's excess-property rule), so `update` and `plan` take
 * the caller's own type `C` and map every key it has beyond the adapter's capabilities, and every
 * `vendor` key beyond the vendor's update fields, to a `Refused` type. A change passed through a
 * variable is then an error too, e.g. `Type 'string' is not assignable to type
 * 'Refused<"zluri cannot set givenName">'`. A record with an index signature (keys known only at
 * run time) is left to the run-time check, which throws UnsupportedFieldError.
 */
export type ExactChanges<C, V extends string, Caps extends FieldName, Native> = string extends keyof C
  ? C
  : ExactKeys<C, V, Caps, Native>;

type ExactKeys<C, V extends string, Caps extends FieldName, Native> = C & {
  [K in Exclude<keyof C, Caps | "vendor">]: Refused<
    K extends FieldName ? `${V} cannot set ${K}` : `${K & string} is not a normalized field`
  >;
} & ("vendor" extends keyof C
    ? {
        vendor?: {
          [K in Exclude<keyof NonNullable<C["vendor"]>, keyof Native>]: Refused<`${K & string} is not a ${V} field`>;
        };
      }
    : unknown);

/** A user as every adapter returns it: the normalized fields the vendor returns, and the raw record. */
export type NormalizedUser<V extends string = string, Raw = unknown> = {
  vendor: V;
  id: string;
  raw: Raw;
} & { [K in Exclude<FieldName, "password">]?: NormalizedFields[K] };
