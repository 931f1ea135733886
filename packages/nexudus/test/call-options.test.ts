/**
 * Per-call options through a read-merge-write vendor: they reach every request of the call (the
 * read, the whole-record PUT with its re-read-before-retry transport, the verifying re-read).
 */
import { describe, expect, it } from "vitest";
import { AbortedError, createClient, ServerError, updateUser } from "../src/index.js";
import { DEFAULT_TOKEN, type NexudusSimulator, startSimulator } from "../src/simulator.js";
import { store } from "./sim.js";
import { sampleRecord } from "./spec.js";

const started: NexudusSimulator[] = [];
async function simulator(fail?: { status: number; times: number }) {
  const sim = await startSimulator({
    rateLimit: false,
    ...(fail ? { fail: { ...fail, when: (r: { method: string }) => r.method === "PUT" } } : {}),
  });
  started.push(sim);
  return sim;
}
const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("per-call options (Nexudus: read, PUT, re-read)", () => {
  it("maxRetries: 0 for the call: a 503 on the PUT is not retried, though the client would retry twice", async () => {
    const sim = await simulator({ status: 503, times: 1 });
    const client = createClient({ baseUrl: sim.url, token: DEFAULT_TOKEN, maxRetries: 2 });
    const id = store(sim, sampleRecord({ FullName: "Ada Lovelace" }));
    try {
      const error = await caught(updateUser(client, id, { FullName: "Ada King" }, { maxRetries: 0 }));
      expect(error).toBeInstanceOf(ServerError);
      expect(sim.requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
    } finally {
      await Promise.all(started.splice(0).map((s) => s.stop()));
    }
  });

  it("an aborted signal stops the call before its read", async () => {
    const sim = await simulator();
    const client = createClient({ baseUrl: sim.url, token: DEFAULT_TOKEN });
    const id = store(sim, sampleRecord({ FullName: "Ada Lovelace" }));
    try {
      const error = await caught(updateUser(client, id, { FullName: "Ada King" }, { signal: AbortSignal.abort() }));
      expect(error).toBeInstanceOf(AbortedError);
      expect(sim.requests).toHaveLength(0);
    } finally {
      await Promise.all(started.splice(0).map((s) => s.stop()));
    }
  });
});
