/**
 * The base-URL rule, one per vendor as each vendor documents its base URL (README "Base URLs"):
 * Snipe-IT, ONLYOFFICE and Nexudus take the server (the package adds /api/v1, /api/2.0, /api);
 * Zluri and NERM take their documented API base (with /v2, /api). A base URL of the wrong form is
 * an InvalidInputError naming the expected one, never a bare 404 later.
 */
import { InvalidInputError } from "@userbridge/core";
import * as nexudus from "@userbridge/nexudus";
import * as onlyoffice from "@userbridge/onlyoffice";
import * as nerm from "@userbridge/sailpoint-nerm";
import * as snipe from "@userbridge/snipe-it";
import * as zluri from "@userbridge/zluri";
import { describe, expect, it } from "vitest";

const make: Record<string, (baseUrl: string) => unknown> = {
  "snipe-it": (baseUrl) => snipe.createClient({ baseUrl, token: "t" }),
  onlyoffice: (baseUrl) => onlyoffice.createClient({ baseUrl, token: "t" }),
  nexudus: (baseUrl) => nexudus.createClient({ baseUrl, token: "t" }),
  zluri: (baseUrl) => zluri.createClient({ baseUrl, apiKey: "k" }),
  "sailpoint-nerm": (baseUrl) => nerm.createClient({ baseUrl, token: "t" }),
};

function problem(vendor: string, baseUrl: string): string | undefined {
  try {
    make[vendor]?.(baseUrl);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  }
}

describe("base URL rule", () => {
  it.each([
    ["snipe-it", "https://assets.example.com/api/v1", "is the server without /api/v1", "https://assets.example.com"],
    [
      "onlyoffice",
      "https://office.example.com/api/2.0/",
      "is the server without /api/2.0",
      "https://office.example.com",
    ],
    ["nexudus", "https://spaces.nexudus.com/api", "is the server without /api", "https://spaces.nexudus.com"],
    ["zluri", "https://api-ext.zluri.com", "is the API base URL, ending with /v2", "https://api-ext.zluri.com/v2"],
    [
      "sailpoint-nerm",
      "https://acme.nonemployee.com",
      "is the API base URL, ending with /api",
      "https://acme.nonemployee.com/api",
    ],
  ])("%s refuses %s, naming the form it expects", (vendor, wrong, says, right) => {
    expect(problem(vendor, wrong)).toMatch(new RegExp(`^baseUrl: ${says.replace(/[/.]/g, "\\$&")}.*e\\.g\\. `));
    expect(problem(vendor, right)).toBeUndefined();
  });

  it("takes what each vendor documents, and any host of a proxy or simulator as given", () => {
    expect(problem("zluri", "https://api-ext.zluri.com/ext/v2")).toBeUndefined(); // some tenants
    expect(problem("sailpoint-nerm", "https://acme.mynonemployee.com/api")).toBeUndefined(); // older tenants
    expect(problem("zluri", "http://127.0.0.1:4010")).toBeUndefined(); // Prism serves the spec's paths at its root
    expect(problem("sailpoint-nerm", "http://127.0.0.1:4010")).toBeUndefined();
  });

  it("a malformed base URL is an InvalidInputError for every vendor", () => {
    for (const vendor of Object.keys(make))
      expect(problem(vendor, "not a url")).toMatch(/^baseUrl: is not a valid URL/);
  });
});
