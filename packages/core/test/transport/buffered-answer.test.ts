import { describe, expect, it } from "vitest";
import { type Handler, json, serverPerTest } from "../../../../test/support/server.js";
import { createTransport } from "../../src/internal.js";

const serve = serverPerTest();
const transport = () => createTransport({ vendor: "test", userAgent: "test/0" });

/** Writes the body in several chunks, with a UTF-8 BOM and multi-byte characters split across them. */
const chunked: Handler = async (_req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  const bytes = Buffer.from(`\uFEFF${JSON.stringify({ name: "Zoë Ångström ✓", n: 1 })}`, "utf8");
  let from = 0;
  for (const cut of [5, 17, 18, bytes.length]) {
    res.write(bytes.subarray(from, cut));
    from = cut;
    await new Promise((r) => setTimeout(r, 5));
  }
  res.end();
};

describe("the answer the transport hands to openapi-fetch (read once, within the timeout and the cap)", () => {
  it("reads as the platform's Response would: text, json, arrayBuffer, blob, formData, body, clone, bodyUsed", async () => {
    const server = await serve(chunked);
    const fetcher = transport();
    const answer = { name: "Zoë Ångström ✓", n: 1 };
    const text = JSON.stringify(answer);

    const a = await fetcher(server.url);
    expect(a).toBeInstanceOf(Response);
    expect([a.status, a.ok, a.headers.get("content-type")]).toEqual([200, true, "application/json; charset=utf-8"]);
    expect(a.bodyUsed).toBe(false);
    const copy = a.clone();
    expect(await a.json()).toEqual(answer); // BOM dropped, characters split across chunks joined
    expect(a.bodyUsed).toBe(true);
    await expect(a.text()).rejects.toThrow(TypeError); // a body is read once, as with fetch
    expect(await copy.text()).toBe(text);

    const b = await fetcher(server.url);
    expect(new TextDecoder().decode(await b.arrayBuffer())).toBe(text);
    const c = await fetcher(server.url);
    const blob = await c.blob();
    expect([blob.type, await blob.text()]).toEqual(["application/json;charset=utf-8", text]); // as fetch types it
    const d = await fetcher(server.url);
    const sent = new TextEncoder().encode(`\uFEFF${text}`);
    expect(new Uint8Array(await new Response(d.body).arrayBuffer())).toEqual(sent); // the bytes as sent
  });

  it("reads a form answer", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-www-form-urlencoded" });
      res.end("a=1&b=%C3%AB");
    });
    const form = await (await transport()(server.url)).formData();
    expect([...form]).toEqual([
      ["a", "1"],
      ["b", "ë"],
    ]);
  });

  it("an answer without a body reads as empty", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const a = await transport()(server.url);
    expect([a.status, a.body, await a.text()]).toEqual([204, null, ""]);
  });

  it("a JSON error body reaches the caller intact", async () => {
    const server = await serve(json(422, { message: "bad", errors: { email: ["taken"] } }));
    const a = await transport()(server.url, { method: "POST", body: "{}" });
    expect([a.status, await a.json()]).toEqual([422, { message: "bad", errors: { email: ["taken"] } }]);
  });
});
