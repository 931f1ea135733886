import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hang, html, json, serverPerTest, type TestServer } from "../../../../test/support/server.js";
import { AuthenticationError, ConnectionError, ServerError, TimeoutError, userAgent } from "../../src/internal.js";
import { getThing, testClient } from "../helpers.js";

const serve = serverPerTest();
let server: TestServer | undefined;

describe("faults", () => {
  it("gives TimeoutError for a server that never answers", async () => {
    server = await serve(hang);
    const started = Date.now();
    const error = await getThing(testClient(server.url, { timeoutMs: 200, maxRetries: 1 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain("200 ms");
    expect(server.received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("gives TimeoutError when headers arrive but the body never ends", async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":');
    });
    const error = await getThing(testClient(server.url, { timeoutMs: 300, maxRetries: 0 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("turns an HTML 502 page into a typed ServerError, not a JSON parse crash", async () => {
    server = await serve(html(502));
    const error = await getThing(testClient(server.url, { maxRetries: 0 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(error.issues).toEqual([{ path: "", message: "non-JSON answer (text/html)" }]);
  });

  it("turns an HTML 200 page where JSON was promised into ConnectionError", async () => {
    server = await serve(html(200, "<html>login</html>"));
    const error = await getThing(testClient(server.url, { maxRetries: 0 }), "a").catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("not the JSON promised");
  });

  it("maps 401 to AuthenticationError with the vendor message", async () => {
    server = await serve(json(401, { message: "bad token" }));
    const error = await getThing(testClient(server.url), "a").catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("bad token");
  });

  it("sends User-Agent, Accept and the bearer token", async () => {
    server = await serve(json(200, { id: "a" }));
    await getThing(testClient(server.url), "a");
    const headers = server.received[0]?.headers;
    expect(headers?.["user-agent"]).toBe(`userbridge-test/1.2.3 node/${process.versions.node}`);
    expect(headers?.accept).toBe("application/json");
    expect(headers?.authorization).toMatch(/^Bearer /);
  });

  it("names the package, then the runtime where a process global says it is Node, else nothing", () => {
    expect(userAgent("@userbridge/snipe-it", "0.1.0", { process: { versions: { node: "20.19.0" } } })).toBe(
      "userbridge-snipe-it/0.1.0 node/20.19.0",
    );
    expect(userAgent("@userbridge/snipe-it", "0.1.0", {})).toBe("userbridge-snipe-it/0.1.0");
    expect(userAgent("@userbridge/zluri", "1.2.3", { process: {} })).toBe("userbridge-zluri/1.2.3");
  });

  it("is the User-Agent core's README documents (issue 24: the README and the code disagreed)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const [, form, example] =
      /`User-Agent: (userbridge-<package>\/<version> node\/<node version>)` \(e\.g\.\s+`([^`]+)`/.exec(readme) ?? [];
    expect(form).toBeDefined();
    const [, pkg, version, node] = /^userbridge-([a-z-]+)\/(\S+) node\/(\S+)$/.exec(example ?? "") ?? [];
    expect(
      userAgent(`@userbridge/${pkg}`, version as string, { process: { versions: { node: node as string } } }),
    ).toBe(example);
  });

  it("keeps the request id of a failed answer", async () => {
    server = await serve(json(500, {}, { "x-request-id": "req-42" }));
    const error = await getThing(testClient(server.url, { maxRetries: 0 }), "a").catch((e) => e);
    expect(error.requestId).toBe("req-42");
  });
});
