/**
 * The model of ONLYOFFICE's argument binder (src/simulator/binder.ts) on its own: how a request
 * becomes the name/value collection (ApiArgumentBuilder.cs:150-291, Json.NET's XmlNodeConverter)
 * and how each parameter type binds from it (ApiArgumentBuilder.cs:42-139, Binder.cs:85-272,
 * ConvertUtils.cs:56-66). Cited as AB: and B:.
 */
import { describe, expect, it } from "vitest";
import {
  apiDateTimeType,
  BindError,
  bindArguments,
  collectionOf,
  enumType,
  type NameValues,
  type ParamType,
  parseGuid,
  requestParams,
  types,
} from "../src/simulator/binder.js";

const G1 = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const G2 = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
const json = (body: unknown, extra: { route?: Record<string, string>; query?: string; offset?: number } = {}) =>
  requestParams({
    method: "PUT",
    route: extra.route ?? {},
    query: new URLSearchParams(extra.query ?? ""),
    contentType: "application/json; charset=utf-8",
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    serverOffsetMin: extra.offset ?? 0,
  });
const entries = (values: NameValues) => values.keys().map((k) => [k, values.getValues(k)]);
const contact: ParamType = {
  clr: "ASC.Api.Employee.Contact",
  convert: () => undefined,
  fallback: null,
  properties: { Type: types.string, Value: types.string },
};
const contacts = collectionOf(contact, "IEnumerable`1[Contact]");
const guids = collectionOf(types.guid, "System.Guid[]");
const bind = (name: string, type: ParamType, values: NameValues) => bindArguments([{ name, type }], values)[name];
const bindError = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof BindError) return { status: error.status, message: error.message, hresult: error.hresult };
    throw error;
  }
  throw new Error("bound");
};

describe("the request's name/value collection (AB:150-291)", () => {
  it("route values, then the query, then the JSON body; names case-insensitive, values in order", () => {
    const values = json({ Title: "b" }, { route: { userid: "u" }, query: "title=a" });
    expect(entries(values)).toEqual([
      ["userid", ["u"]],
      ["title", ["a", "b"]],
    ]);
    expect(values.get("TITLE")).toBe("a,b"); // NameValueCollection's indexer joins with commas
  });

  it("JSON null is an empty element: the string '' (XmlNodeConverter.CreateElement, JsonToken.Null)", () => {
    expect(entries(json({ title: null, n: 5, b: true }))).toEqual([
      ["title", [""]],
      ["n", ["5"]],
      ["b", ["true"]],
    ]);
  });

  it("an array is one element per item: none when empty, one item the same as a plain value (AB:223-254)", () => {
    expect(entries(json({ department: [] }))).toEqual([]);
    expect(entries(json({ department: [G1] }))).toEqual([["department", [G1]]]);
    expect(entries(json({ department: [G1, G2] }))).toEqual([["department", [G1, G2]]]);
  });

  it("objects: indexed when the name repeats, bare when it does not (AB:240, :255-261, :267-291)", () => {
    const two = json({
      contacts: [
        { Type: "a", Value: "1" },
        { Type: "b", Value: "2" },
      ],
    });
    expect(two.keys()).toEqual(["contacts[0][Type]", "contacts[0][Value]", "contacts[1][Type]", "contacts[1][Value]"]);
    expect(json({ contacts: [{ Type: "a", Value: "1" }] }).keys()).toEqual(["contacts[Type]", "contacts[Value]"]);
    // A trailing null makes the name repeat: the items are indexed, the empty one adds nothing.
    expect(json({ contacts: [{ Type: "a", Value: "1" }, null] }).keys()).toEqual([
      "contacts[0][Type]",
      "contacts[0][Value]",
    ]);
    expect(json({ a: { b: { c: "x" } } }).keys()).toEqual(["a[b][c]"]);
  });

  it("malformed JSON, or JSON that is not an object, is the 400 'Unable to deserialize json' (AB:190-197)", () => {
    for (const body of ["{", "[1]", '"x"']) {
      expect(bindError(() => json(body))).toEqual({
        status: 400,
        message: "Unable to deserialize json",
        hresult: -2147024809,
      });
    }
    expect(json("").keys()).toEqual([]);
    expect(json("null").keys()).toEqual([]);
  });

  it("Json.NET re-writes ISO date strings: trailing zeros of the fraction dropped, an offset in the server's zone", () => {
    const values = json({
      a: "2021-03-01T00:00:00.500Z",
      b: "2021-03-01T00:00:00.0000000Z",
      c: "2021-03-01T02:00:00+02:00",
      d: "1990-12-10",
    });
    expect(values.get("a")).toBe("2021-03-01T00:00:00.5Z");
    expect(values.get("b")).toBe("2021-03-01T00:00:00Z");
    expect(values.get("c")).toBe("2021-03-01T00:00:00+00:00");
    expect(values.get("d")).toBe("1990-12-10");
  });

  it("a form body for any other content type of a non-GET request (AB:209-217)", () => {
    const values = requestParams({
      method: "PUT",
      route: {},
      query: new URLSearchParams(),
      contentType: "application/x-www-form-urlencoded",
      rawBody: "contacts[0][Type]=mail&contacts[0][Value]=a",
    });
    expect(bind("contacts", contacts, values)).toEqual([{ Type: "mail", Value: "a" }]);
  });
});

describe("binding one parameter (AB:42-139, B:85-272)", () => {
  it("bool: absent, null and '' are false (the default); true/false any case; anything else 400 (AB:64-72, :130)", () => {
    expect(bind("isVisitor", types.bool, json({}))).toBe(false);
    expect(bind("isVisitor", types.bool, json({ isVisitor: null }))).toBe(false);
    expect(bind("isVisitor", types.bool, json({ isVisitor: "" }))).toBe(false);
    expect(bind("isVisitor", types.bool, json({ ISVISITOR: "True" }))).toBe(true);
    expect(bindError(() => bind("isVisitor", types.bool, json({ isVisitor: 1 })))).toEqual({
      status: 400,
      message: "Failed to convert parameter '1' to type 'System.Boolean'",
      hresult: -2146233033,
    });
  });

  it("bool? and Guid?: absent, null and '' are null (NullableConverter); a non-GUID 400", () => {
    for (const body of [{}, { lead: null }, { lead: "" }]) {
      expect(bind("lead", types.nullableGuid, json(body))).toBeNull();
      expect(bind("disable", types.nullableBool, json(body))).toBeNull();
    }
    expect(bindError(() => bind("lead", types.nullableGuid, json({ lead: "x" }))).message).toBe(
      "Failed to convert parameter 'x' to type 'System.Nullable`1[System.Guid]'",
    );
  });

  it("Guid: every form .NET parses (N, D, B, P), lower-cased (GuidConverter: new Guid(s.Trim()))", () => {
    const upper = G1.toUpperCase();
    for (const form of [G1, upper.replace(/-/g, ""), `{${G1}}`, `(${G1})`, ` ${G1} `]) expect(parseGuid(form)).toBe(G1);
    expect(parseGuid("not-a-guid")).toBeUndefined();
  });

  it("string: absent is null; null and '' are ''; a number its text; several values: the first (AB:66)", () => {
    expect(bind("title", types.string, json({}))).toBeNull();
    expect(bind("title", types.string, json({ title: null }))).toBe("");
    expect(bind("title", types.string, json({ title: 42 }))).toBe("42");
    expect(bind("title", types.string, json({ title: ["a", "b"] }))).toBe("a");
    // An object binds under other names (`title[a]`): the parameter itself is absent.
    expect(bind("title", types.string, json({ title: { a: 1 } }))).toBeNull();
  });

  it("Guid[]: absent or [] is an EMPTY array, never null (B:96-106, :109-127); null, '' or a non-GUID 400", () => {
    expect(bind("department", guids, json({}))).toEqual([]);
    expect(bind("department", guids, json({ department: [] }))).toEqual([]);
    expect(bind("department", guids, json({ department: [G1.replace(/-/g, ""), G2] }))).toEqual([G1, G2]);
    expect(bindError(() => bind("department", guids, json({ department: null }))).message).toBe(
      "Failed to convert parameter '' to type 'System.Guid'",
    );
    expect(bindError(() => bind("department", guids, json({ department: ["x"] }))).status).toBe(400);
  });

  it("a collection of objects: indexed items bind; a ONE-item list only through the bare prefix (B:214-272, :194-210)", () => {
    const a = { Type: "mail", Value: "a@b.c" };
    // `contacts[Type]` groups under `contacts[]`, where nothing is found; a key that does not start
    // with the prefix (a route value, always there for UpdateMember's `{userid}`) adds the "simple"
    // group, which reads `contacts` + `[Type]`: the item binds.
    expect(bind("contacts", contacts, json({ contacts: [a] }))).toEqual([]);
    expect(bind("contacts", contacts, json({ contacts: [a] }, { route: { userid: "u" } }))).toEqual([a]);
    expect(bind("contacts", contacts, json({ contacts: [a, null] }))).toEqual([a]);
    expect(bind("contacts", contacts, json({ contacts: [a, { type: "phone", value: "1" }] }))).toEqual([
      a,
      { Type: "phone", Value: "1" },
    ]);
    for (const body of [{}, { contacts: null }, { contacts: "" }, { contacts: "x" }]) {
      expect(bind("contacts", contacts, json(body))).toEqual([]);
    }
    // Property names are matched as declared, camelCase or lower case; `Contacts` is another prefix.
    expect(bind("contacts", contacts, json({ Contacts: [a, a] }))).toEqual([]);
  });

  it("an enum: names in any case, numbers, comma lists; All and Default bind (EnumConverter)", () => {
    const status = enumType("EmployeeStatus", { Active: 1, Terminated: 2, LeaveOfAbsence: 4, All: 7, Default: 5 });
    const route = (s: string) => bind("status", status, json({}, { route: { status: s } }));
    expect([route("All"), route("active"), route("2"), route("Active,Terminated"), route("Default")]).toEqual([
      7, 1, 2, 3, 5,
    ]);
    expect(bindError(() => route("Asleep")).message).toBe(
      "Failed to convert parameter 'Asleep' to type 'EmployeeStatus'",
    );
  });

  it("ApiDateTime: absent, null and '' are null (a class that binds nothing, B:131-169); its formats or 400", () => {
    const date = apiDateTimeType(60);
    for (const body of [{}, { birthday: null }, { birthday: "" }])
      expect(bind("birthday", date, json(body))).toBeNull();
    expect(bind("birthday", date, json({ birthday: "1990-12-10" }))).toBe(Date.UTC(1990, 11, 9, 23)); // portal zone +01:00
    expect(bind("birthday", date, json({ birthday: "1990-12-10T00:00:00Z" }))).toBe(Date.UTC(1990, 11, 10));
    expect(bind("birthday", date, json({ birthday: "1990-12-10T00:00:00.123Z" }))).toBe(
      Date.UTC(1990, 11, 10, 0, 0, 0, 123),
    );
    // `.120` becomes `.12` in Json.NET's re-writing, which no format of ApiDateTime.Parse reads.
    for (const bad of ["1990-12-10T00:00:00.120Z", "1990-12-10T00:00", "yesterday", 42, true]) {
      expect(bindError(() => bind("birthday", date, json({ birthday: bad }))).status).toBe(400);
    }
  });
});
