/**
 * findUserByLogin against the simulator: `GET /users?login=` (api-specs nerm/paths/users.yaml:1,
 * nerm/parameters/query/login.yaml); compared again exactly, case-insensitively, on our side.
 */
import { AmbiguousMatchError, InvalidInputError, NotFoundError } from "@userbridge/core/internal";
import { describe, expect, it } from "vitest";
import { simulatorPerTest } from "../../../test/support/sim-per-test.js";
import { createClient, findUserByLogin } from "../src/index.js";
import { type SailPointNermSimulator, SIMULATOR_TOKEN, startSimulator } from "../src/simulator.js";

const simulator = simulatorPerTest(startSimulator, { rateLimit: false });
const clientOf = (sim: SailPointNermSimulator) =>
  createClient({ baseUrl: sim.url, token: SIMULATOR_TOKEN, maxRetries: 0 });
const put = (sim: SailPointNermSimulator, n: number, login: string) => {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  sim.users.set(id, { id, name: `User ${n}`, email: `u${n}@example.com`, login, status: "Active" });
  return id;
};

describe("findUserByLogin (simulator)", () => {
  it("finds the one user in one request, case-insensitively", async () => {
    const sim = await simulator();
    for (let i = 0; i < 30; i++) put(sim, i, `seed${i}`);
    const id = put(sim, 99, "Grace.Hopper");
    const before = sim.requests.length;
    await expect(findUserByLogin(clientOf(sim), "grace.hopper")).resolves.toMatchObject({ id, login: "Grace.Hopper" });
    expect(sim.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(["GET /users?login=grace.hopper"]);
  });

  it("NotFoundError when no user has the login (a part of one is not it)", async () => {
    const sim = await simulator();
    put(sim, 1, "seed10");
    const error = await findUserByLogin(clientOf(sim), "seed1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).issues).toEqual([{ path: "login", message: "no user has this login" }]);
  });

  it("AmbiguousMatchError with every id when several users share the login", async () => {
    const sim = await simulator();
    const a = put(sim, 1, "twin");
    const b = put(sim, 2, "TWIN");
    put(sim, 3, "twins");
    const error = await findUserByLogin(clientOf(sim), "twin").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousMatchError);
    expect((error as AmbiguousMatchError).ids.sort()).toEqual([a, b].sort());
  });

  it("refuses a blank login before any request", async () => {
    const sim = await simulator();
    const before = sim.requests.length;
    for (const bad of ["", "  ", null as unknown as string]) {
      await expect(findUserByLogin(clientOf(sim), bad)).rejects.toBeInstanceOf(InvalidInputError);
    }
    expect(sim.requests.length).toBe(before);
  });
});
