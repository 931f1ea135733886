/**
 * Issue 12 ("Safe writes"), items 3–5, for all five vendor packages and the facade, against local
 * node:http servers: credentials never follow a redirect to another origin (each vendor's own
 * header form), values JSON would turn into `null` or drop are refused before any request, huge
 * invalid lists give one bounded error fast, and credentials with control characters are refused
 * at createClient.
 */
import { InvalidInputError, RedirectError } from "@userbridge/core";
import * as nexudus from "@userbridge/nexudus";
import * as onlyoffice from "@userbridge/onlyoffice";
import * as nerm from "@userbridge/sailpoint-nerm";
import * as snipeIt from "@userbridge/snipe-it";
import * as zluri from "@userbridge/zluri";
import { describe, expect, it } from "vitest";
import { json, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { vendors } from "./vendors.js";

const serve = serverPerTest();

const SECRET = "s3cr3t-credential-9f8e7d";
const OBJECT_ID = "64b7f0c2a1d3e4f5a6b7c8d9";
const GUID = "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a";
const UUID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";

interface Case {
  name: string;
  /** The field the bad value goes into (the ones issue 12 names where it names one). */
  field: string;
  /** A valid change, so that only the redirect stops it. */
  valid: Record<string, unknown>;
  make(baseUrl: string): { get(): Promise<unknown>; update(changes: Record<string, unknown>): Promise<unknown> };
}

// biome-ignore lint/suspicious/noExplicitAny: the table erases each vendor's change type to feed it bad input
type Loose = any;

const cases: Case[] = [
  {
    name: "snipe-it (Authorization: Bearer)",
    field: "manager_id",
    valid: { jobtitle: "CTO" },
    make(baseUrl) {
      const c = snipeIt.createClient({ baseUrl, token: SECRET, maxRetries: 0 });
      return { get: () => snipeIt.getUser(c, 13), update: (ch) => snipeIt.updateUser(c, 13, ch as Loose) };
    },
  },
  {
    name: "zluri (api-key)",
    field: "user_custom_fields.0.field_value",
    valid: { user_designation: "CTO" },
    make(baseUrl) {
      const c = zluri.createClient({ baseUrl, apiKey: SECRET, maxRetries: 0 });
      return { get: () => zluri.getUser(c, OBJECT_ID), update: (ch) => zluri.updateUser(c, OBJECT_ID, ch as Loose) };
    },
  },
  {
    name: "onlyoffice (bare token in Authorization)",
    field: "lead",
    valid: { firstname: "Ada" },
    make(baseUrl) {
      const c = onlyoffice.createClient({ baseUrl, token: SECRET, maxRetries: 0 });
      return { get: () => onlyoffice.getUser(c, GUID), update: (ch) => onlyoffice.updateUser(c, GUID, ch as Loose) };
    },
  },
  {
    name: "onlyoffice (userName + password login)",
    field: "lead",
    valid: { firstname: "Ada" },
    make(baseUrl) {
      const c = onlyoffice.createClient({ baseUrl, userName: "ada@example.com", password: SECRET, maxRetries: 0 });
      return { get: () => onlyoffice.getUser(c, GUID), update: (ch) => onlyoffice.updateUser(c, GUID, ch as Loose) };
    },
  },
  {
    name: "nexudus (Authorization: Bearer)",
    field: "LastAccess",
    valid: { FullName: "Ada Lovelace" },
    make(baseUrl) {
      const c = nexudus.createClient({ baseUrl, token: SECRET, maxRetries: 0 });
      return { get: () => nexudus.getUser(c, 87654321), update: (ch) => nexudus.updateUser(c, 87654321, ch as Loose) };
    },
  },
  {
    name: "nexudus (Authorization: Basic)",
    field: "LastAccess",
    valid: { FullName: "Ada Lovelace" },
    make(baseUrl) {
      const c = nexudus.createClient({
        baseUrl,
        username: "ada@example.com",
        password: SECRET,
        basic: true,
        maxRetries: 0,
      });
      return { get: () => nexudus.getUser(c, 87654321), update: (ch) => nexudus.updateUser(c, 87654321, ch as Loose) };
    },
  },
  {
    name: "nexudus (password grant)",
    field: "LastAccess",
    valid: { FullName: "Ada Lovelace" },
    make(baseUrl) {
      const c = nexudus.createClient({ baseUrl, username: "ada@example.com", password: SECRET, maxRetries: 0 });
      return { get: () => nexudus.getUser(c, 87654321), update: (ch) => nexudus.updateUser(c, 87654321, ch as Loose) };
    },
  },
  {
    name: "sailpoint-nerm (Authorization: Bearer)",
    field: "title",
    valid: { title: "CTO" },
    make(baseUrl) {
      const c = nerm.createClient({ baseUrl, token: SECRET, maxRetries: 0 });
      return { get: () => nerm.getUser(c, UUID), update: (ch) => nerm.updateUser(c, UUID, ch as Loose) };
    },
  },
];

const OID = "64b7f0c2a1d3e4f5a6b7c8e0";

/** The changes that put `value` at the case's field (Zluri's custom field values take any JSON). */
function put(field: string, value: unknown): Record<string, unknown> {
  if (field.startsWith("user_custom_fields.")) return { user_custom_fields: [{ field_id: OID, field_value: value }] };
  return { [field]: value };
}

const carries = (server: TestServer, secret: string) =>
  server.received.some((r) =>
    [JSON.stringify(r.headers), r.body, r.url].some(
      (text) => text.includes(secret) || text.includes(btoa(`ada@example.com:${secret}`)),
    ),
  );

describe("a redirect to another origin never carries the credentials", () => {
  for (const c of cases) {
    for (const status of [301, 302, 307, 308]) {
      it(`${c.name}: ${status} → RedirectError naming the other origin, nothing sent there`, async () => {
        const evil = await serve(json(200, {}));
        const origin = await serve((req, res) => {
          res.writeHead(status, { location: `${evil.url}${req.url}` });
          res.end();
        });
        const client = c.make(origin.url);
        for (const call of [() => client.get(), () => client.update(c.valid)]) {
          const error = await call().catch((e) => e);
          expect(error).toBeInstanceOf(RedirectError);
          expect(error.message).toContain(new URL(evil.url).origin);
        }
        expect(evil.received).toEqual([]);
        expect(carries(evil, SECRET)).toBe(false);
      });
    }
  }
});

const BAD: [string, unknown, string][] = [
  ["NaN", Number.NaN, ""],
  ["Infinity", Number.POSITIVE_INFINITY, ""],
  ["-Infinity", Number.NEGATIVE_INFINITY, ""],
  ["a function", () => "x", ""],
  ["a symbol", Symbol("x"), ""],
  ["undefined inside an array", ["x", undefined], ".1"],
];

describe("values JSON would change are refused before any request", () => {
  for (const c of cases.filter(
    (x, i, all) => all.findIndex((y) => y.name.split(" ")[0] === x.name.split(" ")[0]) === i,
  )) {
    it.each(BAD)(`${c.name.split(" ")[0]} updateUser: %s`, async (_name, bad, suffix) => {
      const server = await serve(json(500, {}));
      const error = await c
        .make(server.url)
        .update(put(c.field, bad))
        .catch((e) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.issues).toContainEqual({ path: `${c.field}${suffix}`, message: expect.any(String) });
      expect(server.received).toEqual([]);
    });

    it(`${c.name.split(" ")[0]} updateUser: 1,000,000 invalid list items → one bounded InvalidInputError, fast`, async () => {
      const server = await serve(json(500, {}));
      const client = c.make(server.url);
      for (const changes of [put(c.field, new Array(1_000_000).fill(Number.NaN)), ...hugeSchemaCase(c.field)]) {
        const start = performance.now();
        const error = await client.update(changes).catch((e) => e);
        expect(error).toBeInstanceOf(InvalidInputError);
        expect(error.issues.length).toBeLessThanOrEqual(102);
        expect(performance.now() - start).toBeLessThan(5_000);
      }
      expect(server.received).toEqual([]);
    });
  }
});

/** Lists the vendor's own rules refuse item by item (NERM group names, Nexudus id lists). */
function hugeSchemaCase(field: string): Record<string, unknown>[] {
  if (field === "title") return [{ groups: new Array(1_000_000).fill("a,b") }];
  if (field === "LastAccess") return [{ AddedBusinesses: new Array(1_000_000).fill("x") }];
  return [];
}

const FIELDS: Record<string, string> = {
  "snipe-it": "manager_id",
  zluri: "user_custom_fields.0.field_value",
  onlyoffice: "lead",
  nexudus: "LastAccess",
  "sailpoint-nerm": "title",
};

describe("the facade refuses them too (vendor fields passed through)", () => {
  for (const v of vendors) {
    it.each(BAD)(`${v.name}: %s`, async (_name, bad, suffix) => {
      const server = await serve(json(500, {}));
      const field = FIELDS[v.name] as string;
      const error = await v
        .connect(server.url)
        .update(v.id, { vendor: put(field, bad) })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues.map((i) => i.path)).toContainEqual(
        expect.stringMatching(new RegExp(`^(vendor\\.)?${`${field}${suffix}`.replace(/\./g, "\\.")}$`)),
      );
      expect(server.received).toEqual([]);
    });
  }
});

describe("credentials with control characters are refused at createClient", () => {
  const bad = `${SECRET}\r\nX-Injected: 1`;
  it.each([
    ["snipe-it token", "token", () => snipeIt.createClient({ baseUrl: "https://a.example", token: bad })],
    ["zluri apiKey", "apiKey", () => zluri.createClient({ baseUrl: "https://a.example", apiKey: bad })],
    ["onlyoffice token", "token", () => onlyoffice.createClient({ baseUrl: "https://a.example", token: bad })],
    [
      "onlyoffice password",
      "password",
      () => onlyoffice.createClient({ baseUrl: "https://a.example", userName: "ada", password: bad }),
    ],
    ["nexudus token", "token", () => nexudus.createClient({ baseUrl: "https://a.example", token: bad })],
    [
      "nexudus Basic password",
      "password",
      () => nexudus.createClient({ baseUrl: "https://a.example", username: "ada", password: bad, basic: true }),
    ],
    ["sailpoint-nerm token", "token", () => nerm.createClient({ baseUrl: "https://a.example/api", token: bad })],
  ])("%s", (_name, path, create) => {
    let error: unknown;
    try {
      create();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([
      { path, message: expect.stringMatching(/control character/) },
    ]);
    expect(`${(error as Error).message}${JSON.stringify(error)}`).not.toContain(SECRET);
  });
});
