import { describe, expect, it } from "vitest";
import { call, TINY_TOKEN, tinyPerTest } from "./tiny-vendor.js";

const start = tinyPerTest();

describe("simulator kit: routing, bodies, auth", () => {
  it("routes by method and pattern, with percent-decoded params", async () => {
    const sim = await start({ users: [["a b/c", { id: "a b/c", name: "Encoded" }]] });
    const res = await call(sim, `/api/users/${encodeURIComponent("a b/c")}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "a b/c", name: "Encoded" });
    expect((await call(sim, "/api/users/nobody")).status).toBe(404);
  });

  it("answers an unknown method on a path the vendor serves with def.notFound's own answer", async () => {
    const sim = await start();
    const res = await call(sim, "/api/users/1", { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual({ error: "no route DELETE /api/users/1" });
  });

  it("answers a route it does not model with 501 naming the method and path as not simulated", async () => {
    const sim = await start();
    const res = await call(sim, "/api/groups?x=1", { method: "POST", body: "{}" });
    expect(res.status).toBe(501);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: "not simulated: POST /api/groups", method: "POST", path: "/api/groups" });
    expect(sim.exchanges.at(-1)).toMatchObject({ operationId: undefined, status: 501 });
  });

  it("parses a JSON body and updates the live users map", async () => {
    const sim = await start();
    const res = await call(sim, "/api/users/1", { method: "PATCH", body: JSON.stringify({ name: "Grace" }) });
    expect(res.status).toBe(200);
    expect(sim.users.get("1")).toEqual({ id: "1", name: "Grace" });
  });

  it("sets jsonError on a body that is not JSON", async () => {
    const sim = await start();
    const res = await call(sim, "/api/users/1", { method: "PATCH", body: "{name:" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid JSON" });
    expect(sim.users.get("1")?.name).toBe("Ada");
  });

  it("answers with the vendor's 401 before routing when the token is wrong or missing", async () => {
    const sim = await start();
    const wrong = await call(sim, "/api/users/1", { token: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await wrong.text()).toBe("Unauthorized");
    expect((await fetch(`${sim.url}/api/groups`)).status).toBe(401);
    expect((await call(sim, "/api/users/1", { token: TINY_TOKEN })).status).toBe(200);
  });

  it("accepts users as a plain object and returns the very Map it serves", async () => {
    const sim = await start({ users: { "7": { id: "7", name: "Lin" } } });
    sim.users.set("8", { id: "8", name: "Added live" });
    expect(await (await call(sim, "/api/users/8")).json()).toEqual({ id: "8", name: "Added live" });
  });
});
