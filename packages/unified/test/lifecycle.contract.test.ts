/**
 * The facade's lifecycle verbs against Prism: create → list → update → delete (where the vendor
 * can) for each lifecycle adapter, every request within its vendor's spec.
 */
import { collect } from "@userbridge/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { nexudusLifecycle } from "../src/adapters/nexudus.js";
import { sailpointNermLifecycle } from "../src/adapters/sailpoint-nerm.js";
import { zluriLifecycle } from "../src/adapters/zluri.js";
import { connect } from "../src/index.js";

const rec = recordingFetch();
afterEach(() => {
  expect(rec.violations()).toEqual([]);
  rec.log.length = 0;
});
const common = { fetch: rec.fetch, maxRetries: 0, verify: false } as const;
const sent = () => rec.log.map((r) => `${r.method} ${new URL(r.url).pathname}`);

describe("facade lifecycle against Prism", () => {
  it("nexudus", async () => {
    const users = connect(nexudusLifecycle({ baseUrl: prismUrl("nexudus"), token: "t-1", ...common }));
    const created = await users.create({ displayName: "Ada Lovelace", email: "ada@example.com", locale: "en-GB" });
    expect(created.vendor).toBe("nexudus");
    expect(await collect(users.list({ email: "ada@example.com", active: true }))).toHaveLength(1);
    await users.update(created.id, { displayName: "Ada King" });
    await users.delete(created.id);
    expect(sent()).toEqual([
      "POST /api/sys/users",
      "GET /api/sys/users/12354678",
      "GET /api/sys/users",
      "GET /api/sys/users/87654321",
      "PUT /api/sys/users",
      "DELETE /api/sys/users/87654321",
    ]);
  });

  it("sailpoint-nerm", async () => {
    const users = connect(sailpointNermLifecycle({ baseUrl: prismUrl("sailpoint-nerm"), token: "t-1", ...common }));
    const created = await users.create({ displayName: "Ada", email: "ada@example.com", username: "ada", active: true });
    expect(await collect(users.list({ email: "ada@example.com" }))).toHaveLength(1);
    await users.update(created.id, { title: "CTO" });
    await users.delete(created.id);
    expect(sent()).toEqual(["POST /user", "GET /users", `PATCH /users/${created.id}`, `DELETE /users/${created.id}`]);
  });

  it("zluri (no delete)", async () => {
    const users = connect(zluriLifecycle({ baseUrl: prismUrl("zluri"), apiKey: "k-1", ...common }));
    const created = await users.create({ displayName: "Ada Lovelace", email: "ada@example.com", active: true });
    expect(await collect(users.list({ active: true }))).toHaveLength(1);
    await users.update(created.id, { title: "CTO" });
    expect(sent()).toEqual(["POST /add-user", "POST /users", "POST /users", `PATCH /users/${created.id}`]);
  });
});
