/**
 * The Zluri simulator against specs/zluri.yaml: every operation driven to each answer it can give
 * (through the client where the client can send the request, with raw fetch where it refuses to),
 * then every recorded answer checked against the spec's response schemas.
 */
import { AuthenticationError, NotFoundError, RateLimitError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { expectConformance } from "../../../test/support/spec-conformance.js";
import { createUser, getUser, updateUser } from "../src/index.js";
import { SIMULATOR_API_KEY, type ZluriSimulator } from "../src/simulator.js";
import { clientFor, ID, simulatorPerTest } from "./fixtures.js";

const SPEC = new URL("../../../specs/zluri.yaml", import.meta.url).pathname;
const start = simulatorPerTest();

const raw = (sim: ZluriSimulator, method: string, path: string, body?: string, key = SIMULATOR_API_KEY) =>
  fetch(`${sim.url}${path}`, {
    method,
    body: body ?? null,
    headers: { "api-key": key, "content-type": "application/json" },
  });

describe("zluri simulator conforms to specs/zluri.yaml", () => {
  it("answers every operation as the spec documents, and produces every documented answer it can", async () => {
    const sim = await start();
    const all = [...sim.exchanges];
    const client = clientFor(sim);
    // updateUser 200 (+ listUsers 200 through the re-read), both answer shapes
    await updateUser(client, ID, { user_designation: "CTO" });
    const withUser = await start({ updateAnswer: "user" });
    await updateUser(clientFor(withUser), ID, { user_archive: true });
    // 400: malformed path id, a body breaking the documented rules, a body that is not JSON
    expect((await raw(sim, "PATCH", "/users/nope", '{"user_name":"x"}')).status).toBe(400);
    const bad = await raw(sim, "PATCH", `/users/${ID}`, '{"user_email":"x","primary_source":{},"user_status":"gone"}');
    expect(await bad.json()).toEqual({
      errors: [
        { msg: "user_email must be a valid email", path: "user_email" },
        { msg: "user_status must be one of: active, inactive, suspended, unknown", path: "user_status" },
        { msg: "primary_source.keyword is required", path: "primary_source.keyword" },
      ],
    });
    expect((await raw(sim, "PATCH", `/users/${ID}`, "{not json")).status).toBe(400);
    expect((await raw(sim, "POST", "/users", '{"page":0}')).status).toBe(400);
    expect((await raw(sim, "POST", "/users", '{"filter_by":"user_id"}')).status).toBe(400);
    // 401 on both operations
    await expect(updateUser(clientFor(sim, { apiKey: "wrong" }), ID, { user_name: "x" })).rejects.toThrow(
      AuthenticationError,
    );
    await expect(getUser(clientFor(sim, { apiKey: "wrong" }), ID)).rejects.toThrow(AuthenticationError);
    // 404: a well-formed id nobody has (and getUser's "no row" for it)
    await expect(updateUser(client, "aaaaaaaaaaaaaaaaaaaaaaaa", { user_name: "x" })).rejects.toThrow(NotFoundError);
    await expect(getUser(client, "aaaaaaaaaaaaaaaaaaaaaaaa")).rejects.toThrow(NotFoundError);
    // createUser: 200 (then the read by email), 400 (missing fields, a taken email), 401, 429
    await createUser(client, { user_name: "Grace", user_email: "grace@example.com", account_type: "external" });
    expect((await raw(sim, "POST", "/add-user", '{"user_name":"x"}')).status).toBe(400);
    expect((await raw(sim, "POST", "/add-user", '{"user_name":"x","user_email":"grace@example.com"}')).status).toBe(
      400,
    );
    expect((await raw(sim, "POST", "/add-user", "{}", "wrong")).status).toBe(401);
    // 429 on every operation
    const tight = await start({ rateLimit: { limit: 1 } });
    await getUser(clientFor(tight), ID);
    await expect(getUser(clientFor(tight), ID)).rejects.toThrow(RateLimitError);
    await expect(updateUser(clientFor(tight), ID, { user_name: "x" })).rejects.toThrow(RateLimitError);
    expect((await raw(tight, "POST", "/add-user", "{}")).status).toBe(429);
    all.push(...sim.exchanges, ...withUser.exchanges, ...tight.exchanges);

    const result = expectConformance(SPEC, all, {
      neverProduced: {
        "updateUser 422":
          "the simulator reports every validation failure as a 400 (Zluri documents 422 only for its sync APIs)",
        "listUsers 422":
          "the simulator reports every validation failure as a 400 (Zluri documents 422 only for its sync APIs)",
        "updateUser 500": "an unexpected server error is not a behaviour to simulate; inject it with the `fail` option",
        "listUsers 500": "an unexpected server error is not a behaviour to simulate; inject it with the `fail` option",
        "createUser 500": "an unexpected server error is not a behaviour to simulate; inject it with the `fail` option",
      },
    });
    expect(result.checked).toBe(all.length); // every answer was routed and checked
  });
});
