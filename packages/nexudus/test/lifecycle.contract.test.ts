/**
 * The lifecycle operations against Prism on specs/nexudus.yaml: every request our client sends
 * satisfies the spec, and the documented answers map to typed errors.
 */
import { collect, NotFoundError, ServerError, ValidationError } from "@userbridge/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { createClient, createUser, deleteUser, listUsers, updateUser } from "../src/index.js";

let prefer: { method: string; value: string } | undefined;
const rec = recordingFetch();
const preferring: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  if (prefer && request.method === prefer.method) request.headers.set("Prefer", prefer.value);
  return rec.fetch(request);
};
const client = () =>
  createClient({ baseUrl: prismUrl("nexudus"), fetch: preferring, maxRetries: 0, verify: false, token: "nx-token-1" });
const sent = () => rec.log.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);

afterEach(() => {
  expect(rec.violations()).toEqual([]);
  prefer = undefined;
  rec.log.length = 0;
});

describe("nexudus lifecycle against Prism", () => {
  it("round trip: create (POST then read), list, update, delete, each request valid", async () => {
    const created = await createUser(client(), {
      FullName: "Grace Hopper",
      Email: "grace@example.com",
      Language: 1,
      Active: true,
      Businesses: [1],
    });
    // Prism's Value.Id is 12354678; the read answers the example record.
    expect(created.Id).toBe(87654321);
    const listed = await collect(
      listUsers(client(), { User_Email: "grace@example.com", User_Active: true, orderby: "Id", dir: "Ascending" }),
    );
    expect(listed.map((u) => u.Id)).toEqual([87654321]);
    await updateUser(client(), created.Id, { FullName: "Grace B. Hopper" });
    await deleteUser(client(), created.Id);
    expect(sent()).toEqual([
      "POST /api/sys/users",
      "GET /api/sys/users/12354678",
      "GET /api/sys/users?User_Email=grace%40example.com&User_Active=true&orderby=Id&dir=Ascending&page=1&size=1000",
      "GET /api/sys/users/87654321",
      "PUT /api/sys/users",
      "DELETE /api/sys/users/87654321",
    ]);
  });

  it("maps the documented create 400 to ValidationError (no lookup: a refusal)", async () => {
    prefer = { method: "POST", value: "code=400" };
    const error = await createUser(client(), { FullName: "x", Email: "x@example.com" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: "Email", message: "may not be null or empty" }]);
    expect(rec.log).toHaveLength(1);
  });

  it("maps the documented delete 404 and 500", async () => {
    prefer = { method: "DELETE", value: "code=404" };
    await expect(deleteUser(client(), 5)).rejects.toBeInstanceOf(NotFoundError);
    prefer = { method: "DELETE", value: "code=500" };
    await expect(deleteUser(client(), 5)).rejects.toBeInstanceOf(ServerError);
  });
});
