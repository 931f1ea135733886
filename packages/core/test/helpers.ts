import { bearerAuth } from "../src/auth.js";
import type { CommonClientOptions, Issue } from "../src/internal.js";
import { createVendorClient, type ErrorMapping, send } from "../src/internal.js";

/** A minimal spec's types: GET and PATCH /things/{id}. */
export interface TestPaths {
  "/things/{id}": {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": { id: string } } } };
    };
    patch: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody: { content: { "application/json": Record<string, unknown> } };
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": { id: string } } } };
    };
  };
}

export const TOKEN = "tok_3f9a8b7c6d5e4f30";

export const errors: ErrorMapping = {
  vendor: "test",
  issues(body): Issue[] {
    const m = (body as { message?: unknown } | undefined)?.message;
    return typeof m === "string" ? [{ path: "", message: m }] : [];
  },
};

export function testClient(baseUrl: string, options: Omit<CommonClientOptions, "baseUrl"> = {}) {
  return createVendorClient<TestPaths>(
    { baseUrl, ...options },
    { vendor: "test", packageName: "@userbridge/test", version: "1.2.3", auth: bearerAuth(TOKEN) },
  );
}

export function getThing(client: ReturnType<typeof testClient>, id: string) {
  return send({ operation: "getThing", errors }, () => client.GET("/things/{id}", { params: { path: { id } } }));
}

export function patchThing(client: ReturnType<typeof testClient>, id: string, body: Record<string, unknown>) {
  return send({ operation: "patchThing", errors }, () =>
    client.PATCH("/things/{id}", { params: { path: { id } }, body }),
  );
}
