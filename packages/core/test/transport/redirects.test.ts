/**
 * Redirects (issue 12, item 3): credentials never leave for another origin, whatever header
 * carries them; same-origin redirects of reads are followed; of writes, followed with the body
 * intact (307/308) or refused with a typed error (a 301/302/303 would turn the write into a GET).
 */
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { json, serverPerTest, type TestServer } from "../../../../test/support/server.js";
import {
  type AuthProvider,
  basicAuth,
  bearerAuth,
  createVendorClient,
  headerAuth,
  RedirectError,
  UserbridgeError,
} from "../../src/internal.js";
import { getThing, patchThing, type TestPaths, TOKEN, testClient } from "../helpers.js";

const serve = serverPerTest();

const redirect =
  (status: number, location: (index: number) => string) => (_req: unknown, res: ServerResponse, index: number) => {
    res.writeHead(status, { location: location(index) });
    res.end();
  };

const auths: [string, AuthProvider][] = [
  ["Bearer", bearerAuth(TOKEN)],
  ["bare token in Authorization", headerAuth("Authorization", TOKEN)],
  ["api-key", headerAuth("api-key", TOKEN)],
  ["Basic", basicAuth("ada", TOKEN)],
];

function clientWith(baseUrl: string, auth: AuthProvider) {
  return createVendorClient<TestPaths>(
    { baseUrl, maxRetries: 2 },
    { vendor: "test", packageName: "@userbridge/test", version: "1.2.3", auth },
  );
}

const leaked = (server: TestServer) =>
  server.received.some(
    (r) => JSON.stringify(r.headers).includes(TOKEN) || JSON.stringify(r.headers).includes(btoa(`ada:${TOKEN}`)),
  );

describe("redirects", () => {
  for (const [name, auth] of auths) {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`${name}: a ${status} to another origin is a RedirectError naming it, and nothing reaches it`, async () => {
        const evil = await serve(json(200, { id: "a" }));
        const origin = await serve(redirect(status, () => `${evil.url}/things/a?x=1`));
        const client = clientWith(origin.url, auth);
        for (const call of [() => getThing(client, "a"), () => patchThing(client, "a", { name: "x" })]) {
          const error = await call().catch((e) => e);
          expect(error).toBeInstanceOf(RedirectError);
          expect(error).toBeInstanceOf(UserbridgeError);
          expect(error.message).toContain(new URL(evil.url).origin);
          expect(error.location).toBe(new URL(evil.url).origin);
        }
        expect(evil.received).toHaveLength(0);
        expect(leaked(evil)).toBe(false);
        expect(origin.received).toHaveLength(2); // not retried
      });
    }
  }

  it("follows a same-origin redirect of a read, with the credentials", async () => {
    const server = await serve([redirect(301, () => "/things/b"), json(200, { id: "b" })]);
    const { data } = await getThing(testClient(server.url), "a");
    expect(data).toEqual({ id: "b" });
    expect(server.received.map((r) => r.url)).toEqual(["/things/a", "/things/b"]);
    expect(server.received[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  for (const status of [307, 308]) {
    it(`follows a same-origin ${status} of a write with its body intact`, async () => {
      const server = await serve([redirect(status, () => "/things/b"), json(200, { id: "b" })]);
      const { data } = await patchThing(testClient(server.url), "a", { name: "Ada" });
      expect(data).toEqual({ id: "b" });
      expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([
        ["PATCH", "/things/a", '{"name":"Ada"}'],
        ["PATCH", "/things/b", '{"name":"Ada"}'],
      ]);
    });
  }

  it("follows a same-origin redirect, then retries a 503 there with the body intact", async () => {
    const server = await serve([
      redirect(307, () => "/things/b"),
      json(503, { message: "busy" }, { "retry-after": "0" }),
      json(200, { id: "b" }),
    ]);
    const { data } = await patchThing(testClient(server.url), "a", { name: "Ada" });
    expect(data).toEqual({ id: "b" });
    expect(server.received.map((r) => r.body)).toEqual(Array(3).fill('{"name":"Ada"}'));
  });

  for (const status of [301, 302, 303]) {
    it(`refuses a same-origin ${status} of a write (it would become a GET without the body)`, async () => {
      const server = await serve([redirect(status, () => "/things/b"), json(200, { id: "b" })]);
      const error = await patchThing(testClient(server.url), "a", { name: "Ada" }).catch((e) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error.status).toBe(status);
      expect(server.received).toHaveLength(1);
    });
  }

  it("stops a redirect loop with a RedirectError", async () => {
    const server = await serve(redirect(302, (i) => `/things/${i}`));
    const error = await getThing(testClient(server.url), "a").catch((e) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.message).toMatch(/too many redirects/);
    expect(server.received.length).toBeLessThanOrEqual(6);
  });
});
