import { NotFoundError, UnappliedChangesError } from "@userbridge/core";
import { SIMULATOR_TOKEN, snipeItRecord, startSimulator } from "@userbridge/snipe-it/simulator";
import { afterEach, describe, expect, it } from "vitest";
import { json, serverPerTest } from "../../../test/support/server.js";
import { renderedUser } from "../../snipe-it/test/support/rendered.js";
import { snipeIt } from "../src/adapters/snipe-it.js";
import { connect } from "../src/index.js";

const serve = serverPerTest();

describe("snipe-it through the facade", () => {
  it("reads the bare user with plain strings HTML-decoded; notes stay the vendor's HTML", async () => {
    const server = await serve(json(200, renderedUser()));
    // A canned answer, not the change: verification off.
    const users = connect(snipeIt({ baseUrl: server.url, token: "tok-unified-9", verify: false }));
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

describe("snipe-it through the facade, against the simulator", () => {
  const open: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.stop()));
  });
  const sim = async (options: Parameters<typeof startSimulator>[0] = {}) => {
    const s = await startSimulator({
      users: { "13": snipeItRecord({ id: 13, first_name: "Ada", last_name: "O'Brien", username: "ada", groups: [1] }) },
      ...options,
    });
    open.push(s);
    return { s, users: connect(snipeIt({ baseUrl: s.url, token: SIMULATOR_TOKEN, maxRetries: 0 })) };
  };

  it("updates only the mentioned fields and reads them back decoded", async () => {
    const { s, users } = await sim();
    const before = { ...s.users.get("13") };
    const user = await users.update("13", { title: "R&D lead", familyName: "O'Neil & Co" });
    expect(user.title).toBe("R&D lead");
    expect(user.familyName).toBe("O'Neil & Co");
    const { updated_at: _a, ...after } = s.users.get("13") ?? ({} as never);
    const { updated_at: _b, ...was } = before;
    expect(after).toEqual({ ...was, jobtitle: "R&D lead", last_name: "O'Neil & Co" });
  });

  it("reports vendor groups a non-superuser token could not set; the other fields are stored", async () => {
    const { s, users } = await sim({ actor: { superuser: false } });
    const error = await users.update("13", { title: "CTO", vendor: { groups: [2] } }).catch((e) => e);
    // Issue 12: the vendor said yes and did not apply them: UnappliedChangesError, the native field named.
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "vendor.groups", requested: [2], stored: [1] }]);
    expect(error.user).toMatchObject({ vendor: "snipe-it", id: "13", title: "CTO" });
    expect(s.users.get("13")).toMatchObject({ jobtitle: "CTO", groups: [1] });
  });

  it("an unknown id is NotFoundError on read and on update", async () => {
    const { users } = await sim();
    await expect(users.get("404")).rejects.toBeInstanceOf(NotFoundError);
    await expect(users.update("404", { title: "x" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
