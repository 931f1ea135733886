import { redactHeaders, redactValue } from "@userbridge/core/internal";
import { describe, expect, it } from "vitest";
import { prismUrl, recordingFetch } from "../../../test/support/contract.js";
import { vendors } from "./vendors.js";

/**
 * `plan` must be exactly what `update` then sends: same writes, same order, same URLs, headers
 * and bodies (secrets redacted on both sides), observed on the wire of a local mock server.
 */
describe.each(vendors)("$name: plan equals update", (v) => {
  it("plans the writes update sends, sending none of them itself", async () => {
    const changes = Object.fromEntries(Object.entries(v.table).map(([k, [value]]) => [k, value]));
    const rec = recordingFetch();
    const users = v.connect(prismUrl(v.name), rec.fetch);

    const plan = await users.plan(v.id, changes);
    const isRead = (r: { method: string; url: string }) =>
      r.method === "GET" || (v.name === "zluri" && r.method === "POST" && new URL(r.url).pathname === "/users");
    // The plan performed only reads.
    expect(rec.log.filter((r) => !isRead(r))).toEqual([]);
    expect(plan.writes.length).toBeGreaterThan(0);

    rec.log.length = 0;
    await users.update(v.id, changes);
    const sent = rec.log.filter((r) => !isRead(r));
    expect(
      sent.map((r) => ({
        method: r.method,
        url: r.url,
        headers: redactHeaders(Object.fromEntries([...r.requestHeaders].filter(([k]) => k !== "prefer"))),
        body: r.requestBody === undefined ? undefined : redactValue(tryJson(r.requestBody)),
      })),
    ).toEqual(plan.writes.map((w) => ({ ...w, body: w.body })));
    expect(rec.violations()).toEqual([]);
  });
});

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
