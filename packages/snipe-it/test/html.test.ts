import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeHtml } from "../src/index.js";
import { escapeLikeLaravel } from "./support/rendered.js";

describe("decodeHtml (undoes Laravel's e())", () => {
  it("decode(e(s)) === s for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => decodeHtml(escapeLikeLaravel(s)) === s),
      { numRuns: 300 },
    );
  });

  it("round-trips strings made of the characters e() escapes and entity look-alikes", () => {
    const tricky = fc.string({ unit: fc.constantFrom("&", "<", ">", '"', "'", "#", ";", "amp", "039", "x27", "a") });
    fc.assert(
      fc.property(tricky, (s) => decodeHtml(escapeLikeLaravel(s)) === s),
      { numRuns: 300 },
    );
  });

  it("decodes the five e() entities and numeric ones, in one pass", () => {
    expect(decodeHtml("O&#039;Brien")).toBe("O'Brien");
    expect(decodeHtml("R&amp;D &lt;b&gt; &quot;q&quot;")).toBe('R&D <b> "q"');
    expect(decodeHtml("&#x27;&#X41;&#233;&#128512;")).toBe("'Aé😀");
    expect(decodeHtml("&amp;lt;")).toBe("&lt;");
  });

  it("leaves what is not an entity e() or a numeric reference makes", () => {
    expect(decodeHtml("&nbsp; &copy; &#xD800; &#99999999; & ;")).toBe("&nbsp; &copy; &#xD800; &#99999999; & ;");
  });
});
