/**
 * The NERM simulator against specs/sailpoint-nerm.yaml: every operation driven to each answer it
 * can give (through the client where it can send the request, with raw fetch where it refuses
 * to), then every recorded answer checked against the spec's response schemas.
 */
import { AuthenticationError, NotFoundError, RateLimitError, ValidationError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { expectConformance } from "../../../test/support/spec-conformance.js";
import { createUser, deleteUser, getUser, updateUser } from "../src/index.js";
import { type SailPointNermSimulator, SIMULATOR_TOKEN } from "../src/simulator.js";
import { BOB_ID, bob, clientFor, ID, simulatorPerTest } from "./fixtures.js";

const SPEC = new URL("../../../specs/sailpoint-nerm.yaml", import.meta.url).pathname;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const start = simulatorPerTest();

const raw = (sim: SailPointNermSimulator, method: string, path: string, body?: string, token = SIMULATOR_TOKEN) =>
  fetch(`${sim.url}${path}`, {
    method,
    body: body ?? null,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });

describe("sailpoint-nerm simulator conforms to specs/sailpoint-nerm.yaml", () => {
  it("answers every operation as the spec documents, and produces every documented answer it can", async () => {
    const sim = await start();
    const client = clientFor(sim);
    const wrong = clientFor(sim, { token: "wrong" });
    // 200s
    await getUser(client, ID);
    await updateUser(client, ID, { title: "CTO", groups: ["Admin_group"] });
    const { data } = await client.GET("/users", { params: { query: { email: "BOB@example.com", metadata: true } } });
    expect(data).toEqual({ users: [bob()], _metadata: { limit: 100, offset: 0, total: 1 } });
    expect((await raw(sim, "GET", "/users?limit=1&offset=1")).status).toBe(200);
    // 400: both documented shapes, and the malformed-id / bad-paging ones
    const invalidJson = await raw(sim, "PATCH", `/users/${ID}`, '{"user": {');
    expect(await invalidJson.json()).toEqual({ error: "Invalid JSON syntax. Please check your syntax and try again." });
    await expect(updateUser(client, ID, { name: "" })).rejects.toThrow(ValidationError);
    const mismatch = await raw(sim, "PATCH", `/users/${ID}`, JSON.stringify({ user: { id: BOB_ID, title: "x" } }));
    expect(await mismatch.json()).toEqual({
      error: "The user failed to create/update",
      errors: { id: "does not match the id in the path" },
    });
    expect((await raw(sim, "PATCH", `/users/${ID}`, '{"title":"x"}')).status).toBe(400);
    expect((await raw(sim, "GET", "/users/not-a-uuid")).status).toBe(400);
    expect((await raw(sim, "GET", "/users?limit=0")).status).toBe(400);
    // createUser: 200, 400 (missing fields, duplicate login, invalid JSON); deleteUser: 200, 404, 400
    const grace = { name: "Grace", email: "grace@example.com", type: "NeprofileUser", login: "grace" } as const;
    const created = await createUser(client, grace);
    expect((await raw(sim, "POST", "/user", JSON.stringify({ user: { name: "x" } }))).status).toBe(400);
    await expect(createUser(client, grace)).rejects.toThrow(ValidationError);
    expect((await raw(sim, "POST", "/user", '{"user": {')).status).toBe(400);
    await deleteUser(client, created.id);
    await expect(deleteUser(client, created.id)).rejects.toThrow(NotFoundError);
    expect((await raw(sim, "DELETE", "/users/not-a-uuid")).status).toBe(400);
    await expect(createUser(wrong, grace)).rejects.toThrow(AuthenticationError);
    await expect(deleteUser(wrong, ID)).rejects.toThrow(AuthenticationError);
    // 401 on each operation
    await expect(getUser(wrong, ID)).rejects.toThrow(AuthenticationError);
    await expect(updateUser(wrong, ID, { title: "x" })).rejects.toThrow(AuthenticationError);
    expect((await raw(sim, "GET", "/users", undefined, "wrong")).status).toBe(401);
    // 404
    await expect(getUser(client, UNKNOWN)).rejects.toThrow(NotFoundError);
    await expect(updateUser(client, UNKNOWN, { title: "x" })).rejects.toThrow(NotFoundError);
    // 429 on each operation (inferred limit)
    const tight = await start({ rateLimit: { limit: 1 } });
    await getUser(clientFor(tight), ID);
    await expect(getUser(clientFor(tight), ID)).rejects.toThrow(RateLimitError);
    await expect(updateUser(clientFor(tight), ID, { title: "x" })).rejects.toThrow(RateLimitError);
    expect((await raw(tight, "GET", "/users")).status).toBe(429);
    expect((await raw(tight, "POST", "/user", "{}")).status).toBe(429);
    expect((await raw(tight, "DELETE", `/users/${ID}`)).status).toBe(429);

    const result = expectConformance(SPEC, [...sim.exchanges, ...tight.exchanges], {
      neverProduced: {
        "getUser 500": "an unhandled vendor exception is not a behaviour to simulate; inject it with the `fail` option",
        "updateUser 500":
          "an unhandled vendor exception is not a behaviour to simulate; inject it with the `fail` option",
        "listUsers 500":
          "an unhandled vendor exception is not a behaviour to simulate; inject it with the `fail` option",
        "createUser 500":
          "an unhandled vendor exception is not a behaviour to simulate; inject it with the `fail` option",
        "deleteUser 500":
          "an unhandled vendor exception is not a behaviour to simulate; inject it with the `fail` option",
      },
    });
    expect(result.checked).toBe(sim.exchanges.length + tight.exchanges.length); // every answer was routed and checked
  });
});
