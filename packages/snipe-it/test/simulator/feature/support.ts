/**
 * What Snipe-IT's feature tests (tests/Feature/Users/Api/*.php at snipe/snipe-it@5aa5c48018) take
 * from Laravel's test kit, rebuilt over the simulator:
 * - `User::factory()` states (database/factories/UserFactory.php:20-110, 295-330) → {@link actors};
 * - `actingAsForApi($user)` → a simulator whose token is that user's; the database carries over
 *   from one acting user to the next ({@link featureWorld});
 * - `patchJson` / `putJson` / `getJson` send JSON with `Accept: application/json`; `patch()` sends a
 *   form body, encoded as a PHP client would (`http_build_query`: true → 1, false → 0, null left
 *   out, arrays as `k[0]=…`).
 */
import { afterEach } from "vitest";
import {
  SIMULATOR_TOKEN,
  type SnipeItHoldings,
  type SnipeItRecord,
  type SnipeItSimulatorOptions,
  snipeItRecord,
  startSimulator,
} from "../../../src/simulator.js";

type ActorOption = NonNullable<SnipeItSimulatorOptions["actor"]>;
const none = { canView: false, canEdit: false, canCreate: false, canDelete: false };

/** UserFactory states as the token's user. */
export const actors = {
  superuser: (companyId: number | null = null): ActorOption => ({ superuser: true, companyId }),
  /** `admin()`: the `admin` permission (every policy passes), not a superuser. */
  admin: (companyId: number | null = null): ActorOption => ({ superuser: false, admin: true, ...none, companyId }),
  viewUsers: (companyId: number | null = null): ActorOption => ({
    superuser: false,
    ...none,
    canView: true,
    companyId,
  }),
  editUsers: (companyId: number | null = null): ActorOption => ({
    superuser: false,
    ...none,
    canEdit: true,
    companyId,
  }),
  /** A user with no permissions (`User::factory()->create()`). */
  plain: (companyId: number | null = null): ActorOption => ({ superuser: false, ...none, companyId }),
};

let nextId = 100;
/** `User::factory()->create([...])`: a fresh id, factory-like defaults, the given fields. */
export function factoryUser(fields: Partial<SnipeItRecord> = {}): SnipeItRecord {
  const id = nextId++;
  return snipeItRecord({
    first_name: `First${id}`,
    last_name: `Last${id}`,
    username: `user${id}`,
    email: `user${id}@example.org`,
    locale: "en-US",
    permissions: "{}",
    ...fields,
    id,
  });
}

/** http_build_query as a PHP client would encode a form body. */
export function httpBuildQuery(data: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const add = (key: string, v: unknown) => {
    if (v === null || v === undefined) return;
    if (typeof v === "object") for (const [k, x] of Object.entries(v)) add(`${key}[${k}]`, x);
    else out.append(key, v === true ? "1" : v === false ? "0" : String(v));
  };
  for (const [k, v] of Object.entries(data)) add(k, v);
  return out.toString();
}

export interface Api {
  getJson(path: string, query?: Record<string, string | null>): Promise<Response>;
  patchJson(path: string, body?: unknown): Promise<Response>;
  putJson(path: string, body?: unknown): Promise<Response>;
  /** `$this->patch()`: a form body. */
  patch(path: string, data: Record<string, unknown>): Promise<Response>;
  /** Any method with a JSON body (`$this->json($method, …)`). */
  json(method: string, path: string, body?: unknown): Promise<Response>;
}

const open: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

/** A database shared by every acting user of one test (each `actingAsForApi` starts a simulator on it). */
export function featureWorld(
  seed: SnipeItRecord[],
  settings: Omit<SnipeItSimulatorOptions, "users" | "actor"> & { holdings?: Record<number, SnipeItHoldings> } = {},
) {
  let users = new Map(seed.map((u) => [String(u.id), u] as const));
  const holdings = settings.holdings ?? {};
  return {
    holdings,
    /** The stored record (`$user->refresh()`). */
    user: (id: number) => users.get(String(id)),
    async actingAsForApi(actor: ActorOption): Promise<Api> {
      const sim = await startSimulator({ ...settings, holdings, users, actor, rateLimit: false });
      open.push(sim);
      users = sim.users;
      const send = (method: string, path: string, body: string | undefined, type: string) =>
        fetch(`${sim.url}${path}`, {
          method,
          headers: { accept: "application/json", "content-type": type, authorization: `Bearer ${SIMULATOR_TOKEN}` },
          ...(body === undefined ? {} : { body }),
        });
      const json = "application/json";
      return {
        getJson: (path, query = {}) => {
          const q = httpBuildQuery(query);
          return send("GET", q ? `${path}?${q}` : path, undefined, json);
        },
        patchJson: (path, body = []) => send("PATCH", path, JSON.stringify(body), json),
        putJson: (path, body = []) => send("PUT", path, JSON.stringify(body), json),
        patch: (path, data) => send("PATCH", path, httpBuildQuery(data), "application/x-www-form-urlencoded"),
        json: (method, path, body = []) =>
          send(method, path, method === "GET" ? undefined : JSON.stringify(body), json),
      };
    },
  };
}

/** `route('api.users.update', $user)` and friends. */
export const route = {
  users: "/api/v1/users",
  user: (u: { id: number }) => `/api/v1/users/${u.id}`,
};

/** `->assertOk()->json()` plus `assertStatusMessageIs`: the body, after checking HTTP 200. */
export async function ok(res: Response): Promise<Record<string, unknown>> {
  if (res.status !== 200) throw new Error(`expected HTTP 200, got ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}
