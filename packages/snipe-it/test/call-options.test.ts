/**
 * What an SDK user meets first, through @userbridge/snipe-it's own exports against the simulator:
 * per-call options on every function, the hooks, the error classes re-exported (the same classes
 * as core's), and the base-URL rule (the server, without /api/v1).
 */
import * as core from "@userbridge/core";
import { describe, expect, it } from "vitest";
import * as snipe from "../src/index.js";
import { SIMULATOR_TOKEN } from "../src/simulator.js";
import { simPerTest } from "./simulator/support.js";

const start = simPerTest();
const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("per-call options on every function", () => {
  it("maxRetries: 0 for one call does not retry a 503; the client's own retries do", async () => {
    const { sim } = await start({ fail: { status: 503, times: 1 } });
    const client = snipe.createClient({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 2 });
    const error = await caught(snipe.getUser(client, 13, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(snipe.ServerError);
    expect(sim.requests).toHaveLength(1);
    await expect(snipe.getUser(client, 13)).resolves.toMatchObject({ id: 13 });
  });

  it("timeoutMs for one call fires against a slow server", async () => {
    const { sim } = await start({ latencyMs: 1_000 });
    const client = snipe.createClient({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 0 });
    const error = await caught(snipe.findUserByEmail(client, "ada@example.com", { timeoutMs: 100 }));
    expect(error).toBeInstanceOf(snipe.TimeoutError);
  });

  it("an aborted signal stops updateUser and planUpdate before anything is sent", async () => {
    const { sim, client } = await start();
    const signal = AbortSignal.abort();
    const update = await caught(snipe.updateUser(client, 13, { jobtitle: "CTO" }, { signal }));
    expect(update).toBeInstanceOf(snipe.AbortedError);
    expect(sim.requests).toHaveLength(0);
    expect(sim.users.get("13")?.jobtitle).toBe("R&D lead");
    // planUpdate sends nothing anyway, but its options are checked like every function's.
    const bad = await caught(snipe.planUpdate(client, 13, { jobtitle: "CTO" }, { timeoutMs: 0 }));
    expect(bad).toBeInstanceOf(snipe.InvalidInputError);
    expect((bad as core.InvalidInputError).issues).toEqual([
      { path: "options.timeoutMs", message: "must be a positive number of ms" },
    ]);
  });

  it("updateUser with options writes and verifies as without", async () => {
    const { sim, client } = await start();
    const user = await snipe.updateUser(client, 13, { jobtitle: "CTO" }, { timeoutMs: 5_000, maxRetries: 1 });
    expect(user.jobtitle).toBe("CTO");
    expect(sim.users.get("13")?.jobtitle).toBe("CTO");
  });
});

describe("hooks", () => {
  it("onRequest/onResponse see each request of a call, never the token", async () => {
    const { sim } = await start();
    const events: (core.RequestEvent | core.ResponseEvent)[] = [];
    const client = snipe.createClient({
      baseUrl: sim.url,
      token: SIMULATOR_TOKEN,
      onRequest: (e) => events.push(e),
      onResponse: (e) => events.push(e),
    });
    await snipe.findUserByEmail(client, "ada@example.com");
    await snipe.updateUser(client, 13, { jobtitle: "CTO" });
    expect(events.map((e) => ("status" in e ? `${e.status}` : `${e.method} ${new URL(e.url).pathname}`))).toEqual([
      "GET /api/v1/users",
      "200",
      "PATCH /api/v1/users/13",
      "200",
    ]);
    expect(JSON.stringify(events)).not.toContain(SIMULATOR_TOKEN);
  });
});

describe("errors come from the package itself", () => {
  it("re-exports core's error classes (the same classes), so instanceof works from either", async () => {
    expect(snipe.NotFoundError).toBe(core.NotFoundError);
    expect(snipe.InvalidInputError).toBe(core.InvalidInputError);
    expect(snipe.UserbridgeError).toBe(core.UserbridgeError);
    expect(snipe.AbortedError).toBe(core.AbortedError);
    expect(snipe.ApiError).toBe(core.ApiError);
    const { client } = await start();
    const error = await caught(snipe.getUser(client, 999));
    expect(error).toBeInstanceOf(snipe.NotFoundError);
    expect(error).toBeInstanceOf(snipe.UserbridgeError);
    expect(error).toMatchObject({ vendor: "snipe-it", operation: "getUser", status: 200 });
  });
});

describe("base URL: the server, without /api/v1", () => {
  it.each([
    "https://assets.example.com/api/v1",
    "https://assets.example.com/api/v1/",
    "https://assets.example.com/snipe/api/v1",
  ])("refuses %s, naming the expected form", (baseUrl) => {
    const error = (() => {
      try {
        snipe.createClient({ baseUrl, token: "t" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(snipe.InvalidInputError);
    expect((error as Error).message).toContain(
      "baseUrl: is the server without /api/v1 (the client adds /api/v1 itself), e.g. https://assets.example.com",
    );
  });

  it("takes the server, also under a path", () => {
    expect(() => snipe.createClient({ baseUrl: "https://assets.example.com/snipe", token: "t" })).not.toThrow();
  });

  it("a malformed base URL or a missing token is an InvalidInputError, not a TypeError", () => {
    expect(() => snipe.createClient({ baseUrl: "assets.example.com", token: "t" })).toThrow(snipe.InvalidInputError);
    expect(() => snipe.createClient({ baseUrl: "https://assets.example.com", token: "" })).toThrow(
      snipe.InvalidInputError,
    );
    expect(() =>
      snipe.createClient({ baseUrl: "https://assets.example.com", token: "t", timeoutMs: -5, maxRetries: Number.NaN }),
    ).toThrow(/timeoutMs: must be a positive number of ms[\s\S]*maxRetries: must be a whole number, 0 or more/);
  });
});
