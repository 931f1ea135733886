/** The spec, read by the tests, so that the generators and fixtures follow it rather than a copy. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  minLength?: number;
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
}

export const spec = parse(readFileSync(new URL("../../../specs/nexudus.yaml", import.meta.url), "utf8")) as {
  components: { schemas: Record<string, Schema> };
};

export const schemas = spec.components.schemas;

export function deref(schema: Schema): Schema {
  return schema.$ref ? deref(schemas[schema.$ref.replace("#/components/schemas/", "")] as Schema) : schema;
}

/** The fields the PUT takes (UserUpdate) and the ones it requires. */
export const WRITABLE = Object.keys(schemas.UserUpdate?.properties ?? {});
export const REQUIRED = schemas.UserUpdate?.required ?? [];
export const LISTS = ["Businesses", "UserRoles", "ChatRooms"];
export const LIST_EDITS = LISTS.flatMap((l) => [`Added${l}`, `Removed${l}`]);
export const SECRETS = ["Password", "NewPassword", "AccessToken", "TwoFactorSecret"];

export type Rec = Record<string, unknown>;

/**
 * The record as the single-record GET returns it: every writable field present (the vendor returns
 * them all), the ones `record` lacks as a PUT that omits them leaves them (false, null, []).
 */
export function complete(record: Rec): Rec {
  const out: Rec = { ...record };
  for (const k of WRITABLE) {
    if (k in out) continue;
    const type = [deref(schemas.UserUpdate?.properties?.[k] ?? {}).type].flat();
    out[k] = type.includes("boolean") ? false : LISTS.includes(k) ? [] : null;
  }
  return out;
}

/** A small valid record as the single-record GET returns it; tests override what they need. */
export function sampleRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Id: 1,
    UpdatedOn: "2025-01-15T10:30:00Z",
    FullName: "Ada Lovelace",
    Email: "ada@example.com",
    Language: 1,
    PasswordSalt: "6f1c2a9e",
    LastHelpVisited: 0,
    InvalidLoginAttempts: 0,
    Businesses: [1],
    UserRoles: [2],
    ChatRooms: [],
    ...overrides,
  };
}
