/** The ScimStore contract (store-contract.ts) for the embedded stores; PostgreSQL runs it in test:scale. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { FileScimStore } from "../src/node.js";
import { MemoryScimStore } from "../src/store.js";
import { describeScimStore } from "./store-contract.js";

const dir = mkdtempSync(join(tmpdir(), "scim-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeScimStore("MemoryScimStore", async () => new MemoryScimStore());
describeScimStore("FileScimStore", async () => new FileScimStore(join(dir, `store-${n++}.sqlite`)));
