import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkBaseUrl, encodePathSegment, safeCopy, serializePath } from "../../src/internal.js";

describe("base-URL policy", () => {
  it("accepts https and loopback http", () => {
    expect(checkBaseUrl("https://assets.example.com/")).toBe("https://assets.example.com");
    expect(checkBaseUrl("http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010");
    expect(checkBaseUrl("http://localhost:4010/api")).toBe("http://localhost:4010/api");
    expect(checkBaseUrl("http://[::1]:8080")).toBe("http://[::1]:8080");
  });

  it("refuses http to a non-loopback host unless allowInsecureHttp", () => {
    expect(() => checkBaseUrl("http://assets.example.com")).toThrow(/non-loopback/);
    expect(checkBaseUrl("http://assets.example.com", { allowInsecureHttp: true })).toBe("http://assets.example.com");
  });

  it.each([
    ["https://user:pw@assets.example.com", /credentials/],
    ["https://assets.example.com/?token=x", /query/],
    ["https://assets.example.com/#x", /fragment/],
    ["ftp://assets.example.com", /https/],
    ["not a url", /valid URL/],
  ])("refuses %s", (url, message) => {
    expect(() => checkBaseUrl(url)).toThrow(message);
  });
});

describe("path parameters", () => {
  it.each([
    ["../admin", "..%2Fadmin"],
    ["a/b", "a%2Fb"],
    ["?x=1", "%3Fx%3D1"],
    ["a\r\nb", "a%0D%0Ab"],
    ["#", "%23"],
  ])("encodes %j as one segment", (input, expected) => {
    expect(encodePathSegment(input)).toBe(expected);
  });

  it.each([".", ".."])("refuses the dot segment %j", (id) => {
    expect(() => encodePathSegment(id)).toThrow(/dot|cannot/);
  });

  it("never lets a value change the path (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom("./", ".%2E", "..\\", "%2e%2e")), (id) => {
        fc.pre(id !== "." && id !== "..");
        const path = serializePath("/api/v1/users/{id}", { id });
        const url = new URL(`https://h.example${path}`);
        const segments = url.pathname.split("/");
        expect(segments.slice(0, 4)).toEqual(["", "api", "v1", "users"]);
        expect(segments).toHaveLength(5);
        expect(url.search).toBe("");
        expect(url.hash).toBe("");
        expect(decodeURIComponent(segments[4] as string)).toBe(id);
      }),
    );
  });

  it("refuses a missing parameter instead of sending a literal {id}", () => {
    expect(() => serializePath("/users/{id}", {})).toThrow(/id/);
  });
});

describe("safeCopy", () => {
  it("drops __proto__, constructor and prototype keys at any depth", () => {
    const input = JSON.parse(
      '{"a":1,"__proto__":{"polluted":true},"b":{"constructor":{"x":1},"c":[{"__proto__":{"y":1}}]}}',
    );
    const copy = safeCopy(input);
    expect(copy).toEqual({ a: 1, b: { c: [{}] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it("copies any JSON value faithfully otherwise (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!/"(__proto__|constructor|prototype)":/.test(JSON.stringify(value)));
        const copy = safeCopy(value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
      }),
    );
  });
});
