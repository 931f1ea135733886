/**
 * A made-up vendor for the simulator kit's tests: token in an `X-Tiny-Token` header, two routes
 * (GET and PATCH /api/users/:id), 5 requests per 10 s, a JSON 429 with Retry-After.
 */
import { afterEach } from "vitest";
import {
  type SimDefinition,
  type Simulator,
  type SimulatorOptions,
  startSimServer,
  toUserMap,
} from "../../src/simulator.js";

export interface TinyUser {
  id: string;
  name: string;
  email?: string;
}

export const TINY_TOKEN = "tiny_tok_5b1e9c7d";

export const tinyVendor = (token: string): SimDefinition => ({
  vendor: "tiny",
  rateLimit: {
    limit: 5,
    windowMs: 10_000,
    answer: (retryAfterSeconds) => ({
      status: 429,
      headers: { "retry-after": String(retryAfterSeconds) },
      json: { error: "too many requests" },
    }),
  },
  authenticate: (req) => (req.headers["x-tiny-token"] === token ? undefined : { status: 401, text: "Unauthorized" }),
  // The tiny vendor's own answer for a method it has no route for on a path it serves; anything
  // else falls through to the kit's 501 "not simulated".
  notFound: (req) =>
    /^\/api\/users\/[^/]+$/.test(req.url.pathname)
      ? { status: 405, json: { error: `no route ${req.method} ${req.url.pathname}` } }
      : undefined,
  routes: [], // filled below (they need the users map)
});

/** Starts the tiny vendor's simulator; every one started in a test is stopped after it. */
export function tinyPerTest(): (options?: SimulatorOptions<TinyUser>) => Promise<Simulator<TinyUser>> {
  const open: Simulator<TinyUser>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.stop()));
  });
  return async (options = {}) => {
    const token = options.token ?? TINY_TOKEN;
    const users = toUserMap(options.users ?? { "1": { id: "1", name: "Ada" } });
    const def = tinyVendor(token);
    def.routes = [
      {
        operationId: "getUser",
        method: "GET",
        path: "/api/users/:id",
        handle: (req) => {
          const user = users.get(req.params.id ?? "");
          return user ? { status: 200, json: user } : { status: 404, json: { error: "user not found" } };
        },
      },
      {
        operationId: "updateUser",
        method: "patch",
        path: "/api/users/:id",
        handle: (req) => {
          if (req.jsonError) return { status: 400, json: { error: "invalid JSON" } };
          const user = users.get(req.params.id ?? "");
          if (!user) return { status: 404, json: { error: "user not found" } };
          const { password: _password, ...fields } = (req.body ?? {}) as Partial<TinyUser> & { password?: string };
          const updated = { ...user, ...fields, id: user.id };
          users.set(user.id, updated);
          return { status: 200, json: updated };
        },
      },
    ];
    const sim = await startSimServer(def, { ...options, token }, users);
    open.push(sim);
    return sim;
  };
}

/** fetch with the tiny vendor's token. */
export function call(sim: { url: string }, path: string, init: RequestInit & { token?: string } = {}) {
  const { token = TINY_TOKEN, headers, ...rest } = init;
  return fetch(`${sim.url}${path}`, {
    ...rest,
    headers: { "x-tiny-token": token, "content-type": "application/json", ...(headers as Record<string, string>) },
  });
}
