/** Helpers for tests against the simulator (src/simulator.ts). */
import type { NexudusSimulator } from "../src/simulator.js";
import { complete, type Rec } from "./spec.js";

let nextId = 1000;

/** Stores `record` (completed as the GET returns it) under a fresh id; returns the id. */
export function store(sim: NexudusSimulator, record: Rec): number {
  const id = nextId++;
  sim.users.set(String(id), structuredClone(complete({ ...record, Id: id })) as never);
  return id;
}

/** The stored record of `id`. */
export const stored = (sim: NexudusSimulator, id: number): Rec => sim.users.get(String(id)) as unknown as Rec;

const parsed = (body: unknown): Rec => (typeof body === "string" ? (JSON.parse(body) as Rec) : (body as Rec));

/** The bodies of the PUTs the simulator received since request number `from`. */
export const puts = (sim: NexudusSimulator, from = 0): Rec[] =>
  sim.requests
    .slice(from)
    .filter((r) => r.method === "PUT")
    .map((r) => parsed(r.body));

/** "METHOD /path" of each request since `from`. */
export const methods = (sim: NexudusSimulator, from = 0): string[] => sim.requests.slice(from).map((r) => r.method);

/** What a tap sees of a request: its method, URL and JSON body (parsed only when asked). */
export interface Tapped {
  method: string;
  url: string;
  json(): Rec;
}

/** A fetch that runs `before(request)` before sending each request (another writer, a tap). */
export const tapping =
  (before: (request: Tapped) => void | Promise<void>): typeof fetch =>
  async (input, init) => {
    // The transport calls fetch(url, init) with the body as an ArrayBuffer.
    const body = init?.body;
    await before({
      method: init?.method ?? "GET",
      url: String(input),
      json: () => JSON.parse(new TextDecoder().decode(body as ArrayBuffer)) as Rec,
    });
    return fetch(input, init);
  };
