/**
 * The simulator against our spec (issue 11 item 3): drive every operation through every answer it
 * can give, then check each recorded answer against specs/nexudus.yaml (status, content type, body
 * schema) and that every documented response was produced.
 */
import { fileURLToPath } from "node:url";
import type { RecordedExchange } from "@userbridge/core/simulator";
import { afterAll, describe, expect, it } from "vitest";
import { checkExchangesAgainstSpec } from "../../../test/support/spec-conformance.js";
import { DEFAULT_LOGIN, DEFAULT_TOKEN, type NexudusSimulator, startSimulator } from "../src/simulator.js";
import { complete, sampleRecord } from "./spec.js";

const SPEC = fileURLToPath(new URL("../../../specs/nexudus.yaml", import.meta.url));
const ada = complete(sampleRecord({ Id: 7, Password: "stored-hash" }));
const started: NexudusSimulator[] = [];
afterAll(() => Promise.all(started.map((s) => s.stop())));

async function simulator(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ users: { "7": ada as never }, rateLimit: false, ...options });
  started.push(sim);
  return sim;
}

const bearer = { authorization: `Bearer ${DEFAULT_TOKEN}` };
const call = (
  sim: NexudusSimulator,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
) =>
  fetch(`${sim.url}${path}`, {
    method,
    headers: { ...bearer, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  }).then(async (r) => ({ status: r.status, body: await r.text() }));
const put = (sim: NexudusSimulator, body: unknown, headers: Record<string, string> = {}) =>
  call(sim, "PUT", "/api/sys/users", {
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const form = (fields: Record<string, string>) => ({
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("the simulator answers only as specs/nexudus.yaml documents", () => {
  it("drives every operation through each answer it can produce", async () => {
    const sim = await simulator();
    const statuses: string[] = [];
    const note = async (label: string, p: Promise<{ status: number }>) => statuses.push(`${label} ${(await p).status}`);

    // getToken: password grant, bad credentials, refresh grant (right and wrong client_id), unknown grant.
    const login = { grant_type: "password", username: DEFAULT_LOGIN.username, password: DEFAULT_LOGIN.password };
    const issued = JSON.parse((await call(sim, "POST", "/api/token", form(login))).body) as { refresh_token: string };
    await note("getToken", call(sim, "POST", "/api/token", form({ ...login, password: "wrong" })));
    const refresh = { grant_type: "refresh_token", refresh_token: issued.refresh_token };
    await note(
      "getToken",
      call(sim, "POST", "/api/token", { ...form(refresh), headers: { ...form(refresh).headers, client_id: "other" } }),
    );
    const refreshed = call(sim, "POST", "/api/token", {
      ...form(refresh),
      headers: { ...form(refresh).headers, client_id: DEFAULT_LOGIN.username },
    });
    await note("getToken", refreshed);
    await note("getToken", call(sim, "POST", "/api/token", form({ grant_type: "client_credentials" })));

    // getUser: the record, a bad token, an unknown id (JSON) and a path that is no id (HTML).
    await note("getUser", call(sim, "GET", "/api/sys/users/7"));
    await note("getUser", call(sim, "GET", "/api/sys/users/7", { headers: { authorization: "Bearer nope" } }));
    await note("getUser", call(sim, "GET", "/api/sys/users/404404"));
    await note("getUser", call(sim, "GET", "/api/sys/users/abc"));

    // listUsers: a page, a filtered page, a bad token.
    await note("listUsers", call(sim, "GET", "/api/sys/users?page=1&size=10"));
    await note("listUsers", call(sim, "GET", `/api/sys/users?User_Email=${encodeURIComponent(String(ada.Email))}`));
    await note("listUsers", call(sim, "GET", "/api/sys/users", { headers: { authorization: "Basic bm9wZTpub3Bl" } }));

    // updateUser: a whole record, missing required fields, bad types, invalid JSON, an unknown id, a bad token.
    const { Id: _id, UpdatedOn: _on, ...writable } = ada;
    await note("updateUser", put(sim, { ...writable, Id: 7, FullName: "Ada King" }));
    await note("updateUser", put(sim, { Id: 7, Email: "ada@example.com" }));
    await note("updateUser", put(sim, { ...writable, Id: 7, Language: 0, Active: "yes" }));
    await note("updateUser", put(sim, "{not json"));
    await note("updateUser", put(sim, { ...writable, Id: 404404 }));
    await note("updateUser", put(sim, { ...writable, Id: 7 }, { authorization: "Bearer nope" }));

    // createUser: created, missing Email, a duplicate email, a bad token; deleteUser: deleted, unknown id, bad token.
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      call(sim, "POST", "/api/sys/users", {
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const created = await post({ FullName: "Grace Hopper", Email: "grace@example.com", Language: 1 });
    statuses.push(`createUser ${created.status}`);
    await note("createUser", post({ FullName: "No Email" }));
    await note("createUser", post({ FullName: "Grace again", Email: "grace@example.com" }));
    await note("createUser", post({ FullName: "x", Email: "x@example.com" }, { authorization: "Bearer nope" }));
    const newId = (JSON.parse(created.body) as { Value: { Id: number } }).Value.Id;
    await note("deleteUser", call(sim, "DELETE", `/api/sys/users/${newId}`));
    await note("deleteUser", call(sim, "DELETE", `/api/sys/users/${newId}`));
    await note("deleteUser", call(sim, "DELETE", "/api/sys/users/7", { headers: { authorization: "Bearer nope" } }));

    // WasSuccessful:false at HTTP 200 (a refusal the test decides).
    const refusing = await simulator({ refuse: () => "The user cannot be updated." });
    await note("updateUser", put(refusing, { ...writable, Id: 7 }));

    // 409 + Retry-After: the documented throttle, on every operation (limit on, two requests at once).
    const throttled = await simulator({ rateLimit: { limit: 1, windowMs: 60_000 } });
    for (const [method, path, init] of [
      ["POST", "/api/token", form(login)],
      ["GET", "/api/sys/users/7", {}],
      ["GET", "/api/sys/users", {}],
      ["PUT", "/api/sys/users", { headers: { "content-type": "application/json" }, body: JSON.stringify(writable) }],
      ["POST", "/api/sys/users", { headers: { "content-type": "application/json" }, body: '{"FullName":"x"}' }],
      ["DELETE", "/api/sys/users/7", {}],
      ["POST", "/api/token", form(login)],
    ] as const) {
      await note("throttled", call(throttled, method, path, init));
    }

    expect(statuses).toEqual([
      "getToken 400",
      "getToken 400",
      "getToken 200",
      "getToken 400",
      "getUser 200",
      "getUser 401",
      "getUser 404",
      "getUser 404",
      "listUsers 200",
      "listUsers 200",
      "listUsers 401",
      "updateUser 200",
      "updateUser 400",
      "updateUser 400",
      "updateUser 400",
      "updateUser 404",
      "updateUser 401",
      "createUser 200",
      "createUser 400",
      "createUser 400",
      "createUser 401",
      "deleteUser 200",
      "deleteUser 404",
      "deleteUser 401",
      "updateUser 200",
      "throttled 200",
      "throttled 409",
      "throttled 409",
      "throttled 409",
      "throttled 409",
      "throttled 409",
      "throttled 409",
    ]);
    const exchanges: RecordedExchange[] = [...sim.exchanges, ...refusing.exchanges, ...throttled.exchanges];
    const result = checkExchangesAgainstSpec(SPEC, exchanges, {
      neverProduced: {
        "updateUser 500":
          "a vendor fault (An error has occurred.): only the fail option produces it, and the check skips injected answers",
        "createUser 500": "a vendor fault, as updateUser 500",
        "deleteUser 500": "a vendor fault, as updateUser 500",
      },
    });
    expect(result.problems).toEqual([]);
    expect(result.checked).toBe(exchanges.length);
  });

  it("an injected 500 carries the vendor's body (the client maps it to ServerError)", async () => {
    const sim = await simulator({ fail: { status: 500, body: { Message: "An error has occurred." } } });
    expect(await call(sim, "GET", "/api/sys/users/7")).toEqual({
      status: 500,
      body: '{"Message":"An error has occurred."}',
    });
    expect(sim.exchanges[0]?.injected).toBe(true);
  });
});
