import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { json, serverPerTest, type TestServer } from "../../../../test/support/server.js";
import {
  bearerAuth,
  ConnectionError,
  checkBaseUrl,
  createVendorClient,
  type ErrorMapping,
  InvalidInputError,
  type LogEvent,
  redactHeaders,
  redactValue,
  send,
  summarize,
  ValidationError,
} from "../../src/internal.js";
import { getThing, patchThing, type TestPaths, TOKEN, testClient } from "../helpers.js";

const serve = serverPerTest();
let server: TestServer | undefined;

function everyRendering(error: unknown): string {
  const e = error as Error;
  return [e.message, String(e), e.stack, JSON.stringify(e), inspect(e, { depth: 10 }), inspect(e.cause)].join("\n");
}

describe("redaction", () => {
  it("keeps the token out of an error, even when the vendor echoes it back", async () => {
    server = await serve(
      json(400, {
        message: `token ${TOKEN} is not allowed`,
        password: "hunter2-secret",
        echo: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    const error = await patchThing(testClient(server.url), "a", { password: "hunter2-secret", name: "x" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const text = everyRendering(error);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("hunter2-secret");
    expect(text).toContain("[redacted]");
  });

  it("keeps the token out of connection errors", async () => {
    const client = testClient("http://127.0.0.1:1", { maxRetries: 0 });
    const error = await getThing(client, "a").catch((e) => e);
    expect(everyRendering(error)).not.toContain(TOKEN);
  });

  it("keeps the token out of log events", async () => {
    server = await serve([json(503, {}), json(200, { id: "a" })]);
    const events: LogEvent[] = [];
    await getThing(testClient(server.url, { logger: (e) => events.push(e) }), "a");
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.message.includes("retrying"))).toBe(true);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it("redacts secret-like keys at any depth and cuts Authorization to its scheme", () => {
    expect(redactValue({ a: { apiKey: "k", api_key: "k2", nested: [{ Password: "p" }] }, ok: 1 })).toEqual({
      a: { apiKey: "[redacted]", api_key: "[redacted]", nested: [{ Password: "[redacted]" }] },
      ok: 1,
    });
    expect(redactHeaders({ Authorization: "Bearer abc", "api-key": "xyz", accept: "x" })).toEqual({
      Authorization: "Bearer [redacted]",
      "api-key": "[redacted]",
      accept: "x",
    });
  });

  it("summarizes the failed request with method, path and body keys only", async () => {
    server = await serve(json(422, {}));
    const error = await patchThing(testClient(server.url), "a", { password: "hunter2-secret" }).catch((e) => e);
    expect(error.status).toBe(422);
    expect(JSON.stringify(error)).not.toContain("hunter2-secret");
  });
});

describe("redaction everywhere an error can carry text (issue 12, item 5)", () => {
  /** A vendor whose error body maps field names to messages (as NERM and Snipe-IT do). */
  const byKey: ErrorMapping = {
    vendor: "test",
    issues(body) {
      const e = (body as { errors?: Record<string, unknown> } | undefined)?.errors ?? {};
      return Object.entries(e).map(([path, m]) => ({ path, message: String(m) }));
    },
  };

  it("scrubs the token from issue paths, body keys, request body keys and messages", async () => {
    server = await serve(
      json(422, { errors: { [TOKEN]: "is not a field", name: `no ${TOKEN} here` }, [TOKEN]: { [TOKEN]: TOKEN } }),
    );
    const client = testClient(server.url);
    const error = await send(
      { operation: "patchThing", errors: byKey, request: summarize("PATCH", "/things/{id}", { [TOKEN]: 1 }) },
      () => client.PATCH("/things/{id}", { params: { path: { id: "a" } }, body: { [TOKEN]: 1 } }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toHaveLength(2);
    expect(everyRendering(error)).not.toContain(TOKEN);
    expect(JSON.stringify(error.issues)).not.toContain(TOKEN);
    expect(JSON.stringify(error.body)).not.toContain(TOKEN);
    expect(JSON.stringify(error.request)).not.toContain(TOKEN);
  });

  it("scrubs the token from the whole cause chain of a network failure", async () => {
    const fetchLeaking: typeof fetch = async () => {
      throw new TypeError(`fetch failed for ${TOKEN}`, { cause: new Error(`socket said ${TOKEN}`) });
    };
    const client = createVendorClient<TestPaths>(
      { baseUrl: "http://127.0.0.1:9", fetch: fetchLeaking, maxRetries: 0 },
      { vendor: "test", packageName: "@userbridge/test", version: "1.2.3", auth: bearerAuth(TOKEN) },
    );
    const error = await getThing(client, "a").catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    const text = [
      everyRendering(error),
      error.cause?.message,
      error.cause?.stack,
      error.cause?.cause?.message,
      inspect(error.cause, { depth: 5 }),
    ].join("\n");
    expect(text).not.toContain(TOKEN);
    expect(text).toContain("socket said [redacted]");
  });

  it.each([
    ["CR/LF", `${TOKEN}\r\nX-Injected: 1`],
    ["NUL", `${TOKEN}\u0000`],
    ["a tab", `${TOKEN}\tx`],
    ["DEL", `${TOKEN}\u007f`],
  ])("refuses a token with %s at createClient with a typed error that does not quote it", (_name, token) => {
    let error: unknown;
    try {
      createVendorClient<TestPaths>({ baseUrl: "http://127.0.0.1:9", token } as never, {
        vendor: "test",
        packageName: "@userbridge/test",
        version: "1.2.3",
        auth: bearerAuth(token),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([
      { path: "token", message: expect.stringMatching(/control character/) },
    ]);
    expect(everyRendering(error)).not.toContain(TOKEN);
  });

  it("reports an invalid base URL without its userinfo", () => {
    for (const url of [
      "https://ada:s3cr3t-pass@exa mple.com",
      "https://ada:s3cr3t-pass@[bad/api",
      "https://s3cr3t-pass@%zz",
    ]) {
      let error: unknown;
      try {
        checkBaseUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(String((error as Error).message)).toMatch(/baseUrl: is not a valid URL/);
      expect(everyRendering(error)).not.toContain("s3cr3t-pass");
    }
  });
});
