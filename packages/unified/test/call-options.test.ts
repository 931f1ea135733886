/**
 * The facade's methods take the per-call options last and pass them to the vendor package; the
 * error classes come from @userbridge/unified itself (the same classes as core's).
 */
import * as core from "@userbridge/core";
import { SIMULATOR_TOKEN, snipeItRecord, startSimulator } from "@userbridge/snipe-it/simulator";
import { afterEach, describe, expect, it } from "vitest";
import { snipeIt } from "../src/adapters/snipe-it.js";
import {
  AbortedError,
  connect,
  InvalidInputError,
  NotFoundError,
  ServerError,
  UnsupportedFieldError,
} from "../src/index.js";

const sims: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});
const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

async function users(fail?: { status: number; times: number }) {
  const sim = await startSimulator({
    users: { "13": snipeItRecord({ id: 13, first_name: "Ada", last_name: "Lovelace", username: "ada" }) },
    ...(fail ? { fail } : {}),
  });
  sims.push(sim);
  return { sim, users: connect(snipeIt({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 2 })) };
}

describe("facade per-call options", () => {
  it("get, find, update and plan take them; maxRetries: 0 is not retried", async () => {
    const { sim, users: u } = await users({ status: 503, times: 1 });
    expect(await caught(u.get("13", { maxRetries: 0 }))).toBeInstanceOf(ServerError);
    expect(sim.requests).toHaveLength(1);
    expect((await u.update("13", { title: "CTO" }, { timeoutMs: 5_000 })).title).toBe("CTO");
    expect((await u.plan("13", { title: "CFO" }, { maxRetries: 0 })).writes).toHaveLength(1);
    const aborted = await caught(u.find({ email: "ada@example.com" }, { signal: AbortSignal.abort() }));
    expect(aborted).toBeInstanceOf(AbortedError);
    const bad = await caught(u.get("13", { retries: 1 } as never));
    expect(bad).toBeInstanceOf(InvalidInputError);
  });

  it("exports the error classes, the same as core's", () => {
    expect(NotFoundError).toBe(core.NotFoundError);
    expect(UnsupportedFieldError).toBe(core.UnsupportedFieldError);
    expect(AbortedError).toBe(core.AbortedError);
  });
});
