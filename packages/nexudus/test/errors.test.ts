/**
 * Nexudus's quirks (src/quirks.ts) against a local node:http server: what Prism cannot produce.
 * - 409 + Retry-After is a throttle (retried, RateLimitError when retries run out); 409 without it a conflict;
 * - WasSuccessful:false is a ValidationError whatever the status, Errors[] → {path: PropertyName, message};
 * - an HTML or empty body never crashes the parser.
 */
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UserbridgeError,
  ValidationError,
} from "@userbridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Handler, html, json, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { createClient, getUser, updateUser } from "../src/index.js";
import { sampleRecord } from "./spec.js";

const serve = serverPerTest();
let server: TestServer | undefined;

const record = sampleRecord({ Id: 7, UserRoles: [], ChatRooms: null });

// Canned answers (the GET does not show the change): verification off, it has its own tests.
const client = (maxRetries = 0) =>
  createClient({ baseUrl: server?.url ?? "", token: "quirk-token", maxRetries, verify: false });

/** 409 with the vendor's throttle headers and its empty body. */
const throttle =
  (retryAfter: string): Handler =>
  (_req, res) => {
    res.writeHead(409, { "retry-after": retryAfter, "content-length": "0" });
    res.end();
  };

/** GETs answer the record; the PUT gets `put`. */
const withPut =
  (put: Handler): Handler =>
  (req, res, i) =>
    req.method === "GET" ? json(200, record)(req, res, i) : put(req, res, i);

describe("409: a throttle with Retry-After, a conflict without", () => {
  it("retries a 409 + Retry-After: 1, then succeeds", async () => {
    server = await serve([throttle("1"), json(200, record)]);
    const started = Date.now();
    const user = await getUser(client(2), 7);
    expect(user.FullName).toBe("Ada Lovelace");
    expect(server.received).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("gives RateLimitError with retryAfterMs when the retries run out", async () => {
    server = await serve(throttle("0"));
    const error = await getUser(client(1), 7).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.retryAfterMs).toBe(0);
    expect(server.received).toHaveLength(2);
  });

  it("does not wait for a Retry-After beyond 60 s: RateLimitError at once, with the wait asked", async () => {
    server = await serve(throttle("120"));
    const error = await updateUser(client(2), 7, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(server.received).toHaveLength(1);
  });

  it("treats a 409 without Retry-After as a ConflictError and never retries it", async () => {
    server = await serve(withPut(json(409, { Message: "The record was modified by another user." })));
    const error = await updateUser(client(2), 7, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error.issues).toEqual([{ path: "", message: "The record was modified by another user." }]);
    expect(server.received.map((r) => r.method)).toEqual(["GET", "PUT"]);
  });
});

describe("WasSuccessful: false is a ValidationError whatever the status", () => {
  const failure = {
    Message: "Email: is not a valid email\nFullName: is a required field",
    Value: null,
    Errors: [
      { AttemptedValue: "x", Message: "is not a valid email", PropertyName: "Email" },
      { AttemptedValue: null, Message: "is a required field", PropertyName: "FullName" },
    ],
    WasSuccessful: false,
  };

  it.each([200, 400, 409, 500])(
    "maps HTTP %i + WasSuccessful:false to ValidationError with Errors[] as issues",
    async (status) => {
      server = await serve(withPut(json(status, failure)));
      const error = await updateUser(client(), 7, { Email: "x" }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).not.toBeInstanceOf(ServerError);
      expect(error.status).toBe(status);
      expect(error.issues).toEqual([
        { path: "Email", message: "is not a valid email" },
        { path: "FullName", message: "is a required field" },
      ]);
      expect(error.message).toContain("Email: is not a valid email");
    },
  );

  it("uses Message when Errors is empty", async () => {
    server = await serve(
      withPut(json(200, { Status: 200, Message: "Not allowed.", Errors: [], WasSuccessful: false })),
    );
    const error = await updateUser(client(), 7, { Active: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "", message: "Not allowed." }]);
  });

  it("reads WasSuccessful:false on a GET too", async () => {
    server = await serve(json(200, { Message: "Access denied.", WasSuccessful: false }));
    const error = await getUser(client(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "", message: "Access denied." }]);
  });

  it("accepts HTTP 200 + WasSuccessful:true", async () => {
    server = await serve(withPut(json(200, { Status: 200, Value: { Id: 7 }, WasSuccessful: true })));
    const user = await updateUser(client(), 7, { Active: false });
    expect(user).toMatchObject({ Id: 7, Active: false, UpdatedOn: record.UpdatedOn });
  });
});

describe("odd bodies never crash the parser", () => {
  it("maps an HTML 404 page to NotFoundError", async () => {
    server = await serve(html(404, "<html><head><title>Not Found</title></head><body>Not Found</body></html>"));
    const error = await getUser(client(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([{ path: "", message: "non-JSON answer (text/html)" }]);
  });

  it("keeps the message of a JSON-string 404", async () => {
    server = await serve(json(404, "Not found"));
    const error = await getUser(client(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.issues).toEqual([{ path: "", message: "Not found" }]);
  });

  it("maps an HTML 200 (a login page) to ConnectionError", async () => {
    server = await serve(html(200, "<html><body>Sign in</body></html>"));
    const error = await getUser(client(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it.each([
    [200, ConnectionError],
    [401, AuthenticationError],
    [404, NotFoundError],
    [409, ConflictError],
    [500, ServerError],
  ] as const)("maps an empty HTTP %i to %s", async (status, Class) => {
    server = await serve((_req, res) => {
      res.writeHead(status, { "content-length": "0" });
      res.end();
    });
    const error = await getUser(client(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(Class);
  });

  it("maps the ASP.NET 401 body to AuthenticationError with its message", async () => {
    server = await serve(json(401, { Message: "Authorization has been denied for this request." }));
    const error = await getUser(client(), 7).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.issues).toEqual([{ path: "", message: "Authorization has been denied for this request." }]);
    expect(JSON.stringify(error)).not.toContain("quirk-token");
  });

  it("gives a typed error or a result for any status, content type and body", async () => {
    let answer: { status: number; type: string; body: string; retryAfter: boolean } | undefined;
    server = await serve((_req, res) => {
      const a = answer!;
      res.writeHead(a.status, { "content-type": a.type, ...(a.retryAfter ? { "retry-after": "0" } : {}) });
      res.end(a.body);
    });
    const c = client();
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constant(""),
      fc.constant("<html><body>Error</body></html>"),
      fc.constant('{"WasSuccessful":false,"Errors":[null,{"PropertyName":3}]}'),
      fc.constant('{"Errors":"x","Message":{}}'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503),
        fc.constantFrom("application/json", "text/html", "text/plain", ""),
        body,
        fc.boolean(),
        async (status, type, text, retryAfter) => {
          answer = { status, type, body: text, retryAfter };
          const error = await updateUser(c, 7, { Active: false }).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (error !== undefined) expect(error).toBeInstanceOf(UserbridgeError);
        },
      ),
      { numRuns: 200 },
    );
  });
});
