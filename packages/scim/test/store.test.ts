/** The ScimStore contract (store-contract.ts) for the embedded stores; PostgreSQL runs it in test:scale. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { afterAll, describe, expect, it } from "vitest";
import { FileScimStore } from "../src/node.js";
import { MemoryScimStore } from "../src/store.js";
import { describeScimStore } from "./store-contract.js";

const dir = mkdtempSync(join(tmpdir(), "scim-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeScimStore("MemoryScimStore", async () => new MemoryScimStore());
describeScimStore("FileScimStore", async () => new FileScimStore(join(dir, `store-${n++}.sqlite`)));

describe("FileScimStore: a file written before tombstones", () => {
  it("is upgraded on open (the deleted column added), its rows kept", async () => {
    const SQL = await initSqlJs();
    const old = new SQL.Database();
    old.run(`CREATE TABLE scim_users (vendor TEXT NOT NULL, id TEXT NOT NULL, external_id TEXT, user_name TEXT,
      user_name_key TEXT, PRIMARY KEY (vendor, id));
      INSERT INTO scim_users VALUES ('zluri', 'u1', 'ext-1', 'Ada', 'ada');`);
    const file = join(dir, "old.sqlite");
    writeFileSync(file, old.export());
    old.close();
    const s = new FileScimStore(file);
    expect(await s.get("zluri", "u1")).toEqual({ externalId: "ext-1", userName: "Ada" });
    await s.put("zluri", "u1", { deleted: true });
    expect(await s.get("zluri", "u1")).toEqual({ deleted: true });
    await s.close();
    const again = new FileScimStore(file);
    expect(await again.get("zluri", "u1")).toEqual({ deleted: true });
    expect(await again.findBy("zluri", "userName", "ada")).toBeUndefined();
    await again.close();
    expect(readFileSync(file).byteLength).toBeGreaterThan(0);
  });
});
