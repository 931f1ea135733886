/**
 * The User model and its form request, as data (snipe/snipe-it@5aa5c48018, "S" below):
 * the stored record, `$fillable` (S:app/Models/User.php:42-73), the model rules checked on save
 * by Watson's ValidatingTrait (User.php:90-110), the SnipeModel id setters
 * (S:app/Models/SnipeModel.php:37-140: `== ''` → null), and SaveUserRequest's rules per method
 * (S:app/Http/Requests/SaveUserRequest.php:33-71).
 */
import { createHash } from "node:crypto";
import { intval, looseEquals } from "./php.js";
import type { RuleObject, RuleSpec } from "./validator.js";

/** A user as Snipe-IT stores it (the `users` table columns the API reads and writes). */
export interface SnipeItRecord {
  id: number;
  first_name: string;
  last_name: string | null;
  username: string;
  email: string | null;
  /** A fake hash of the password (never the password itself). */
  password: string;
  jobtitle: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  zip: string | null;
  locale: string | null;
  employee_num: string | null;
  notes: string | null;
  activated: boolean;
  remote: boolean;
  vip: boolean;
  autoassign_licenses: boolean;
  ldap_import: boolean;
  two_factor_optin: boolean;
  two_factor_enrolled: boolean;
  manager_id: number | null;
  company_id: number | null;
  department_id: number | null;
  location_id: number | null;
  /** The id of the user who created this one (`created_by`, rendered as `{id, name}`). */
  created_by?: number | null;
  start_date: string | null;
  end_date: string | null;
  /** The raw JSON string stored in `users.permissions`. */
  permissions: string | null;
  /** Group ids (the `users_groups` pivot). */
  groups: number[];
  created_at: string;
  updated_at: string;
  last_login: string | null;
  deleted_at: string | null;
}

export const fakeHash = (password: string): string => `sha256:${createHash("sha256").update(password).digest("hex")}`;

/** A stored record with defaults for every column not given. */
export function snipeItRecord(fields: Partial<SnipeItRecord> & { id: number }): SnipeItRecord {
  return {
    first_name: "User",
    last_name: null,
    username: `user${fields.id}`,
    email: null,
    password: fakeHash("initial-password"),
    jobtitle: null,
    phone: null,
    website: null,
    address: null,
    city: null,
    state: null,
    country: null,
    zip: null,
    locale: null,
    employee_num: null,
    notes: null,
    activated: true,
    remote: false,
    vip: false,
    autoassign_licenses: true,
    ldap_import: false,
    two_factor_optin: false,
    two_factor_enrolled: false,
    manager_id: null,
    company_id: null,
    department_id: null,
    location_id: null,
    created_by: null,
    start_date: null,
    end_date: null,
    permissions: null,
    groups: [],
    created_at: "2025-05-23 10:00:00",
    updated_at: "2025-05-23 10:00:00",
    last_login: null,
    deleted_at: null,
    ...fields,
  };
}

/**
 * `$fillable` (User.php:42-73) less `avatar`, `gravatar` and `scim_externalid`, which this
 * simulator does not store (an upload and SCIM's own id; see the README).
 */
export const FILLABLE = [
  "activated",
  "address",
  "city",
  "company_id",
  "country",
  "department_id",
  "email",
  "employee_num",
  "first_name",
  "jobtitle",
  "last_name",
  "ldap_import",
  "locale",
  "location_id",
  "manager_id",
  "password",
  "phone",
  "notes",
  "state",
  "username",
  "zip",
  "remote",
  "start_date",
  "end_date",
  "vip",
  "autoassign_licenses",
  "website",
] as const;

const BOOLEANS = new Set(["activated", "remote", "vip", "autoassign_licenses", "ldap_import"]);
/** SnipeModel's setters (SnipeModel.php:37-43,102-140): `$value == ''` (null, "", false) → null. */
const ID_SETTERS = new Set(["company_id", "department_id", "manager_id", "location_id"]);
/** User.php:75-82: cast to int when read (and so when Watson validates). */
const INT_CASTS = new Set(["manager_id", "location_id", "company_id"]);

/** The model's attributes while a save is pending: stored values, then what `fill()` put. */
export type Attributes = Record<string, unknown>;

/** `$user->fill($request->all())`: fillable keys only, through the id setters; the rest is ignored. */
export function fill(record: SnipeItRecord, input: Record<string, unknown>): Attributes {
  const out: Attributes = { ...record };
  for (const key of FILLABLE) {
    if (!Object.hasOwn(input, key)) continue;
    const v = input[key];
    out[key] = ID_SETTERS.has(key) && looseEquals(v, "") ? null : v;
  }
  return out;
}

/** The attributes as Watson hands them to the validator: integer casts applied (User.php:75-82). */
export function validationData(attributes: Attributes): Attributes {
  const out: Attributes = { ...attributes };
  for (const key of INT_CASTS) if (out[key] !== null && out[key] !== undefined) out[key] = intval(out[key]);
  return out;
}

/** User.php:90-110. */
export const MODEL_RULES: Record<string, RuleSpec> = {
  first_name: "required|string|min:1|max:191",
  username: "required|string|min:1|unique_undeleted|max:191",
  email: "email|nullable|max:191",
  password: "required|min:8",
  locale: "max:10|nullable",
  website: "url|nullable|max:191",
  manager_id: "nullable|exists:users,id|cant_manage_self",
  location_id: "exists:locations,id|nullable|fmcs_location",
  start_date: "nullable|date_format:Y-m-d",
  end_date: "nullable|date_format:Y-m-d|after_or_equal:start_date",
  autoassign_licenses: "boolean",
  address: "max:191|nullable",
  city: "max:191|nullable",
  state: "min:2|max:191|nullable",
  country: "min:2|max:191|nullable",
  zip: "max:10|nullable",
  vip: "boolean",
  remote: "boolean",
  activated: "boolean",
};

/**
 * SaveUserRequest::rules() (SaveUserRequest.php:33-71). On PUT and PATCH `company_id`'s rules are
 * REPLACED by the company-switch rule alone (:57,:63), so an unknown company id is not refused.
 * `pwd_secure_min` is 8 and no complexity rules are set (Setting.php:274-293 with the defaults).
 */
export function formRules(
  method: string,
  input: Record<string, unknown>,
  companySwitch: RuleObject,
): Record<string, RuleSpec> {
  const rules: Record<string, RuleSpec> = {
    department_id: "nullable|integer|exists:departments,id",
    manager_id: "nullable|exists:users,id",
    company_id: ["nullable", "integer", "exists:companies,id"],
  };
  if (method === "POST") {
    rules.first_name = "required|string|min:1";
    rules.username = "required_unless:ldap_import,1|string|min:1";
    // `$this->request->get('ldap_import') == false`: absent, null, "", "0", 0, false (SaveUserRequest.php:47).
    if (looseEquals(input.ldap_import ?? null, false)) rules.password = "required|min:8|confirmed";
  } else if (method === "PUT") {
    rules.first_name = "required|string|min:1";
    rules.username = "required_unless:ldap_import,1|string|min:1";
    rules.password = "nullable|min:8|confirmed";
    rules.company_id = [companySwitch];
  } else if (method === "PATCH") {
    rules.password = "nullable|min:8";
    rules.company_id = [companySwitch];
  }
  return rules;
}

/**
 * The attributes as stored once the save passed validation: booleans as booleans, ids as ints.
 * A list or map for a scalar column cannot be stored ("Array to string conversion"): the caller
 * answers 500 for it before calling this.
 */
export function toRecord(attributes: Attributes): SnipeItRecord {
  const out: Attributes = { ...attributes };
  for (const key of FILLABLE) {
    const v = out[key];
    if (BOOLEANS.has(key)) out[key] = v === true || v === 1 || v === "1";
    else if (key.endsWith("_id")) out[key] = v === null || v === undefined ? null : intval(v);
    else if (v !== null && v !== undefined) out[key] = v === true ? "1" : v === false ? "" : String(v);
  }
  return out as unknown as SnipeItRecord;
}

/** A fillable scalar column given a list or an object (not storable). */
export const unstorable = (input: Record<string, unknown>): string | undefined =>
  FILLABLE.find((k) => Object.hasOwn(input, k) && input[k] !== null && typeof input[k] === "object");
