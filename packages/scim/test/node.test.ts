/**
 * The Node-only subpath: the SQLite file store (created on first use, kept across instances,
 * unique externalId/userName per vendor) and the node:http server, spoken to over real HTTP.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileScimStore, serve } from "../src/node.js";
import { StoreConflictError } from "../src/store.js";
import { patch, SCIM, startGateway, TOKEN, vendorIds } from "./support.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-store-"));
  dirs.push(dir);
  return join(dir, "nested", "scim.sqlite");
};

describe("FileScimStore", () => {
  it("creates its file on first use and keeps state across instances", async () => {
    const file = tempFile();
    const a = new FileScimStore(file);
    await a.put("zluri", "u1", { externalId: "ext-1", userName: "Ada@Example.com" });
    await a.close();
    const b = new FileScimStore(file);
    expect(await b.get("zluri", "u1")).toEqual({ externalId: "ext-1", userName: "Ada@Example.com" });
    expect(await b.findBy("zluri", "externalId", "ext-1")).toBe("u1");
    expect(await b.findBy("zluri", "externalId", "EXT-1")).toBeUndefined();
    expect(await b.findBy("zluri", "userName", "ada@example.COM")).toBe("u1");
    expect(await b.findBy("nexudus", "externalId", "ext-1")).toBeUndefined();
    await b.close();
  });

  it("refuses an externalId or userName another user of the same vendor holds; other vendors are separate", async () => {
    const store = new FileScimStore(tempFile());
    await store.put("zluri", "u1", { externalId: "ext-1" });
    await expect(store.put("zluri", "u2", { externalId: "ext-1" })).rejects.toThrow(StoreConflictError);
    await store.put("zluri", "u1", { userName: "ada" });
    await expect(store.put("zluri", "u2", { userName: "ADA" })).rejects.toThrow(StoreConflictError);
    await store.put("nexudus", "u2", { externalId: "ext-1" });
    await store.put("zluri", "u2", { externalId: "ext-1" }); // u1 gave it up above
    await store.delete("zluri", "u1");
    expect(await store.get("zluri", "u1")).toBeUndefined();
    expect(await store.findBy("zluri", "userName", "ada")).toBeUndefined();
    await store.close();
  });
});

describe("serve: the handler on node:http", () => {
  it("answers SCIM over HTTP and bounds the body on the wire", async () => {
    const gw = await startGateway();
    const server = await serve({ handler: gw.handler, port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const id = vendorIds["snipe-it"]!(1);
      const headers = { authorization: `Bearer ${TOKEN}`, "content-type": SCIM };
      const got = await fetch(`${server.url}/scim/v2/snipe-it/Users/${id}`, { headers });
      expect(got.status).toBe(200);
      expect(((await got.json()) as { meta: { location: string } }).meta.location).toBe(
        `${server.url}/scim/v2/snipe-it/Users/${id}`,
      );
      const patched = await fetch(`${server.url}/scim/v2/snipe-it/Users/${id}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify(patch({ op: "replace", path: "title", value: "Over HTTP" })),
      });
      expect(((await patched.json()) as { title: string }).title).toBe("Over HTTP");
      const big = await fetch(`${server.url}/scim/v2/snipe-it/Users/${id}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({ pad: "x".repeat(200_000) }),
      });
      expect(big.status).toBe(413);
    } finally {
      await server.close();
      await gw.stop();
    }
  });
});
