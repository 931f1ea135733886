import { ConnectionError, InvalidInputError, ServerError, ValidationError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { html, json, serverPerTest, type TestServer } from "../../../test/support/server.js";
import { createClient, getUser, updateUser } from "../src/index.js";

const serve = serverPerTest();
let server: TestServer | undefined;

const ok = json(200, { status: "success", messages: "ok", payload: { id: 13, first_name: "Ada" } });
const bare = json(200, { id: 13, first_name: "Ada" });

describe("snipe-it faults (local server)", () => {
  it("sends Accept: application/json so errors come back as JSON, not HTML redirects", async () => {
    server = await serve(bare);
    await getUser(createClient({ baseUrl: server.url, token: "tok-abcdef" }), 13);
    expect(server.received[0]?.headers.accept).toBe("application/json");
  });

  it("turns an HTML error page into a typed error", async () => {
    server = await serve(html(500, "<html><body>Whoops, looks like something went wrong.</body></html>"));
    const error = await getUser(createClient({ baseUrl: server.url, token: "tok-abcdef", maxRetries: 0 }), 13).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
  });

  it("turns an HTML login redirect page served with 200 into ConnectionError", async () => {
    server = await serve(html(200, "<html>Login</html>"));
    const error = await getUser(createClient({ baseUrl: server.url, token: "tok-abcdef" }), 13).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it("keeps the demo-lock message of an HTTP 200 failure (UsersController.php:464)", async () => {
    server = await serve(
      json(200, {
        status: "error",
        messages: "Permission denied. You cannot update user information via API on the demo.",
        payload: null,
      }),
    );
    const error = await updateUser(createClient({ baseUrl: server.url, token: "tok-abcdef" }), 13, {
      notes: "x",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: "", message: "Permission denied. You cannot update user information via API on the demo." },
    ]);
  });

  it("drops undefined members and refuses input that is not JSON data, before sending", async () => {
    server = await serve(ok);
    // A canned answer, not the change: nothing to verify against.
    const client = createClient({ baseUrl: server.url, token: "tok-abcdef", verify: false });
    // Callers without exactOptionalPropertyTypes (or JavaScript) can pass undefined members.
    await updateUser(client, 13, { jobtitle: "CTO", notes: undefined } as never);
    expect(JSON.parse(server.received[0]?.body ?? "")).toEqual({ jobtitle: "CTO" });
    const error = await updateUser(client, 13, { notes: undefined } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues).toEqual([{ path: "", message: "no field to change" }]);
    const cyclic: Record<string, unknown> = { jobtitle: "CTO" };
    cyclic.self = cyclic;
    await expect(updateUser(client, 13, cyclic as never)).rejects.toBeInstanceOf(InvalidInputError);
    expect(server.received).toHaveLength(1);
  });

  it("sends only the fields the caller mentioned (never location_id by default)", async () => {
    server = await serve(ok);
    await updateUser(createClient({ baseUrl: server.url, token: "tok-abcdef", verify: false }), 13, {
      jobtitle: "CTO",
    });
    expect(JSON.parse(server.received[0]?.body ?? "")).toEqual({ jobtitle: "CTO" });
  });
});
