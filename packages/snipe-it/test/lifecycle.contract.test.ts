/**
 * The lifecycle operations against Prism on specs/snipe-it.yaml: every request our client sends
 * satisfies the spec, and the documented answers map to typed errors.
 */
import { collect } from "@userbridge/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { createClient, createUser, deleteUser, listUsers, restoreUser, updateUser } from "../src/index.js";

const rec = recordingFetch();
const client = () =>
  createClient({ baseUrl: prismUrl("snipe-it"), fetch: rec.fetch, maxRetries: 0, verify: false, token: "t-1" });
const sent = () => rec.log.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);

afterEach(() => {
  expect(rec.violations()).toEqual([]);
  rec.log.length = 0;
});

describe("snipe-it lifecycle against Prism", () => {
  it("round trip: create, list, update, delete, restore, each request valid", async () => {
    const created = await createUser(client(), {
      first_name: "Darth",
      username: "darthvader",
      password: "darth_password",
      activated: true,
      groups: [1],
      permissions: { "reports.view": "1" },
    });
    expect(created.id).toBe(14);
    const listed = await collect(listUsers(client(), { search: "darth", activated: 1, pageSize: 50 }));
    expect(listed.map((u) => u.id)).toContain(13);
    await updateUser(client(), 14, { jobtitle: "Sith" });
    // Prism answers the first example of ActionResult: a success.
    await deleteUser(client(), 14);
    await restoreUser(client(), 14);
    expect(sent()).toEqual([
      "POST /api/v1/users",
      "GET /api/v1/users?sort=id&order=asc&search=darth&activated=1&offset=0&limit=50",
      "PATCH /api/v1/users/14",
      "DELETE /api/v1/users/14",
      "POST /api/v1/users/14/restore",
    ]);
    expect(rec.log[0]?.requestBody).toContain('"password_confirmation"');
  });
});
