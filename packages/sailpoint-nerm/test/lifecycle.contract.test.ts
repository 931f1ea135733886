/**
 * The lifecycle operations against Prism on specs/sailpoint-nerm.yaml: every request our client
 * sends satisfies the spec, and the documented answers map to typed errors.
 */
import { collect, NotFoundError, ValidationError } from "@userbridge/core/internal";
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
  createClient({ baseUrl: prismUrl("sailpoint-nerm"), fetch: preferring, maxRetries: 0, verify: false, token: "t-1" });
const sent = () => rec.log.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);
const ID = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";

afterEach(() => {
  expect(rec.violations()).toEqual([]);
  prefer = undefined;
  rec.log.length = 0;
});

describe("sailpoint-nerm lifecycle against Prism", () => {
  it("round trip: create, list, update, delete, each request valid", async () => {
    const created = await createUser(client(), {
      name: "Grace Hopper",
      email: "grace@example.com",
      type: "NeprofileUser",
      login: "grace",
      password: "s3cret-Passw0rd",
      groups: ["Admin_group"],
    });
    expect(created.id).toBe(ID);
    const listed = await collect(listUsers(client(), { login: "grace", user_status: "Active", order: "created_at" }));
    expect(listed.map((u) => u.id)).toEqual([ID]);
    await updateUser(client(), created.id, { title: "CTO" });
    await deleteUser(client(), created.id);
    expect(sent()).toEqual([
      "POST /user",
      "GET /users?login=grace&user_status=Active&order=created_at&limit=100&offset=0",
      `PATCH /users/${ID}`,
      `DELETE /users/${ID}`,
    ]);
    expect(rec.log[0]?.requestBody).toContain('"group_strings":"Admin_group"');
  });

  it("maps the documented create 400 to ValidationError (a refusal: no lookup)", async () => {
    prefer = { method: "POST", value: "code=400" };
    const error = await createUser(client(), {
      name: "x",
      email: "x@example.com",
      type: "NeaccessUser",
      login: "x",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(rec.log).toHaveLength(1);
  });

  it("maps the documented delete 404", async () => {
    prefer = { method: "DELETE", value: "code=404" };
    await expect(deleteUser(client(), ID)).rejects.toBeInstanceOf(NotFoundError);
  });
});
