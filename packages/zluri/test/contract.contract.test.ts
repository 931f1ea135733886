/**
 * Contract tests against Prism on specs/zluri.yaml: every request the client sends must satisfy
 * the spec (Prism's 422 or `sl-violations` fail the test), and every documented answer maps to
 * the right result. Prism serves the paths at its root, so the base URL has no `/v2`.
 */
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  ServerError,
  ValidationError,
} from "@userbridge/core";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { createClient, getUser, planUpdate, type UserUpdate, updateUser } from "../src/index.js";

const RATE_LIMITED =
  "You have exceeded the allowed number of requests. Please retry after the time specified in the 'retry-after' header";
const ID = "64b7f0c2a1d3e4f5a6b7c8d9"; // the id of the user in the spec's examples
const API_KEY = "zluri-secret-api-key";

let prefer: string | undefined;
const rec = recordingFetch(() => prefer);
const client = () =>
  createClient({ baseUrl: prismUrl("zluri"), apiKey: API_KEY, fetch: rec.fetch, maxRetries: 0, verify: false });

afterEach(() => {
  // Every request the client sent must satisfy the spec, whatever Prism answered.
  const violations = rec.violations();
  prefer = undefined;
  rec.log.length = 0;
  expect(violations).toEqual([]);
});

/**
 * A 422 we asked Prism for (`Prefer: code=422`) is the documented answer, not a violation: a
 * request at odds with the spec gets its 422 with an `sl-violations` header, this one has none.
 */
function expectedUnprocessable() {
  expect(rec.log.map((r) => [r.status, r.violations])).toEqual([[422, null]]);
  rec.log.length = 0;
}

const everything: UserUpdate = {
  user_name: "Ada Lovelace",
  user_email: "ada@example.com",
  user_personal_email: "ada.lovelace@example.org",
  user_department_id: "64b7f0c2a1d3e4f5a6b7c8db",
  user_status: "suspended",
  reporting_manager_id: "64B7F0C2A1D3E4F5A6B7C8DA",
  user_designation: "Head of IT",
  user_account_type: "external",
  user_archive: true,
  optimization_inclusion: "exclude for undeprovisioned",
  primary_source: {
    keyword: "okta",
    org_integration_id: "681047a5b5c755b83e0ff982",
    integration_id: "5f9a1c2b3d4e5f6a7b8c9d0e",
  },
  user_custom_fields: [
    { field_id: "679b613f315ee0a11cb67bd1", field_value: "India" },
    { field_id: "679b613f315ee0a11cb67bd2", field_value: { nested: [1, null, true] } },
  ],
};

describe("zluri updateUser against Prism", () => {
  it("sends one PATCH /users/{user_id} with the api-key header and only the changed fields", async () => {
    const user = await updateUser(client(), ID, { user_designation: "Head of IT", user_status: "active" });
    expect(user.user_id).toBe(ID);
    expect(user.user_designation).toBe("Head of IT");
    expect(rec.log).toHaveLength(1); // the answer held the user: no re-read
    const sent = rec.log[0]!;
    expect(sent.method).toBe("PATCH");
    expect(new URL(sent.url).pathname).toBe(`/users/${ID}`);
    expect(sent.status).toBe(200);
    expect(sent.requestHeaders.get("api-key")).toBe(API_KEY);
    expect(sent.requestHeaders.get("authorization")).toBeNull();
    expect(sent.requestHeaders.get("content-type")).toBe("application/json");
    expect(sent.requestHeaders.get("user-agent")).toMatch(/^userbridge-zluri\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+$/);
    expect(JSON.parse(sent.requestBody ?? "")).toEqual({ user_designation: "Head of IT", user_status: "active" });
  });

  it("accepts every documented field, enum values with spaces included", async () => {
    await updateUser(client(), ID, everything);
    expect(rec.log).toHaveLength(1);
    expect(rec.log[0]?.status).toBe(200);
    expect(JSON.parse(rec.log[0]?.requestBody ?? "")).toEqual(everything);
  });

  it.each([
    "include for all optimizations",
    "exclude for all optimizations",
    "exclude for undeprovisioned",
    "exclude for unused",
  ] as const)("accepts optimization_inclusion %j", async (value) => {
    await updateUser(client(), ID, { optimization_inclusion: value });
    expect(rec.log[0]?.status).toBe(200);
  });

  it("accepts primary_source with its keyword only", async () => {
    await updateUser(client(), ID, { primary_source: { keyword: "manual" } });
    expect(rec.log[0]?.status).toBe(200);
  });

  it("sends exactly the writes that planUpdate lists", async () => {
    const plan = await planUpdate(client(), ID, everything);
    expect(rec.log).toHaveLength(0); // planning sends nothing
    expect(plan.reads).toEqual([]);
    expect(plan.writes).toHaveLength(1);
    await updateUser(client(), ID, everything);
    const write = plan.writes[0]!;
    const sent = rec.log[0]!;
    expect(sent.method).toBe(write.method);
    expect(new URL(sent.url).pathname).toBe(write.path.replace("{user_id}", String(write.pathParams?.user_id)));
    expect(JSON.parse(sent.requestBody ?? "")).toEqual(write.body);
  });

  it("rejects a malformed ObjectId, an unknown enum value and primary_source without keyword, sending nothing", async () => {
    const error = await updateUser(client(), "not-an-object-id", {
      user_status: "retired",
      primary_source: { integration_id: "5f9a1c2b3d4e5f6a7b8c9d0e" },
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([
      { path: "user_id", message: "must match ^[0-9a-fA-F]{24}$" },
      { path: "user_status", message: 'must be one of "active", "inactive", "suspended", "unknown"' },
      { path: "primary_source.keyword", message: "is required" },
    ]);
    expect(rec.log).toHaveLength(0);
  });

  it.each([
    [400, ValidationError, [{ path: "", message: "user_department_id must be a valid ObjectId" }]],
    [401, AuthenticationError, [{ path: "", message: "The API key is invalid" }]],
    [404, NotFoundError, [{ path: "", message: "User not found" }]],
    [422, ValidationError, [{ path: "", message: "Invalid request body" }]],
    [429, RateLimitError, [{ path: "", message: RATE_LIMITED }]],
    [500, ServerError, [{ path: "", message: expect.stringMatching(/^Unexpected server error occurred/) }]],
  ] as const)("maps the documented HTTP %i to %o with Zluri's messages as issues", async (code, Class, issues) => {
    prefer = `code=${code}`;
    const error = await updateUser(client(), ID, { user_name: "Ada" }).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(code);
    expect(error.operation).toBe("updateUser");
    expect(error.issues).toEqual(issues);
    expect(rec.log).toHaveLength(1);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    if (code === 429) expect(error.retryAfterMs).toBe(30_000);
    if (code === 422) expectedUnprocessable();
  });
});

describe("the Prism harness", () => {
  it("flags a request that breaks the spec (so the checks above can fail)", async () => {
    // Straight through the raw client, around our validation.
    await client().PATCH("/users/{user_id}", {
      params: { path: { user_id: "nope" } },
      body: { user_status: "retired", user_email: "ada@localhost" } as never,
    });
    expect(rec.log).toHaveLength(1);
    expect(rec.log[0]?.status).toBe(422);
    const violations = rec.log[0]?.violations ?? "";
    // Prism reads `format: email` strictly ("full" mode): `ada@localhost` is refused.
    for (const field of ['path","user_id', 'body","user_status', 'body","user_email']) {
      expect(violations).toContain(field);
    }
    rec.log.length = 0;
  });
});

describe("zluri getUser against Prism", () => {
  it("reads one user with POST /users filtered on user_id", async () => {
    const user = await getUser(client(), ID);
    expect(user.user_id).toBe(ID);
    expect(user.user_name).toBe("Ada Lovelace");
    expect(user.primary_source?.keyword).toBe("okta");
    const sent = rec.log[0]!;
    expect(sent.method).toBe("POST");
    expect(new URL(sent.url).pathname).toBe("/users");
    expect(sent.requestHeaders.get("api-key")).toBe(API_KEY);
    expect(JSON.parse(sent.requestBody ?? "")).toEqual({ filter_by: [{ field_id: "user_id", field_values: [ID] }] });
  });

  it("matches the id case-insensitively (ObjectIds are hex)", async () => {
    const user = await getUser(client(), ID.toUpperCase());
    expect(user.user_id).toBe(ID);
  });

  it("rejects a malformed id before sending", async () => {
    const error = await getUser(client(), "64b7f0c2a1d3e4f5a6b7c8d").catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.operation).toBe("getUser");
    expect(error.issues).toEqual([{ path: "user_id", message: "must match ^[0-9a-fA-F]{24}$" }]);
    expect(rec.log).toHaveLength(0);
  });

  it.each([
    [400, ValidationError, "user_department_id must be a valid ObjectId"],
    [401, AuthenticationError, "The API key is invalid"],
    [422, ValidationError, "Invalid request body"],
    [429, RateLimitError, RATE_LIMITED],
    [500, ServerError, expect.stringMatching(/^Unexpected server error occurred/)],
  ] as const)("maps the documented HTTP %i to %o", async (code, Class, message) => {
    prefer = `code=${code}`;
    const error = await getUser(client(), ID).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(code);
    expect(error.operation).toBe("getUser");
    expect(error.issues).toEqual([{ path: "", message }]);
    if (code === 429) expect(error.retryAfterMs).toBe(30_000);
    if (code === 422) expectedUnprocessable();
  });
});
