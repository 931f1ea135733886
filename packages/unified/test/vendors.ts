/**
 * The five adapters under test, each with a valid id, and the mapping table as data: for every
 * capability, a normalized value and the vendor fields it must become (README's table, executable).
 */
import { nexudus } from "../src/adapters/nexudus.js";
import { onlyoffice } from "../src/adapters/onlyoffice.js";
import { sailpointNerm } from "../src/adapters/sailpoint-nerm.js";
import { snipeIt } from "../src/adapters/snipe-it.js";
import { zluri } from "../src/adapters/zluri.js";
import { connect } from "../src/index.js";

export interface VendorCase {
  name: "snipe-it" | "zluri" | "onlyoffice" | "nexudus" | "sailpoint-nerm";
  id: string;
  connect(baseUrl: string, fetch?: typeof globalThis.fetch): ReturnType<typeof connect>;
  /** normalized field → [value, the vendor update it maps to] */
  table: Record<string, [unknown, Record<string, unknown>]>;
  /** The normalized fields this vendor cannot set. */
  cannot: string[];
}

// The ids of the users in the specs' examples (Prism serves those whatever the id asked).
const OBJECT_ID = "64b7f0c2a1d3e4f5a6b7c8d9";
const GUID = "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a";
const UUID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";

// Every case is made with `verify: false`: these adapters run against Prism (or canned answers), which
// answer the spec's example rather than what was stored, so the after-write check could never pass.
// biome-ignore lint/suspicious/noExplicitAny: each case erases its adapter's own types for the table-driven tests
const erase = (users: unknown) => users as ReturnType<typeof connect<string, any, any, any>>;

export const vendors: VendorCase[] = [
  {
    name: "snipe-it",
    id: "13",
    connect: (baseUrl, fetch) =>
      erase(
        connect(snipeIt({ baseUrl, token: "tok-snipe-1", maxRetries: 0, verify: false, ...(fetch ? { fetch } : {}) })),
      ),
    table: {
      givenName: ["Ada", { first_name: "Ada" }],
      familyName: ["Lovelace", { last_name: "Lovelace" }],
      email: ["ada@example.com", { email: "ada@example.com" }],
      username: ["ada", { username: "ada" }],
      password: ["correct horse battery", { password: "correct horse battery" }],
      title: ["CTO", { jobtitle: "CTO" }],
      departmentId: ["4", { department_id: 4 }],
      managerId: ["7", { manager_id: 7 }],
      locationId: ["2", { location_id: 2 }],
      employeeNumber: ["E-1024", { employee_num: "E-1024" }],
      phone: ["+44 20 7946 0000", { phone: "+44 20 7946 0000" }],
      notes: ["Promoted", { notes: "Promoted" }],
      active: [false, { activated: false }],
    },
    cannot: ["displayName", "locale", "admin"],
  },
  {
    name: "zluri",
    id: OBJECT_ID,
    connect: (baseUrl, fetch) =>
      erase(
        connect(zluri({ baseUrl, apiKey: "key-zluri-1", maxRetries: 0, verify: false, ...(fetch ? { fetch } : {}) })),
      ),
    table: {
      displayName: ["Ada Lovelace", { user_name: "Ada Lovelace" }],
      email: ["ada@example.com", { user_email: "ada@example.com" }],
      title: ["CTO", { user_designation: "CTO" }],
      departmentId: ["64b7f0c2a1b2c3d4e5f60719", { user_department_id: "64b7f0c2a1b2c3d4e5f60719" }],
      managerId: ["64b7f0c2a1b2c3d4e5f6071a", { reporting_manager_id: "64b7f0c2a1b2c3d4e5f6071a" }],
      active: [false, { user_status: "inactive" }],
    },
    cannot: [
      "givenName",
      "familyName",
      "username",
      "password",
      "locationId",
      "employeeNumber",
      "phone",
      "notes",
      "locale",
      "admin",
    ],
  },
  {
    name: "onlyoffice",
    id: GUID,
    connect: (baseUrl, fetch) =>
      erase(
        connect(onlyoffice({ baseUrl, token: "tok-oo-1", maxRetries: 0, verify: false, ...(fetch ? { fetch } : {}) })),
      ),
    table: {
      givenName: ["Ada", { firstname: "Ada" }],
      familyName: ["Lovelace", { lastname: "Lovelace" }],
      // Not the example user's current address: an unchanged email is no write at all.
      email: ["ada.lovelace@example.org", { email: "ada.lovelace@example.org" }],
      title: ["CTO", { title: "CTO" }],
      departmentId: ["1d5c2f3a-4b6e-4f70-8a9b-0c1d2e3f4a5b", { department: ["1d5c2f3a-4b6e-4f70-8a9b-0c1d2e3f4a5b"] }],
      managerId: ["2e6d3a4b-5c7f-4a81-9bac-1d2e3f4a5b6c", { lead: "2e6d3a4b-5c7f-4a81-9bac-1d2e3f4a5b6c" }],
      notes: ["Promoted", { comment: "Promoted" }],
      active: [false, { disable: true }],
    },
    cannot: ["displayName", "username", "password", "locationId", "employeeNumber", "phone", "locale", "admin"],
  },
  {
    name: "nexudus",
    id: "87654321",
    connect: (baseUrl, fetch) =>
      erase(
        connect(nexudus({ baseUrl, token: "tok-nx-1", maxRetries: 0, verify: false, ...(fetch ? { fetch } : {}) })),
      ),
    table: {
      displayName: ["Ada Lovelace", { FullName: "Ada Lovelace" }],
      email: ["ada@example.com", { Email: "ada@example.com" }],
      password: ["correct horse battery", { NewPassword: "correct horse battery" }],
      locale: ["en-GB", { Language: 3 }],
      active: [false, { Active: false }],
      admin: [true, { IsAdmin: true }],
    },
    cannot: [
      "givenName",
      "familyName",
      "username",
      "title",
      "departmentId",
      "managerId",
      "locationId",
      "employeeNumber",
      "phone",
      "notes",
    ],
  },
  {
    name: "sailpoint-nerm",
    id: UUID,
    connect: (baseUrl, fetch) =>
      erase(
        connect(
          sailpointNerm({ baseUrl, token: "tok-nerm-1", maxRetries: 0, verify: false, ...(fetch ? { fetch } : {}) }),
        ),
      ),
    table: {
      displayName: ["Ada Lovelace", { name: "Ada Lovelace" }],
      email: ["ada@example.com", { email: "ada@example.com" }],
      username: ["ada", { login: "ada" }],
      title: ["CTO", { title: "CTO" }],
      locale: ["fr-CA", { locale: "fr-CA" }],
      active: [false, { status: "Disabled" }],
    },
    cannot: [
      "givenName",
      "familyName",
      "password",
      "departmentId",
      "managerId",
      "locationId",
      "employeeNumber",
      "phone",
      "notes",
      "admin",
    ],
  },
];
