/**
 * Any input either is rejected locally with InvalidInputError (nothing sent) or is accepted by the
 * simulator, whose PUT validates the body as the vendor does; never an untyped throw.
 */
import { InvalidInputError } from "@userbridge/core";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assertHostileRefused } from "../../../test/support/hostile.js";
import {
  createClient,
  findUserByEmail,
  getUser,
  type NexudusClient,
  planUpdate,
  type UserUpdate,
  updateUser,
} from "../src/index.js";
import { type NexudusSimulator, startSimulator } from "../src/simulator.js";
import { change } from "./arbitraries.js";
import { complete, sampleRecord, WRITABLE } from "./spec.js";

let sim: NexudusSimulator;
let client: NexudusClient;
beforeAll(async () => {
  sim = await startSimulator({ rateLimit: false });
  client = createClient({ baseUrl: sim.url, token: "nexudus-simulator-token", maxRetries: 0 });
});
afterAll(() => sim.stop());

const record = complete(sampleRecord());

const key = fc.constantFrom(...WRITABLE, "UniqueId", "UpdatedOn", "SystemId", "Nickname", "__proto__", "constructor");
const anyChanges = fc.oneof(
  change,
  fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.tuple(change, fc.dictionary(key, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })).map(([a, b]) => ({ ...a, ...b })),
  fc.constantFrom(null, undefined, [], "FullName", 42),
);

it("rejects an input locally or the vendor accepts it", async () => {
  await fc.assert(
    fc.asyncProperty(
      anyChanges,
      fc.oneof(fc.constant(1), fc.integer({ min: -5, max: 5 }), fc.double()),
      async (changes, id) => {
        if (Number.isInteger(id) && id >= 1) sim.users.set(String(id), { ...structuredClone(record), Id: id } as never);
        const from = sim.requests.length;
        const outcome = await updateUser(client, id, changes as UserUpdate).then(
          () => undefined,
          (e: unknown) => e,
        );
        const sent = sim.requests.slice(from);
        if (outcome === undefined) {
          // Read, PUT, then the verification re-read (the simulator stores what it accepts).
          expect(sent.map((r) => r.method)).toEqual(["GET", "PUT", "GET"]);
        } else {
          // Not a 400 from the vendor, not a crash: our own refusal, before any request.
          expect(outcome).toBeInstanceOf(InvalidInputError);
          expect((outcome as InvalidInputError).issues.length).toBeGreaterThan(0);
          expect(sent).toEqual([]);
        }
      },
    ),
    { numRuns: 300 },
  );
});

it("refuses hostile caller data (null or non-object changes, throwing getters and Proxies, Dates, class instances, toJSON objects) naming the path, before the read", async () => {
  sim.users.set("1", { ...structuredClone(record), Id: 1 } as never);
  await assertHostileRefused({
    keys: ["FullName", "Email", "Businesses"],
    valid: fc.record({ FullName: fc.constant("Ada Lovelace"), Language: fc.constant(1) }, { requiredKeys: [] }),
    update: (changes) => updateUser(client, 1, changes as never),
    plan: (changes) => planUpdate(client, 1, changes as never),
    get: (id) => getUser(client, id as never),
    find: (email) => findUserByEmail(client, email as never),
    sent: () => sim.requests.length,
  });
});
