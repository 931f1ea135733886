/**
 * The generic parts of verification (issue 12): names, case, dates and "none" rules a vendor
 * passes to unappliedFields/verifyApplied; the plain-text error message; a token's `expires`.
 */
import { describe, expect, it } from "vitest";
import { apiErrorFrom, instant, tokenAuth, unappliedFields } from "../../src/internal.js";

describe("unappliedFields rules", () => {
  it("reads a field under its stored name, ignores case where told, counts '' and [] as none", () => {
    const stored = { firstName: "Ada", lead: "0b1e3f7c-52c4-4d6e-9a0b-2f8c6d4e1a37", title: "Engineer" };
    const rules = { names: { firstname: "firstName" }, caseless: ["lead"] };
    const asked = { firstname: "Ada", lead: "0B1E3F7C-52C4-4D6E-9A0B-2F8C6D4E1A37", notes: "", groups: [] };
    expect(unappliedFields(asked, stored, rules)).toEqual([]);
    expect(unappliedFields({ firstname: "Augusta", title: "engineer" }, stored, rules)).toEqual([
      { field: "firstname", requested: "Augusta", stored: "Ada" },
      { field: "title", requested: "engineer", stored: "Engineer" },
    ]);
  });

  it("compares dates as instants, a zone-less one in the stored value's zone", () => {
    const stored = { birthday: "1990-12-10T00:00:00.0000000+03:00" };
    const rules = { dates: ["birthday"] };
    expect(unappliedFields({ birthday: "1990-12-10" }, stored, rules)).toEqual([]);
    expect(unappliedFields({ birthday: "1990-12-09T21:00:00Z" }, stored, rules)).toEqual([]);
    expect(unappliedFields({ birthday: "1990-12-10T00:00:00Z" }, stored, rules)).toHaveLength(1);
    expect(unappliedFields({ birthday: "1990-12-10" }, {}, rules)).toHaveLength(1);
  });

  it("instant: UTC without a zone and nothing to take one from", () => {
    expect(instant("2022-02-02")).toBe(Date.UTC(2022, 1, 2));
    expect(instant("2022-02-02T01:02:03", "2000-01-01T00:00:00-02:30")).toBe(Date.UTC(2022, 1, 2, 3, 32, 3));
  });
});

describe("error and token details", () => {
  const ctx = { operation: "getUser", errors: { vendor: "acme", issues: () => [] } };
  it("a short plain-text body is the message; markup is not", () => {
    const text = (body: string) =>
      apiErrorFrom(new Response(null, { status: 401, headers: { "content-type": "text/html" } }), body, ctx).issues;
    expect(text(" Unauthorized ")).toEqual([{ path: "", message: "Unauthorized" }]);
    expect(text("<html>Unauthorized</html>")).toEqual([{ path: "", message: "non-JSON answer (text/html)" }]);
  });

  it("tokenAuth renews a token whose vendor `expires` date has passed", async () => {
    let issued = 0;
    const auth = tokenAuth({
      format: (t) => t,
      issue: async () => ({ token: `t${++issued}`, expires: issued === 1 ? "2020-01-01T00:00:00Z" : "garbage" }),
    });
    const headers = new Headers();
    await auth.apply(headers);
    await auth.apply(headers);
    expect(headers.get("authorization")).toBe("t2");
    await auth.apply(headers);
    expect(headers.get("authorization")).toBe("t2"); // unreadable `expires`: until a 401
  });
});
