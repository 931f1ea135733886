import { afterEach } from "vitest";
import { createClient } from "../../src/index.js";
import {
  SIMULATOR_TOKEN,
  type SnipeItRecord,
  type SnipeItSimulatorOptions,
  snipeItRecord,
  startSimulator,
} from "../../src/simulator.js";

export const ada = () =>
  snipeItRecord({
    id: 13,
    first_name: "Ada",
    last_name: "O'Brien",
    username: "ada",
    email: "ada@example.com",
    jobtitle: "R&D lead",
    department_id: 2,
    notes: "**key** account",
    groups: [1],
    permissions: '{"reports.view":"1"}',
  });
export const grace = () =>
  snipeItRecord({ id: 7, first_name: "Grace", last_name: "Hopper", username: "grace", email: "grace@example.com" });

/** Starts a simulator with Ada (13) and Grace (7); every one started in a test is stopped after it. */
export function simPerTest() {
  const open: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.stop()));
  });
  return async (options: SnipeItSimulatorOptions = {}) => {
    const sim = await startSimulator({ users: { "13": ada(), "7": grace() }, ...options });
    open.push(sim);
    const client = createClient({ baseUrl: sim.url, token: options.token ?? SIMULATOR_TOKEN, maxRetries: 0 });
    const raw = (path: string, init: RequestInit = {}) =>
      fetch(`${sim.url}${path}`, {
        ...init,
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          authorization: `Bearer ${SIMULATOR_TOKEN}`,
          ...(init.headers as Record<string, string>),
        },
      });
    return { sim, client, raw };
  };
}

/** The stored record without the columns every save touches. */
export const stable = (r: SnipeItRecord | undefined) => {
  const { updated_at: _u, ...rest } = r ?? ({} as SnipeItRecord);
  return rest;
};
