/**
 * An Okta-style assignment of a new person (`GET /Users?filter=userName eq "…"`, then `POST`) at the
 * vendors whose userName is their login name, counted at the simulator: through the vendor's own
 * filter (Snipe-IT `?username=`, NERM `?login=`) the requests per person do not grow with the number
 * of users; a backend without `findByUsername` lists every user (the fallback kept for such backends).
 */

import { SIMULATOR_TOKEN as NERM_TOKEN } from "@userbridge/sailpoint-nerm/simulator";
import { SIMULATOR_TOKEN as SNIPE_TOKEN } from "@userbridge/snipe-it/simulator";
import { connect } from "@userbridge/unified";
import { sailpointNermLifecycle } from "@userbridge/unified/sailpoint-nerm";
import { snipeItLifecycle } from "@userbridge/unified/snipe-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimHandle, startFleet } from "../../../test/support/fleet.js";
import { type ConnectedLike, fromConnected, type ScimBackend } from "../src/backend.js";
import { createScimHandler } from "../src/handler.js";
import { MemoryScimStore } from "../src/store.js";
import { SCIM, TOKEN } from "./support.js";

const SEEDED = 1000;
let fleet: Awaited<ReturnType<typeof startFleet>>;
beforeAll(async () => {
  fleet = await startFleet({ size: SEEDED, gate: false, rateLimit: false, maxRetries: 0 });
}, 60_000);
afterAll(() => fleet.stop());

type Vendor = "snipe-it" | "sailpoint-nerm";
const backendOf = (v: Vendor): ScimBackend => {
  const baseUrl = (fleet.sims[v] as SimHandle).url;
  return fromConnected(
    (v === "snipe-it"
      ? connect(snipeItLifecycle({ baseUrl, token: SNIPE_TOKEN, maxRetries: 0 }))
      : connect(sailpointNermLifecycle({ baseUrl, token: NERM_TOKEN, maxRetries: 0 }))) as unknown as ConnectedLike,
  );
};

/** Requests the simulator received per new person, over `people` Okta-style assignments. */
async function perPerson(v: Vendor, backend: ScimBackend, tag: string, people = 3): Promise<number[]> {
  const handler = createScimHandler({ vendors: { [v]: backend }, tokens: [TOKEN], store: new MemoryScimStore() });
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await handler(
      new Request(`http://gateway.test/scim/v2/${v}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { "content-type": SCIM } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );
    return { status: response.status, body: await response.json() };
  };
  const sim = fleet.sims[v] as SimHandle;
  const counts: number[] = [];
  for (let k = 0; k < people; k++) {
    const userName = `${tag}${k}`;
    const before = sim.requests.length;
    const check = await send(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(check).toMatchObject({ status: 200, body: { totalResults: 0 } });
    const created = await send("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName,
      name: { givenName: "New", familyName: `Person ${k}` },
      displayName: `New Person ${k}`,
      emails: [{ primary: true, value: `${userName}@example.com`, type: "work" }],
      password: "Correct-Horse-Battery-9",
      active: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    counts.push(sim.requests.length - before);
  }
  return counts;
}

describe(`an Okta-style create (existence check, POST) over ${SEEDED} users`, () => {
  for (const [v, expected] of [
    // GET ?username= (check), GET ?username= (uniqueness before the POST), POST.
    ["snipe-it", 3],
    // GET ?login= (check), GET ?login= (uniqueness before the POST), POST.
    ["sailpoint-nerm", 3],
  ] as const) {
    it(`${v}: ${expected} requests per new person through the vendor's filter; a listing without it`, async () => {
      const filtered = await perPerson(v, backendOf(v), "okta.filtered.");
      const { findByUsername: _, ...listing } = backendOf(v);
      const listed = await perPerson(v, listing, "okta.listed.");
      console.log(`${v}: requests per new person over ${SEEDED} users: filter ${filtered}, listing ${listed}`);
      expect(filtered).toEqual([expected, expected, expected]);
      expect(Math.min(...listed)).toBeGreaterThan(expected);
    });
  }
});
