/**
 * Hostile caller data for property tests (issue 22): what a JavaScript caller (or a bad cast) can
 * hand a public function instead of plain data. fast-check draws a *description* (plain data, so a
 * failing case prints and shrinks), and `buildHostile` makes the value, fresh for each run.
 *
 * Each case says where the InvalidInputError must point (`path`): "" for the changes as a whole.
 */
import { InvalidInputError } from "@userbridge/core";
import fc from "fast-check";
import { expect } from "vitest";

/** The changes as a whole: not an object, or one that cannot be read. */
const WHOLE = [
  "null",
  "undefined",
  "list",
  "string",
  "number",
  "date",
  "proxy-ownKeys",
  "proxy-getPrototypeOf",
  "revoked-proxy",
] as const;
/** One field's value: a throwing getter, a Proxy whose trap throws, or what JSON would convert. */
const FIELD = [
  "getter",
  "proxy-get",
  "proxy-ownKeys",
  "revoked-proxy",
  "date",
  "invalid-date",
  "class-instance",
  "toJSON",
  "map",
  "set",
  "regexp",
  "typed-array",
  "boxed-string",
] as const;

export type HostileCase =
  | { at: "whole"; kind: (typeof WHOLE)[number] }
  | {
      at: "field";
      kind: (typeof FIELD)[number];
      /** The field the hostile value is given for (a string field of the vendor's spec). */
      key: string;
      /** 0: the field itself; 1: inside a list under the field; 2: inside an object inside that list. */
      depth: 0 | 1 | 2;
      /** Valid fields sent along with it (the hostile one must still be refused). */
      others: Record<string, unknown>;
    };

/** Hostile cases for a vendor: `keys` are string fields of its update schema, `valid` valid changes. */
export function hostileCase(keys: readonly string[], valid: fc.Arbitrary<Record<string, unknown>>) {
  return fc.oneof(
    fc.record({ at: fc.constant("whole" as const), kind: fc.constantFrom(...WHOLE) }),
    fc.record({
      at: fc.constant("field" as const),
      kind: fc.constantFrom(...FIELD),
      key: fc.constantFrom(...keys),
      depth: fc.constantFrom(0 as const, 1 as const, 2 as const),
      others: valid,
    }),
  ) as fc.Arbitrary<HostileCase>;
}

class Person {
  name = "Ada";
}

const thrower = (what: string) => () => {
  throw new TypeError(`hostile ${what}`);
};

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({ title: "CTO" }, {});
  revoke();
  return proxy;
}

function value(kind: HostileCase["kind"]): unknown {
  switch (kind) {
    case "null":
      return null;
    case "undefined":
      return undefined;
    case "list":
      return ["title"];
    case "string":
      return "title";
    case "number":
      return 42;
    case "date":
      return new Date(0);
    case "invalid-date":
      return new Date(Number.NaN);
    case "proxy-ownKeys":
      return new Proxy({ title: "CTO" }, { ownKeys: thrower("ownKeys") });
    case "proxy-getPrototypeOf":
      return new Proxy({ title: "CTO" }, { getPrototypeOf: thrower("getPrototypeOf") });
    case "proxy-get":
      return new Proxy({ title: "CTO" }, { get: thrower("get") });
    case "revoked-proxy":
      return revoked();
    case "getter":
      return undefined; // built as an accessor below
    case "class-instance":
      return new Person();
    case "toJSON":
      return { toJSON: () => "CTO" };
    case "map":
      return new Map([["title", "CTO"]]);
    case "set":
      return new Set(["CTO"]);
    case "regexp":
      return /CTO/;
    case "typed-array":
      return new Uint8Array([67, 84, 79]);
    case "boxed-string":
      return new String("CTO");
  }
}

/** The hostile value for a case, and the path the InvalidInputError must name. */
export function buildHostile(c: HostileCase): { changes: unknown; path: string } {
  if (c.at === "whole") return { changes: value(c.kind), path: "" };
  // A getter is defined, never copied: a spread or Object.assign would call it here.
  const put = (into: object, key: string | number) => {
    if (c.kind === "getter") Object.defineProperty(into, key, { get: thrower("getter"), enumerable: true });
    else (into as Record<string | number, unknown>)[key] = value(c.kind);
  };
  const changes: Record<string, unknown> = { ...c.others };
  delete changes[c.key];
  if (c.depth === 0) {
    put(changes, c.key);
    return { changes, path: c.key };
  }
  if (c.depth === 1) {
    const list: unknown[] = ["CTO"];
    put(list, 1);
    changes[c.key] = list;
    return { changes, path: `${c.key}.1` };
  }
  const inner: Record<string, unknown> = {};
  put(inner, c.key);
  changes[c.key] = [inner];
  return { changes, path: `${c.key}.0.${c.key}` };
}

/** A vendor's (or the facade's) public functions that take caller data, for {@link assertHostileRefused}. */
export interface HostileTarget {
  /** String fields of the update schema (a hostile value is given for one of them). */
  keys: readonly string[];
  /** Valid changes sent along with the hostile value. */
  valid: fc.Arbitrary<Record<string, unknown>>;
  update(changes: unknown): Promise<unknown>;
  plan(changes: unknown): Promise<unknown>;
  /** getUser / findUserByEmail with a hostile id or address (a "whole" case's value). */
  get?(id: unknown): Promise<unknown>;
  find?(email: unknown): Promise<unknown>;
  /** How many requests reached the server so far (must not grow). */
  sent(): number;
}

/**
 * Property: every hostile case is refused by every function with an InvalidInputError naming the
 * path (the whole input: ""), before any request; never a raw TypeError from inside our code.
 */
export async function assertHostileRefused(target: HostileTarget, numRuns = 150): Promise<void> {
  const refused = async (call: () => Promise<unknown>, path?: string) => {
    const error = await call().then(
      () => new Error("accepted"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    const issues = (error as InvalidInputError).issues;
    if (path !== undefined) expect(issues.map((i) => i.path)).toContain(path);
    expect((error as Error).message).not.toMatch(/is not iterable|Cannot read properties|Cannot convert/);
  };
  const before = target.sent();
  await fc.assert(
    fc.asyncProperty(hostileCase(target.keys, target.valid), async (c) => {
      const { changes, path } = buildHostile(c);
      await refused(() => target.update(changes), path);
      await refused(() => target.plan(buildHostile(c).changes), path);
      if (c.at === "whole" && c.kind !== "number" && c.kind !== "string") {
        // (42 is a valid Snipe-IT or Nexudus id: only the values no id or address can be.)
        if (target.get) await refused(() => target.get!(buildHostile(c).changes));
        if (target.find) await refused(() => target.find!(buildHostile(c).changes));
      }
      expect(target.sent()).toBe(before);
    }),
    { numRuns },
  );
}
