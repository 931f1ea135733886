import { renderRequest } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { createClient, InvalidInputError, planUpdate } from "../src/index.js";

const ID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";

async function urlOf(client: ReturnType<typeof createClient>) {
  const plan = await planUpdate(client, ID, { title: "CTO" });
  return renderRequest(client, plan.writes[0]!);
}

describe("createClient", () => {
  it("builds https://{tenant}.nonemployee.com/api from a tenant, with bearer auth", async () => {
    const rendered = await urlOf(createClient({ tenant: "acme", token: "t0ken" }));
    expect(rendered.method).toBe("PATCH");
    expect(rendered.url).toBe(`https://acme.nonemployee.com/api/users/${ID}`);
    expect(Object.keys(rendered.headers)).toContain("authorization");
    expect(rendered.body).toEqual({ user: { id: ID, title: "CTO" } });
  });

  it("accepts a full base URL (older tenants live on *.mynonemployee.com)", async () => {
    const rendered = await urlOf(createClient({ baseUrl: "https://acme.mynonemployee.com/api/", token: "t0ken" }));
    expect(rendered.url).toBe(`https://acme.mynonemployee.com/api/users/${ID}`);
  });

  it.each(["a", "acme-corp", "ACME", "x1", "a".repeat(63)])("accepts the tenant %j", (tenant) => {
    expect(() => createClient({ tenant, token: "t" })).not.toThrow();
  });

  it.each([
    "",
    "acme.evil.com",
    "evil.com/x",
    "acme/../x",
    "-acme",
    "acme-",
    "a".repeat(64),
    "acme:443",
    "ac me",
    "user@acme",
    "acme?x=1",
    "acme#x",
    "ａｃｍｅ",
  ])("refuses the tenant %j (not one DNS label)", (tenant) => {
    expect(() => createClient({ tenant, token: "t" })).toThrow(InvalidInputError);
  });

  it("refuses both tenant and baseUrl, or neither", () => {
    expect(() =>
      createClient({ tenant: "acme", baseUrl: "https://acme.nonemployee.com/api", token: "t" } as never),
    ).toThrow(/either tenant or baseUrl/);
    expect(() => createClient({ token: "t" } as never)).toThrow(/either tenant or baseUrl/);
  });

  it("requires a token", () => {
    expect(() => createClient({ tenant: "acme", token: "" })).toThrow(/token: is required/);
  });

  it("refuses plain http to a non-loopback host", () => {
    expect(() => createClient({ baseUrl: "http://acme.nonemployee.com/api", token: "t" })).toThrow(InvalidInputError);
  });
});
