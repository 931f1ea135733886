import { describe, expect, it } from "vitest";
import { call, TINY_TOKEN, tinyPerTest } from "./tiny-vendor.js";

const start = tinyPerTest();

describe("simulator kit: recordings", () => {
  it("records requests with the token and a password redacted", async () => {
    const sim = await start();
    await call(sim, "/api/users/1?api_key=k_12345678&page=2", {
      method: "PATCH",
      headers: { authorization: `Bearer ${TINY_TOKEN}`, cookie: "sid=abcdef123" },
      body: JSON.stringify({ name: "Grace", password: "hunter2-secret!", note: `my token is ${TINY_TOKEN}` }),
    });
    expect(sim.requests).toHaveLength(1);
    const [recorded] = sim.requests;
    expect(recorded).toMatchObject({
      method: "PATCH",
      url: "/api/users/1?api_key=%5Bredacted%5D&page=2",
      body: { name: "Grace", password: "[redacted]", note: "my token is [redacted]" },
    });
    expect(recorded?.headers["x-tiny-token"]).toBe("[redacted]");
    expect(recorded?.headers.authorization).toBe("Bearer [redacted]");
    expect(recorded?.headers.cookie).toBe("[redacted]");
    expect(JSON.stringify(sim.requests)).not.toMatch(/tiny_tok_5b1e9c7d|hunter2|k_12345678|abcdef123/);
  });

  it("records a body that is not JSON as its (scrubbed) text", async () => {
    const sim = await start();
    await call(sim, "/api/users/1", { method: "PATCH", body: `not json ${TINY_TOKEN}` });
    expect(sim.requests[0]?.body).toBe("not json [redacted]");
  });

  it("records every answer as an exchange, with its operationId when a route matched", async () => {
    const sim = await start({ rateLimit: { limit: 4 } });
    await call(sim, "/api/users/1");
    await call(sim, "/api/users/1", { method: "PATCH", body: JSON.stringify({ email: "g@example.com" }) });
    await call(sim, "/api/users/1", { token: "nope" });
    await call(sim, "/api/nothing");
    await call(sim, "/api/users/1");
    expect(sim.exchanges).toEqual([
      {
        operationId: "getUser",
        method: "GET",
        path: "/api/users/1",
        status: 200,
        contentType: "application/json",
        body: { id: "1", name: "Ada" },
      },
      {
        operationId: "updateUser",
        method: "PATCH",
        path: "/api/users/1",
        status: 200,
        contentType: "application/json",
        body: { id: "1", name: "Ada", email: "g@example.com" },
      },
      {
        operationId: "getUser",
        method: "GET",
        path: "/api/users/1",
        status: 401,
        contentType: "text/plain",
        body: "Unauthorized",
      },
      {
        operationId: undefined,
        method: "GET",
        path: "/api/nothing",
        status: 501,
        contentType: "application/json",
        body: { error: "not simulated: GET /api/nothing", method: "GET", path: "/api/nothing" },
      },
      {
        operationId: "getUser",
        method: "GET",
        path: "/api/users/1",
        status: 429,
        contentType: "application/json",
        body: { error: "too many requests" },
      },
    ]);
  });
});
