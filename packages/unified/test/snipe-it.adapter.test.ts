import { describe, expect, it } from "vitest";
import { json, serverPerTest } from "../../../test/support/server.js";
import { renderedUser } from "../../snipe-it/test/support/rendered.js";
import { snipeIt } from "../src/adapters/snipe-it.js";
import { connect } from "../src/index.js";

const serve = serverPerTest();

describe("snipe-it through the facade", () => {
  it("reads the bare user with plain strings HTML-decoded; notes stay the vendor's HTML", async () => {
    const server = await serve(json(200, renderedUser()));
    const users = connect(snipeIt({ baseUrl: server.url, token: "tok-unified-9" }));
    const user = await users.get("13");
    expect(user.familyName).toBe("O'Brien");
    expect(user.displayName).toBe("Ada O'Brien");
    expect(user.title).toBe("R&D lead");
    expect(user.notes).toBe("<strong>key</strong> account &amp; friend");
  });

  it("returns the updated user HTML-decoded and sends the password without a confirmation", async () => {
    const server = await serve(
      json(200, { status: "success", messages: "ok", payload: renderedUser({ jobtitle: "Q&amp;A" }) }),
    );
    const users = connect(snipeIt({ baseUrl: server.url, token: "tok-unified-9" }));
    const user = await users.update("13", { title: "Q&A", password: "correct horse battery" });
    expect(user.title).toBe("Q&A");
    expect(JSON.parse(server.received[0]?.body ?? "")).toEqual({ jobtitle: "Q&A", password: "correct horse battery" });
  });
});
