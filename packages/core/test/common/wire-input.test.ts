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

  it("still drops undefined members and keeps what JSON keeps (toJSON, nulls, nesting)", () => {
    const date = new Date("2026-01-02T03:04:05.000Z");
    expect(wireCopy({ a: undefined, b: null, c: [1, "x", { d: true }], date }, ctx)).toEqual({
      b: null,
      c: [1, "x", { d: true }],
      date: "2026-01-02T03:04:05.000Z",
    });
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
