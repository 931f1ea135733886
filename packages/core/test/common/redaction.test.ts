import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { json, serverPerTest, type TestServer } from "../../../../test/support/server.js";
import { type LogEvent, redactHeaders, redactValue, ValidationError } from "../../src/index.js";
import { getThing, patchThing, TOKEN, testClient } from "../helpers.js";

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
