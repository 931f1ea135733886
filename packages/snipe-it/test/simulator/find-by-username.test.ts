/**
 * findUserByUsername against the simulator: Snipe-IT's `?username=` is an exact `where` under a
 * case-insensitive collation (UsersController.php:120-122), its value trimmed (TrimStrings), soft-deleted
 * users excluded; we compare again and answer one user, NotFoundError or AmbiguousMatchError.
 */
import { AmbiguousMatchError, InvalidInputError, NotFoundError } from "@userbridge/core/internal";
import { describe, expect, it } from "vitest";
import { findUserByUsername } from "../../src/index.js";
import { snipeItRecord } from "../../src/simulator.js";
import { simPerTest } from "./support.js";

const start = simPerTest();
const gets = (sim: { requests: { method: string; url: string }[] }) =>
  sim.requests.filter((r) => r.method === "GET").map((r) => r.url);

describe("findUserByUsername (simulator)", () => {
  it("finds the one user in one request, case-insensitively, trimmed, with plain strings decoded", async () => {
    const { sim, client } = await start();
    const found = await findUserByUsername(client, " ADA ");
    expect(found).toMatchObject({ id: 13, username: "ada", last_name: "O'Brien", jobtitle: "R&D lead" });
    expect(gets(sim)).toEqual(["/api/v1/users?username=ADA"]);
  });

  it("matches the whole username, not a part of it (the filter is no search)", async () => {
    const { client } = await start();
    await expect(findUserByUsername(client, "ad")).rejects.toBeInstanceOf(NotFoundError);
    await expect(findUserByUsername(client, "grace")).resolves.toMatchObject({ id: 7 });
  });

  it("does not find a soft-deleted user", async () => {
    const { sim, client } = await start();
    sim.users.set("13", { ...sim.users.get("13")!, deleted_at: "2024-01-01 00:00:00" });
    const error = await findUserByUsername(client, "ada").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).issues).toEqual([{ path: "username", message: "no user has this username" }]);
  });

  it("names every id when several undeleted users share the username (data from before the rule)", async () => {
    const { client } = await start({
      users: {
        "3": snipeItRecord({ id: 3, username: "twin" }),
        "4": snipeItRecord({ id: 4, username: "TWIN" }),
        "5": snipeItRecord({ id: 5, username: "twins" }),
      },
    });
    const error = await findUserByUsername(client, "twin").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousMatchError);
    expect((error as AmbiguousMatchError).ids).toEqual(["3", "4"]);
  });

  it("refuses a blank username before any request", async () => {
    const { sim, client } = await start();
    for (const bad of ["", "   ", 7 as unknown as string]) {
      await expect(findUserByUsername(client, bad)).rejects.toBeInstanceOf(InvalidInputError);
    }
    expect(sim.requests).toHaveLength(0);
  });
});
