/**
 * The lifecycle operations against Prism on specs/zluri.yaml: every request our client sends
 * satisfies the spec, and the documented answers map to typed errors.
 */
import { collect, RateLimitError, ValidationError } from "@userbridge/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { createClient, createUser, listUsers, updateUser } from "../src/index.js";

let prefer: { path: string; value: string } | undefined;
const rec = recordingFetch();
const preferring: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  if (prefer && new URL(request.url).pathname.endsWith(prefer.path)) request.headers.set("Prefer", prefer.value);
  return rec.fetch(request);
};
const client = () =>
  createClient({ baseUrl: prismUrl("zluri"), fetch: preferring, maxRetries: 0, verify: false, apiKey: "k-1" });
const sent = () => rec.log.map((r) => `${r.method} ${new URL(r.url).pathname}`);
const ID = "64b7f0c2a1d3e4f5a6b7c8d9";

afterEach(() => {
  expect(rec.violations()).toEqual([]);
  prefer = undefined;
  rec.log.length = 0;
});

describe("zluri lifecycle against Prism", () => {
  it("round trip: create (then the read by email), list, update; each request valid", async () => {
    const created = await createUser(client(), {
      user_name: "Ada Lovelace",
      user_email: "ada@example.com",
      account_type: "employee",
      user_custom_fields: [{ field_id: "679b613f315ee0a11cb67bd1", field_value: "India" }],
      onboardingData: { assigned_to: ID, date: "2025-08-26", time: "12:00 AM" },
    });
    expect(created.user_id).toBe(ID);
    const listed = await collect(
      listUsers(client(), { filter_by: [{ field_id: "user_status", field_values: ["active"] }] }),
    );
    expect(listed.map((u) => u.user_id)).toEqual([ID]);
    await updateUser(client(), ID, { user_archive: true });
    expect(sent()).toEqual(["POST /add-user", "POST /users", "POST /users", "PATCH /users/64b7f0c2a1d3e4f5a6b7c8d9"]);
    expect(JSON.parse(rec.log[2]?.requestBody ?? "{}")).toEqual({
      filter_by: [{ field_id: "user_status", field_values: ["active"] }],
      page: 1,
      page_size: 50,
    });
  });

  it("maps the documented 400 and 429 of the create (a refusal: no lookup)", async () => {
    prefer = { path: "/add-user", value: "code=400" };
    await expect(createUser(client(), { user_name: "x", user_email: "x@example.com" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(rec.log).toHaveLength(1);
    prefer = { path: "/add-user", value: "code=429" };
    const error = await createUser(client(), { user_name: "x", user_email: "x@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
  });
});
