import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from "@userbridge/core";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { createClient, getUser, updateUser } from "../src/index.js";

let prefer: string | undefined;
const rec = recordingFetch(() => prefer);
const client = () =>
  // Prism answers its example user, not the change: nothing to verify against.
  createClient({
    baseUrl: prismUrl("snipe-it"),
    token: "snipe-secret-token",
    fetch: rec.fetch,
    maxRetries: 0,
    verify: false,
  });

afterEach(() => {
  // Every request the client sent must satisfy the spec, whatever Prism answered.
  expect(rec.violations()).toEqual([]);
  prefer = undefined;
  rec.log.length = 0;
});

describe("snipe-it against Prism", () => {
  it("updates a user and returns the typed payload", async () => {
    const user = await updateUser(client(), 13, {
      first_name: "Ada",
      jobtitle: "CTO",
      activated: true,
      groups: null,
    });
    expect(user.id).toBe(13);
    expect(user.first_name).toBe("new first name");
    const sent = rec.log[0];
    expect(sent?.method).toBe("PATCH");
    expect(new URL(sent?.url ?? "").pathname).toBe("/api/v1/users/13");
    expect(sent?.requestHeaders.get("accept")).toBe("application/json");
    expect(sent?.requestHeaders.get("authorization")).toBe("Bearer snipe-secret-token");
    expect(sent?.requestHeaders.get("user-agent")).toMatch(/^userbridge-snipe-it\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+$/);
    expect(JSON.parse(sent?.requestBody ?? "")).toEqual({
      first_name: "Ada",
      jobtitle: "CTO",
      activated: true,
      groups: null,
    });
  });

  it("reads a user (the bare user, HTML-decoded)", async () => {
    const user = await getUser(client(), 13);
    expect(user.last_name).toBe("O'Brien");
    expect(user.department?.name).toBe("R&D");
  });

  it("maps HTTP 200 + status:error with field messages to ValidationError", async () => {
    prefer = "example=validationError";
    const error = await updateUser(client(), 13, { email: "ada@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([
      { path: "email", message: "The email field must be a valid email address." },
      { path: "username", message: "The username must be unique." },
    ]);
  });

  it("maps the HTTP 200 'User does not exist…' envelope of a read to NotFoundError", async () => {
    prefer = "example=notFound";
    const error = await getUser(client(), 99999).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([
      { path: "", message: "User does not exist or you do not have permission view them." },
    ]);
  });

  it("maps HTTP 200 'User not found' of an update to NotFoundError", async () => {
    prefer = "example=notFound";
    const error = await updateUser(client(), 99999, { jobtitle: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([{ path: "", message: "User not found" }]);
  });

  it("keeps a business-rule message from an HTTP 200 failure", async () => {
    prefer = "example=ownManager";
    const error = await updateUser(client(), 13, { manager_id: 13 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("You cannot be your own manager");
  });

  it.each([
    [401, AuthenticationError, "Unauthorized or unauthenticated."],
    [403, PermissionDeniedError, "This action is unauthorized."],
    [422, ValidationError, "Invalid JSON"],
    [429, RateLimitError, "Too many requests"],
  ] as const)("maps HTTP %i to %s with the vendor's message", async (code, Class, message) => {
    prefer = `code=${code}`;
    const error = await updateUser(client(), 13, { notes: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(code);
    expect(error.issues).toEqual([{ path: "", message }]);
    expect(JSON.stringify(error)).not.toContain("snipe-secret-token");
  });

  it("rejects bad input before sending, naming every problem", async () => {
    const error = await updateUser(client(), 0, {
      email: "not-an-email",
      activated: "yes",
      nickname: "x",
    } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: "id", message: "must be >= 1" },
        { path: "email", message: "must be a valid email" },
        { path: "activated", message: "must be boolean" },
        { path: "nickname", message: "is not a known field" },
      ]),
    );
    expect(error.issues).toHaveLength(4);
    expect(rec.log).toHaveLength(0);
  });
});
