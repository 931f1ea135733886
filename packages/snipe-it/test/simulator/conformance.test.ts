import { describe, expect, it } from "vitest";
import { expectConformance } from "../../../../test/support/spec-conformance.js";
import { getUser, updateUser } from "../../src/index.js";
import { simPerTest } from "./support.js";

const spec = new URL("../../../../specs/snipe-it.yaml", import.meta.url).pathname;
const start = simPerTest();

describe("the Snipe-IT simulator answers only what the spec documents", () => {
  it("for every operation, its successes and each of its errors", async () => {
    const exchanges = [];
    const { sim, client, raw } = await start({ rateLimit: { limit: 60 } });
    await getUser(client, 13);
    await getUser(client, 999).catch(() => {});
    await updateUser(client, 13, { jobtitle: "CTO", groups: [1, 2], permissions: { admin: "1" } });
    await updateUser(client, 999, { jobtitle: "x" }).catch(() => {});
    await updateUser(client, 13, { username: "grace" }).catch(() => {});
    await updateUser(client, 13, { manager_id: 13 }).catch(() => {});
    await updateUser(client, 13, { groups: [99] }).catch(() => {});
    await raw("/api/v1/users/13", { method: "PATCH", body: '{"jobtitle":' });
    await raw("/api/v1/users/13", { method: "PATCH", body: JSON.stringify({ permissions: { admin: "1" } }) });
    await raw("/api/v1/users?email=ada@example.com");
    await raw("/api/v1/users?search=ada&sort=last_name&order=asc&offset=0&limit=1&all=true");
    await raw("/api/v1/users?sort=groups");
    const names = { first_name: "Ada", username: "ada" };
    await raw("/api/v1/users/13", { method: "PUT", body: JSON.stringify({ ...names, jobtitle: "CTO" }) });
    await raw("/api/v1/users/13", { method: "PUT", body: JSON.stringify({ jobtitle: "x" }) });
    await raw("/api/v1/users/999", { method: "PUT", body: JSON.stringify(names) });
    // A malformed body reads as empty input, so the names come from the query to reach the 422.
    await raw("/api/v1/users/13?first_name=Ada&username=ada", { method: "PUT", body: '{"jobtitle":' });
    await raw("/api/v1/users/13", { method: "PUT", body: JSON.stringify({ ...names, permissions: { a: "1" } }) });
    await raw("/api/v1/users/13", { method: "PUT", headers: { authorization: "Bearer nope" }, body: "{}" });
    const darth = { first_name: "Darth", username: "darth", password: "darth_password" };
    const post = (body: string, path = "/api/v1/users") => raw(path, { method: "POST", body });
    await post(JSON.stringify({ ...darth, password_confirmation: "darth_password" }));
    await post(JSON.stringify({ ...darth, password_confirmation: "other" }));
    await post(
      '{"first_name":',
      "/api/v1/users?first_name=D&username=dv&password=darth_pw1&password_confirmation=darth_pw1",
    );
    await post(
      JSON.stringify({ ...darth, username: "d2", password_confirmation: "darth_password", permissions: { a: "1" } }),
    );
    await post("{}", "/api/v1/users/7/restore"); // not deleted: messages null, payload the message
    await raw("/api/v1/users/7", { method: "DELETE" });
    await raw("/api/v1/users/7", { method: "DELETE" }); // already deleted: refused per rule
    await post("{}", "/api/v1/users/7/restore");
    await post("{}", "/api/v1/users/999/restore");
    await raw("/api/v1/users", { method: "POST", headers: { authorization: "Bearer nope" }, body: "{}" });
    await raw("/api/v1/users/7", { method: "DELETE", headers: { authorization: "Bearer nope" } });
    await raw("/api/v1/users/7/restore", { method: "POST", headers: { authorization: "Bearer nope" }, body: "{}" });
    await raw("/api/v1/users", { headers: { authorization: "Bearer nope" } });
    await raw("/api/v1/users/13", { headers: { authorization: "Bearer nope" } });
    await raw("/api/v1/users/13", { method: "PATCH", headers: { authorization: "Bearer nope" }, body: "{}" });
    exchanges.push(...sim.exchanges);

    const viewer = await start({
      actor: { superuser: false, canView: false, canEdit: false, canCreate: false, canDelete: false },
      rateLimit: { limit: 7 },
    });
    await viewer.raw("/api/v1/users");
    await viewer.raw("/api/v1/users/13");
    await viewer.raw("/api/v1/users/13", { method: "PATCH", body: '{"jobtitle":"x"}' });
    await viewer.raw("/api/v1/users/13", { method: "PUT", body: '{"first_name":"A","username":"a"}' });
    const joe = { first_name: "Joe", username: "joe", password: "joe_password", password_confirmation: "joe_password" };
    await viewer.raw("/api/v1/users", { method: "POST", body: JSON.stringify(joe) });
    await viewer.raw("/api/v1/users/13", { method: "DELETE" });
    await viewer.raw("/api/v1/users/13/restore", { method: "POST", body: "{}" });
    for (let i = 0; i < 2; i++) {
      await viewer.raw("/api/v1/users");
      await viewer.raw("/api/v1/users/13");
      await viewer.raw("/api/v1/users/13", { method: "PATCH", body: "{}" });
      await viewer.raw("/api/v1/users/13", { method: "PUT", body: "{}" });
      await viewer.raw("/api/v1/users", { method: "POST", body: "{}" });
      await viewer.raw("/api/v1/users/13", { method: "DELETE" });
      await viewer.raw("/api/v1/users/13/restore", { method: "POST", body: "{}" });
    }
    exchanges.push(...viewer.sim.exchanges);

    // Every documented response is produced: nothing needs a neverProduced reason.
    const result = expectConformance(spec, exchanges, { neverProduced: {} });
    expect(result.checked).toBeGreaterThan(20);
  });
});
