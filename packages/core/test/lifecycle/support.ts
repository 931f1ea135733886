/** A tiny user store on a local node:http server: POST /things creates, GET /things?offset&limit&name lists. */
import type { ServerResponse } from "node:http";
import type { Received } from "../../../../test/support/server.js";
import { bearerAuth } from "../../src/auth.js";
import { createVendorClient, type ErrorMapping, send } from "../../src/internal.js";

export interface Thing {
  id: number;
  name: string;
}

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
export interface ThingPaths {
  "/things": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: {
        query?: { offset?: number; limit?: number; name?: string };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: { 200: Json<{ items: Thing[] }> };
    };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/json": { name: string } } };
      responses: { 201: Json<Thing> };
    };
  };
}

export const errors: ErrorMapping = { vendor: "test", issues: () => [] };

export function thingClient(baseUrl: string, timeoutMs = 5000) {
  return createVendorClient<ThingPaths>(
    { baseUrl, timeoutMs, maxRetries: 2 },
    { vendor: "test", packageName: "@userbridge/test", version: "1.0.0", auth: bearerAuth("tok_lifecycle_1234") },
  );
}
export type ThingClient = ReturnType<typeof thingClient>;

export async function createThing(client: ThingClient, name: string): Promise<Thing> {
  const ctx = { operation: "createThing", errors };
  return (await send(ctx, () => client.POST("/things", { body: { name } }))).data;
}

export async function listThings(
  client: ThingClient,
  query: { offset: number; limit: number; name?: string },
  signal?: AbortSignal,
) {
  const ctx = { operation: "listThings", errors };
  return (await send(ctx, () => client.GET("/things", { params: { query }, ...(signal ? { signal } : {}) }))).data
    .items;
}

/** The store; `faults[n]` decides what happens to the n-th request (after it is applied, for "drop"). */
export function thingStore(things: Thing[] = []) {
  let next = things.reduce((m, t) => Math.max(m, t.id), 0) + 1;
  const faults: Record<number, "drop" | "drop-before" | 503 | 429 | 422> = {};
  const handler = (req: Received, res: ServerResponse, index: number) => {
    const fault = faults[index];
    if (fault === "drop-before") return void res.socket?.destroy();
    if (typeof fault === "number") {
      res.writeHead(fault, { "content-type": "application/json", ...(fault === 429 ? { "retry-after": "0" } : {}) });
      return void res.end("{}");
    }
    const url = new URL(req.url, "http://x");
    let status = 200;
    let body: unknown;
    if (req.method === "POST") {
      const thing = { id: next++, name: (JSON.parse(req.body) as { name: string }).name };
      things.push(thing);
      status = 201;
      body = thing;
    } else {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 10);
      const name = url.searchParams.get("name");
      const rows = name === null ? things : things.filter((t) => t.name === name);
      body = { items: rows.slice(offset, offset + limit) };
    }
    if (fault === "drop") return void res.socket?.destroy();
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  return { things, faults, handler };
}
