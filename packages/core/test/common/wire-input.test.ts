/**
 * Input that JSON would silently change (issue 12, item 4): NaN and ±Infinity become `null` (which
 * clears a field), functions, symbols and BigInts vanish or throw, `undefined` in an array becomes
 * `null`. wireCopy refuses each with an InvalidInputError naming its path; huge invalid inputs give
 * one bounded error, fast, never a RangeError.
 */
import { describe, expect, it } from "vitest";
import {
  assertValid,
  collectIssues,
  InvalidInputError,
  MAX_ISSUES,
  schemaValidator,
  wireCopy,
} from "../../src/internal.js";

const ctx = { vendor: "test", operation: "updateThing" };

function refusal(value: unknown): InvalidInputError {
  try {
    wireCopy(value, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("wireCopy accepted it");
}

describe("wireCopy refuses what JSON would change", () => {
  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["a function", () => 1],
    ["a symbol", Symbol("x")],
    ["a BigInt", 1n],
  ])("%s, at any depth, naming the path", (_name, bad) => {
    expect(refusal({ manager_id: bad }).issues).toEqual([{ path: "manager_id", message: expect.any(String) }]);
    expect(refusal({ a: { b: [1, bad] } }).issues).toEqual([{ path: "a.b.1", message: expect.any(String) }]);
  });

  it("undefined inside an array (JSON would send null)", () => {
    expect(refusal({ groups: ["a", undefined] }).issues).toEqual([{ path: "groups.1", message: expect.any(String) }]);
  });

  it("names every problem at once", () => {
    const error = refusal({ a: Number.NaN, b: () => 1, c: [undefined], d: { e: Symbol("s") } });
    expect(error.issues.map((i) => i.path)).toEqual(["a", "b", "c.0", "d.e"]);
  });

  it("still drops undefined members and keeps what JSON keeps (nulls, nesting)", () => {
    expect(wireCopy({ a: undefined, b: null, c: [1, "x", { d: true }] }, ctx)).toEqual({
      b: null,
      c: [1, "x", { d: true }],
    });
    expect(wireCopy(Object.assign(Object.create(null), { a: 1 }), ctx)).toEqual({ a: 1 });
    expect(Object.is(wireCopy({ z: -0 }, ctx).z, 0)).toBe(true); // as JSON sends it: the plan shows what goes
  });

  it("refuses a cycle as input, not a crash", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(refusal(a).issues[0]?.path).toBe("self");
  });

  it("1,000,000 invalid items: one InvalidInputError with a bounded list, fast", () => {
    const start = performance.now();
    const error = refusal({ list: new Array(1_000_000).fill(Number.NaN) });
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(error.issues.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
    expect(error.issues[0]).toEqual({ path: "list.0", message: expect.any(String) });
    expect(error.issues.at(-1)?.message).toMatch(/999,?900 more/);
    expect(error.message.length).toBeLessThan(20_000);
  });
});

describe("collecting issues over huge inputs", () => {
  const strings = schemaValidator({
    type: "object",
    properties: { list: { type: "array", items: { type: "string" } } },
  });

  it("1,000,000 invalid items against a schema: one bounded InvalidInputError, no RangeError", () => {
    const start = performance.now();
    const data = { list: new Array(1_000_000).fill(1) };
    const issues = collectIssues([strings, data], [strings, data]);
    expect(issues.length).toBeLessThanOrEqual(2 * (MAX_ISSUES + 1));
    let error: unknown;
    try {
      assertValid(ctx, [strings, data]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(performance.now() - start).toBeLessThan(3_000);
  });

  it("an InvalidInputError built from 1,000,000 issues keeps a bounded list", () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => ({ path: `list.${i}`, message: "must be string" }));
    const error = new InvalidInputError(many, ctx);
    expect(error.issues.length).toBe(MAX_ISSUES + 1);
    expect(error.issues.at(-1)?.message).toMatch(/999,?900 more/);
  });
});

describe("wireCopy refuses hostile and non-plain input, naming the path (issue 22)", () => {
  const only = (value: unknown) => refusal(value).issues;

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a list", ["title"]],
    ["a string", "title"],
    ["a number", 42],
  ])("changes that are %s: not an object", (_name, changes) => {
    expect(only(changes)).toEqual([{ path: "", message: "must be an object of the fields to change" }]);
  });

  it("a throwing getter, at any depth: its message quoted, the other problems still named", () => {
    const getter = {
      get jobtitle(): string {
        throw new Error("boom");
      },
    };
    expect(only(getter)).toEqual([{ path: "jobtitle", message: "cannot be read: boom" }]);
    expect(only({ a: [1, getter], b: Number.NaN })).toEqual([
      { path: "a.1.jobtitle", message: "cannot be read: boom" },
      { path: "b", message: expect.stringContaining("finite number") },
    ]);
  });

  it("Proxies whose traps throw, and revoked Proxies, at the top and inside", () => {
    const trap = (name: string) => () => {
      throw new TypeError(`${name} trap`);
    };
    for (const handler of ["ownKeys", "get", "getPrototypeOf", "getOwnPropertyDescriptor"]) {
      const proxy = new Proxy({ a: 1 }, { [handler]: trap(handler) });
      const top = only(proxy);
      expect(top).toHaveLength(1);
      expect(top[0]?.message).toMatch(/^cannot be read: /);
      expect(only({ x: { y: proxy } }).map((i) => i.path)[0]).toMatch(/^x\.y/);
    }
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(only(proxy)).toEqual([{ path: "", message: expect.stringMatching(/^cannot be read: .*revoked/) }]);
    expect(only({ list: [proxy] })).toEqual([{ path: "list.0", message: expect.stringMatching(/revoked/) }]);
  });

  it("a thrown non-Error, even one whose toString throws, is still an issue", () => {
    const nasty = {
      toString() {
        throw new Error("no");
      },
    };
    const changes = {
      get a(): string {
        throw nasty;
      },
      get b(): string {
        throw "plain text";
      },
    };
    expect(only(changes)).toEqual([
      { path: "a", message: "cannot be read: it threw" },
      { path: "b", message: "cannot be read: plain text" },
    ]);
  });

  it.each([
    ["a Date", new Date(0), /not a Date \(sent as "1970-01-01T00:00:00.000Z"\)/],
    ["an invalid Date", new Date(Number.NaN), /not a Date \(sent as null\)/],
    ["a Map", new Map([["a", 1]]), /not an instance of Map/],
    ["a Set", new Set([1]), /not an instance of Set/],
    ["a RegExp", /x/, /not an instance of RegExp/],
    ["a Uint8Array", new Uint8Array(2), /not an instance of Uint8Array/],
    [
      "a class instance",
      new (class Person {
        name = "Ada";
      })(),
      /not an instance of Person/,
    ],
    ["an object with toJSON", { toJSON: () => "CTO" }, /toJSON/],
    ["an Error", new Error("x"), /not an instance of Error/],
    ["a boxed string", new String("CTO"), /not an instance of String/],
    ["a boxed number", new Number(5), /not an instance of Number/],
    ["a boxed boolean", new Boolean(false), /not an instance of Boolean/],
  ])("%s for a field: refused (JSON would send something else)", (_name, value, message) => {
    expect(only({ jobtitle: value })).toEqual([{ path: "jobtitle", message: expect.stringMatching(message) }]);
    expect(only({ deep: [{ jobtitle: value }] })).toEqual([
      { path: "deep.0.jobtitle", message: expect.stringMatching(message) },
    ]);
  });

  it("a Date or a class instance as the whole changes: refused as such", () => {
    expect(only(new Date(0))).toEqual([{ path: "", message: expect.stringMatching(/not a Date/) }]);
  });
});
