import { AuthenticationError, InvalidInputError, NotFoundError, ServerError, ValidationError } from "@userbridge/core";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { createClient, getUser, updateUser } from "../src/index.js";

const ID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";
const TOKEN = "nerm-secret-token";

let prefer: string | undefined;
const rec = recordingFetch(() => prefer);
const client = () =>
  createClient({ baseUrl: prismUrl("sailpoint-nerm"), token: TOKEN, fetch: rec.fetch, maxRetries: 0, verify: false });

afterEach(() => {
  // Every request the client sent must satisfy the spec, whatever Prism answered.
  expect(rec.violations()).toEqual([]);
  prefer = undefined;
  rec.log.length = 0;
});

describe("sailpoint-nerm against Prism", () => {
  it("wraps the changes as {user: {id, ...}}, joins groups, and unwraps the answer", async () => {
    const user = await updateUser(client(), ID, {
      title: "CTO",
      status: "Pending",
      groups: ["Administrator_group", "Developer_group"],
      locale: "fr-CA",
    });
    expect(user.id).toBe(ID);
    expect(user.name).toBe("Ada Lovelace");
    expect(user.last_login).toBe("Wed, 07 Feb 2024 12:55:20.456682000 EST -05:00");
    expect(user.groups).toEqual(["Administrator_group", "Developer_group"]);
    expect(user).not.toHaveProperty("user");
    const sent = rec.log[0];
    expect(rec.log).toHaveLength(1);
    expect(sent?.method).toBe("PATCH");
    expect(new URL(sent?.url ?? "").pathname).toBe(`/users/${ID}`);
    expect(sent?.requestHeaders.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(sent?.requestHeaders.get("content-type")).toMatch(/^application\/json/);
    expect(sent?.requestHeaders.get("user-agent")).toMatch(
      /^userbridge-sailpoint-nerm\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+$/,
    );
    expect(JSON.parse(sent?.requestBody ?? "")).toEqual({
      user: {
        id: ID,
        title: "CTO",
        status: "Pending",
        group_strings: "Administrator_group,Developer_group",
        locale: "fr-CA",
      },
    });
  });

  it("sends every writable field the spec lists", async () => {
    await updateUser(client(), ID, {
      name: "Ada Lovelace",
      email: "ada@example.com",
      type: "NeaccessUser",
      profile_id: "3f1c9a52-8d7e-4b60-9a1f-2c4e6b8d0a13",
      title: "",
      status: "Disabled",
      login: "ada",
      group_strings: "Administrator_group",
      locale: "en",
      sailpoint_identity_id: "2c9180857d3a1f2e017d3c5b6a8e0042",
    });
    expect(rec.log[0]?.status).toBe(200);
  });

  it("reads a user, unwrapped, with groups split from group_strings", async () => {
    const user = await getUser(client(), ID);
    expect(user.email).toBe("ada@example.com");
    // The vendor spec's example puts a space after the comma: the names come back trimmed.
    expect(user.group_strings).toBe("Administrator_group, Developer_group");
    expect(user.groups).toEqual(["Administrator_group", "Developer_group"]);
    expect(new URL(rec.log[0]?.url ?? "").pathname).toBe(`/users/${ID}`);
  });

  it("the spec requires user.id: Prism flags a body without it (so the tests above can fail)", async () => {
    await client().PATCH("/users/{id}", {
      params: { path: { id: ID } },
      body: { user: { title: "CTO" } } as never,
    });
    expect(rec.violations()).toHaveLength(1);
    rec.log.length = 0;
  });

  it("maps a 400 whose errors value is a string to one issue per field", async () => {
    prefer = "code=400, example=validationFailed";
    const error = await updateUser(client(), ID, { name: "Ada" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.issues).toEqual([{ path: "name", message: "can't be blank" }]);
    expect(error.message).toContain("name: can't be blank");
  });

  it("maps a 400 whose errors value is a list to one issue per message", async () => {
    prefer = "code=400, example=validationFailedList";
    const error = await updateUser(client(), ID, { email: "ada@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: "email", message: "can't be blank" },
      { path: "email", message: "is invalid" },
    ]);
  });

  it("maps the 'Invalid JSON syntax' 400 to a ValidationError with that message", async () => {
    prefer = "code=400, example=invalidJson";
    const error = await updateUser(client(), ID, { title: "CTO" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: "", message: "Invalid JSON syntax. Please check your syntax and try again." },
    ]);
    expect(error.message).toContain("Invalid JSON syntax. Please check your syntax and try again.");
  });

  it.each([
    ["getUser", () => getUser(client(), ID)],
    ["updateUser", () => updateUser(client(), ID, { title: "CTO" })],
  ] as const)("maps 401 on %s to AuthenticationError without leaking the token", async (_, call) => {
    prefer = "code=401";
    const error = await call().catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.issues).toEqual([{ path: "", message: "Unauthorized" }]);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error.message).not.toContain(TOKEN);
  });

  it.each([
    ["getUser", () => getUser(client(), ID)],
    ["updateUser", () => updateUser(client(), ID, { title: "CTO" })],
  ] as const)("maps 404 on %s to NotFoundError with the vendor's message", async (_, call) => {
    prefer = "code=404";
    const error = await call().catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([{ path: "", message: "The requested user was not found" }]);
  });

  it.each([
    ["getUser", () => getUser(client(), ID)],
    ["updateUser", () => updateUser(client(), ID, { title: "CTO" })],
  ] as const)("maps 500 on %s to ServerError with the vendor's message", async (_, call) => {
    prefer = "code=500";
    const error = await call().catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(500);
    expect(error.issues).toEqual([{ path: "", message: "Sorry something went wrong" }]);
  });

  it("rejects bad input before sending, naming every problem", async () => {
    const error = await updateUser(client(), "not-a-uuid", {
      id: ID,
      email: "not-an-email",
      status: "Suspended",
      admin: true,
      groups: ["Dev,Ops"],
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "id", message: "must be a valid uuid" },
        { path: "id", message: "cannot be changed: it is taken from the path id; leave it out of the changes" },
        { path: "email", message: "must be a valid email" },
        { path: "status", message: 'must be one of "Active", "Pending", "Disabled"' },
        { path: "admin", message: "is not a known field" },
        {
          path: "groups.0",
          message: "must not contain a comma (NERM keeps groups as one comma-separated string)",
        },
      ]),
    );
    expect(rec.log).toHaveLength(0);
  });

  it("rejects a malformed id on read before sending", async () => {
    const error = await getUser(client(), "../admin").catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues[0].path).toBe("id");
    expect(rec.log).toHaveLength(0);
  });
});
