import { describe, expect, it } from "vitest";
import { serverPerTest } from "../../../../test/support/server.js";
import {
  ConnectionError,
  createOnce,
  createVendorClient,
  isAmbiguous,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../src/internal.js";
import { createThing, listThings, type ThingClient, type ThingPaths, thingClient, thingStore } from "./support.js";

const serve = serverPerTest();

function create(client: ThingClient, name: string) {
  return createOnce({
    client,
    attempt: () => createThing(client, name),
    lookup: async () => (await listThings(client, { offset: 0, limit: 10, name }))[0],
    delayMs: () => 10,
  });
}

describe("createOnce", () => {
  it("returns the record the first attempt created when its answer was lost (one record, not two)", async () => {
    const store = thingStore();
    store.faults[0] = "drop"; // the POST is applied, then its connection dropped
    const server = await serve(store.handler);
    const thing = await create(thingClient(server.url), "ada");
    expect(thing).toEqual({ id: 1, name: "ada" });
    expect(store.things).toHaveLength(1);
    expect(server.received.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("sends the create again when the lookup shows the first attempt did not land", async () => {
    const store = thingStore();
    store.faults[0] = "drop-before";
    const server = await serve(store.handler);
    expect(await create(thingClient(server.url), "ada")).toEqual({ id: 1, name: "ada" });
    expect(store.things).toHaveLength(1);
    expect(server.received.map((r) => r.method)).toEqual(["POST", "GET", "POST"]);
  });

  it("is not retried by the transport: a 503 to the POST goes to the lookup, not to a blind repeat", async () => {
    const store = thingStore();
    store.faults[0] = 503;
    const server = await serve(store.handler);
    await create(thingClient(server.url), "ada");
    expect(server.received.map((r) => r.method)).toEqual(["POST", "GET", "POST"]);
    expect(store.things).toHaveLength(1);
  });

  it("throws a refusal (4xx) as is, without a lookup", async () => {
    const store = thingStore();
    store.faults[0] = 422;
    const server = await serve(store.handler);
    await expect(create(thingClient(server.url), "ada")).rejects.toBeInstanceOf(ValidationError);
    expect(server.received).toHaveLength(1);
  });

  it("throws the create's error, sending nothing again, when the lookup cannot tell", async () => {
    const store = thingStore();
    store.faults[0] = "drop";
    for (let i = 1; i < 5; i++) store.faults[i] = 503; // the lookup (GET, retried twice by the transport) fails
    const server = await serve(store.handler);
    const error = await create(thingClient(server.url), "ada").catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.received.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(store.things).toHaveLength(1);
  });

  it("gives up after maxRetries attempts that certainly did not land", async () => {
    const store = thingStore();
    for (let i = 0; i < 10; i++) store.faults[i * 2] = "drop-before"; // every POST
    const server = await serve(store.handler);
    const error = await create(thingClient(server.url), "ada").catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.received.map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET", "POST", "GET"]);
  });

  it("throws a throttle as is (nothing was created), and honours the client's maxRetries", async () => {
    const store = thingStore();
    store.faults[0] = 429;
    const server = await serve(store.handler);
    await expect(create(thingClient(server.url), "ada")).rejects.toBeInstanceOf(RateLimitError);
    expect(server.received).toHaveLength(1);

    const other = thingStore();
    other.faults[0] = "drop-before";
    const second = await serve(other.handler);
    const client = createVendorClient<ThingPaths>(
      { baseUrl: second.url, maxRetries: 0 },
      { vendor: "test", packageName: "@userbridge/test", version: "1.0.0" },
    );
    await expect(create(client, "ada")).rejects.toBeInstanceOf(ConnectionError);
    expect(second.received.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("treats a timeout and a 5xx as ambiguous, a 4xx and a throttle as a refusal", () => {
    const o = { vendor: "t", operation: "createUser" };
    expect(isAmbiguous(new TimeoutError("t", o))).toBe(true);
    expect(isAmbiguous(new ServerError("s", { ...o, status: 502, issues: [] }))).toBe(true);
    expect(isAmbiguous(new ValidationError("v", { ...o, status: 422, issues: [] }))).toBe(false);
    expect(isAmbiguous(new RateLimitError("r", { ...o, status: 429, issues: [] }))).toBe(false);
  });
});
