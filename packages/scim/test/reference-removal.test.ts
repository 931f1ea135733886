/**
 * Clearing a reference (manager, departmentId, locationId) through SCIM, at every vendor that
 * advertises it: a PATCH `remove` clears it, and so does a PUT with it null (a PUT without it keeps it,
 * as the README says); the simulator's stored record shows it cleared. Zluri cannot clear them: refused.
 */

import { connect } from "@userbridge/unified";
import { onlyoffice } from "@userbridge/unified/onlyoffice";
import { afterEach, describe, expect, it } from "vitest";
import {
  SIMULATOR_TOKEN as OO_TOKEN,
  sampleUser,
  startSimulator as startOnlyoffice,
} from "../../onlyoffice/src/simulator.js";
import { fromConnected } from "../src/backend.js";
import { createScimHandler } from "../src/handler.js";
import { MemoryScimStore } from "../src/store.js";
import { type Gateway, patch, SCIM, startGateway, TOKEN, vendorIds } from "./support.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const OWN = "urn:userbridge:params:scim:schemas:extension:userbridge:2.0:User";
type Stored = Record<string, unknown>;

interface Case {
  vendor: "snipe-it" | "zluri" | "onlyoffice";
  /** The SCIM path, the value to set first, and the stored record's reference (undefined/null/empty when cleared). */
  path: string;
  value: string;
  stored: (u: Stored) => unknown;
}

const zluriDepartment = "64b7f0c2a1d3e4f5a6b7c8d9";
const GROUP = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const cases: Case[] = [
  { vendor: "snipe-it", path: `${ENTERPRISE}:manager`, value: "2", stored: (u) => u.manager_id },
  { vendor: "snipe-it", path: `${OWN}:departmentId`, value: "1", stored: (u) => u.department_id },
  { vendor: "snipe-it", path: `${OWN}:locationId`, value: "1", stored: (u) => u.location_id },
  {
    vendor: "zluri",
    path: `${ENTERPRISE}:manager`,
    value: vendorIds.zluri!(2),
    stored: (u) => u.reporting_manager_id ?? u.user_reporting_manager_id,
  },
  { vendor: "zluri", path: `${OWN}:departmentId`, value: zluriDepartment, stored: (u) => u.user_department_id },
  { vendor: "onlyoffice", path: `${ENTERPRISE}:manager`, value: vendorIds.onlyoffice!(2), stored: (u) => u.lead },
  {
    vendor: "onlyoffice",
    path: `${OWN}:departmentId`,
    value: GROUP,
    stored: (u) => (u.groups as { id: string }[] | undefined)?.[0]?.id,
  },
];

/** A reference's value as the gateway shows it (manager as {value}). */
const shown = (body: Record<string, unknown>, path: string): unknown => {
  const [schema, name] = [path.slice(0, path.lastIndexOf(":")), path.slice(path.lastIndexOf(":") + 1)];
  const ext = body[schema] as Record<string, unknown> | undefined;
  const v = ext?.[name];
  return typeof v === "object" && v !== null ? (v as { value?: unknown }).value : v;
};
const cleared = (v: unknown) => v === undefined || v === null || v === "";

let gw: Gateway | undefined;
let extra: { stop(): Promise<void> } | undefined;
afterEach(async () => {
  await gw?.stop();
  await extra?.stop();
  gw = undefined;
  extra = undefined;
});

/**
 * The gateway over the fleet; for ONLYOFFICE's departmentId a simulator of its own that knows a
 * group (the fleet seeds none, and ONLYOFFICE drops a department id it does not know).
 */
async function gatewayFor(c: Case) {
  gw = await startGateway();
  if (!(c.vendor === "onlyoffice" && c.path.endsWith("departmentId"))) {
    const sim = gw.sims[c.vendor] as unknown as { users: Map<string, Stored> };
    return { send: gw.send.bind(gw), users: sim.users, id: vendorIds[c.vendor]!(1) };
  }
  const { groups: _g, department: _d, ...ada } = sampleUser();
  const sim = await startOnlyoffice({
    users: { [ada.id as string]: ada },
    groups: [{ id: GROUP, name: "Engineering", manager: null }],
  });
  extra = sim;
  const handler = createScimHandler({
    vendors: { onlyoffice: fromConnected(connect(onlyoffice({ baseUrl: sim.url, token: OO_TOKEN, maxRetries: 0 }))) },
    tokens: [TOKEN],
    store: new MemoryScimStore(),
  });
  const id = ada.id as string;
  const send = async (vendor: string, method: string, path: string, body?: unknown) => {
    const response = await handler(
      new Request(`http://gateway.test/scim/v2/${vendor}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { "content-type": SCIM } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return { send, users: sim.users as unknown as Map<string, Stored>, id };
}

/** Sets the reference through the gateway and checks the simulator stored it. */
async function withReference(c: Case) {
  const g = await gatewayFor(c);
  const set = await g.send(c.vendor, "PATCH", `/Users/${g.id}`, patch({ op: "replace", path: c.path, value: c.value }));
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  expect(String(c.stored(g.users.get(g.id)!)).toLowerCase()).toBe(c.value.toLowerCase());
  return { ...g, current: set.body as Record<string, unknown> };
}

/** The resource as a PUT body, with the reference's attribute set to `value` (or left out when undefined). */
function putBody(current: Record<string, unknown>, path: string, value?: null) {
  const { meta: _, ...body } = current;
  const schema = path.slice(0, path.lastIndexOf(":"));
  const name = path.slice(path.lastIndexOf(":") + 1);
  const { [name]: __, ...rest } = (body[schema] ?? {}) as Record<string, unknown>;
  return { ...body, [schema]: value === undefined ? rest : { ...rest, [name]: value } };
}

// Zluri documents no way to clear them (an ObjectId only): refused, kept, said so.
const clears = cases.filter((c) => c.vendor !== "zluri");

describe.each(clears)("$vendor $path", (c) => {
  it("a PATCH remove clears it at the vendor", async () => {
    const { send, users, id } = await withReference(c);
    const removed = await send(c.vendor, "PATCH", `/Users/${id}`, patch({ op: "remove", path: c.path }));
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(shown(removed.body, c.path)).toBeUndefined();
    expect(c.stored(users.get(id)!), JSON.stringify(users.get(id))).toSatisfy(cleared);
    expect(shown((await send(c.vendor, "GET", `/Users/${id}`)).body, c.path)).toBeUndefined();
  });

  it("a PUT with it null clears it at the vendor", async () => {
    const { send, users, id, current } = await withReference(c);
    const put = await send(c.vendor, "PUT", `/Users/${id}`, putBody(current, c.path, null));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(shown(put.body, c.path)).toBeUndefined();
    expect(c.stored(users.get(id)!), JSON.stringify(users.get(id))).toSatisfy(cleared);
  });

  it("a PUT without it keeps it (README: RFC 7644 §3.5.1, an attribute left out is not asserted)", async () => {
    const { send, users, id, current } = await withReference(c);
    const put = await send(c.vendor, "PUT", `/Users/${id}`, putBody(current, c.path));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(String(shown(put.body, c.path)).toLowerCase()).toBe(c.value.toLowerCase());
    expect(String(c.stored(users.get(id)!)).toLowerCase()).toBe(c.value.toLowerCase());
  });
});

describe.each(cases.filter((c) => c.vendor === "zluri"))("$vendor $path", (c) => {
  it("a PATCH remove is refused (400, saying Zluri cannot clear it) and the reference is kept", async () => {
    const { send, users, id } = await withReference(c);
    const writes = gw?.writes("zluri") ?? 0;
    const removed = await send(c.vendor, "PATCH", `/Users/${id}`, patch({ op: "remove", path: c.path }));
    expect(removed).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(removed.body.detail).toContain("cannot be cleared at Zluri");
    expect(gw?.writes("zluri")).toBe(writes);
    expect(String(c.stored(users.get(id)!))).toBe(c.value);
  });
});
