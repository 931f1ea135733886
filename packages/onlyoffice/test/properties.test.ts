/**
 * Hostile caller data (issue 22): every public function that takes caller data refuses it with an
 * InvalidInputError naming the path, before any request (not even the read of the user). The
 * simulator counts what reached it.
 */
import fc from "fast-check";
import { it } from "vitest";
import { assertHostileRefused } from "../../../test/support/hostile.js";
import { findUserByEmail, getUser, planUpdate, updateUser } from "../src/index.js";
import { ADA, clientOf, person, simPerTest } from "./sim.js";

const sim = simPerTest();

it("refuses null or non-object changes, throwing getters and Proxies, Dates, class instances, toJSON objects, naming the path, nothing sent", async () => {
  const s = await sim({ users: [[ADA, person()]] });
  const client = clientOf(s);
  await assertHostileRefused({
    keys: ["firstname", "title", "birthday", "department", "contacts"],
    valid: fc.record({ firstname: fc.constant("Ada"), isVisitor: fc.constant(false) }, { requiredKeys: [] }),
    update: (changes) => updateUser(client, ADA, changes as never),
    plan: (changes) => planUpdate(client, ADA, changes as never),
    get: (id) => getUser(client, id as never),
    find: (email) => findUserByEmail(client, email as never),
    sent: () => s.requests.length,
  });
});
