/**
 * The simulator's model of Snipe-IT's mechanism (issue 19), one behaviour per test, each citing
 * the code it reproduces (snipe/snipe-it@5aa5c48018): the middleware, the form request and model
 * rules, the PUT route, the index, `available_actions`, and what it does not model (501).
 */
import { InvalidInputError, UnappliedChangesError } from "@userbridge/core";
import { describe, expect, it } from "vitest";
import { updateUser } from "../../src/index.js";
import { checkPassword, snipeItRecord } from "../../src/simulator.js";
import { simPerTest, stable } from "./support.js";

const start = simPerTest();
const json = (body: unknown) => ({ method: "PATCH", body: JSON.stringify(body) });
const put = (body: unknown) => ({ method: "PUT", body: JSON.stringify(body) });

describe("PUT: the update route with full-update rules (routes/api.php:1148-1160, SaveUserRequest.php:53-58)", () => {
  it("first_name and username are required, the password confirmed; every failure listed; nothing stored", async () => {
    const { sim, raw } = await start();
    const before = structuredClone(sim.users.get("13"));
    const answer = await raw("/api/v1/users/13", put({ jobtitle: "x", password: "long-enough-1" })).then((r) =>
      r.json(),
    );
    expect(answer).toEqual({
      status: "error",
      messages: {
        first_name: ["The first name field is required."],
        username: ["The username field is required unless ldap import is in 1."],
        password: ["The password field confirmation does not match."],
      },
      payload: null,
    });
    expect(sim.users.get("13")).toEqual(before);
  });

  it("with them it succeeds, and fields it omits are kept (same controller: fill())", async () => {
    const { sim, raw } = await start();
    const before = stable(sim.users.get("13"));
    const res = await raw("/api/v1/users/13", put({ first_name: "Ada", username: "ada", jobtitle: "CTO" }));
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("success");
    expect(stable(sim.users.get("13"))).toEqual({ ...before, jobtitle: "CTO" });
  });

  it("a malformed JSON body reads as empty input: PUT fails its required rules (HTTP 200) before the 422", async () => {
    const { raw } = await start();
    const answer = await raw("/api/v1/users/13", { method: "PUT", body: '{"first_name":' }).then((r) => r.json());
    expect(Object.keys(answer.messages)).toEqual(["first_name", "username"]);
  });
});

describe("form request and model rules (SaveUserRequest.php:33-71, User.php:90-110)", () => {
  it("password: null on PATCH passes the form rule (nullable) but fails the model's required (User.php:58,94)", async () => {
    const { sim, raw } = await start();
    const before = structuredClone(sim.users.get("13"));
    const answer = await raw("/api/v1/users/13", json({ password: null, jobtitle: "x" })).then((r) => r.json());
    expect(answer).toEqual({
      status: "error",
      messages: { password: ["The password field is required."] },
      payload: null,
    });
    expect(sim.users.get("13")).toEqual(before);
  });

  it("the client refuses password: null before sending", async () => {
    const { sim, client } = await start();
    await expect(updateUser(client, 13, { password: null } as never)).rejects.toBeInstanceOf(InvalidInputError);
    expect(sim.requests).toHaveLength(0);
  });

  it("an unknown company_id on PATCH and PUT is stored: their company rule replaces exists (SaveUserRequest.php:57,63)", async () => {
    const { sim, raw } = await start();
    const patched = await raw("/api/v1/users/13", json({ company_id: 99 })).then((r) => r.json());
    expect(patched.status).toBe("success");
    expect(patched.payload.company).toBeNull(); // the relation finds no company 99
    expect(sim.users.get("13")?.company_id).toBe(99);
    await raw("/api/v1/users/13", put({ first_name: "Ada", username: "ada", company_id: 98 }));
    expect(sim.users.get("13")?.company_id).toBe(98);
    // …while department_id keeps nullable|integer|exists (:36), both failures listed.
    const refused = await raw("/api/v1/users/13", json({ department_id: "abc", manager_id: 404 })).then((r) =>
      r.json(),
    );
    expect(refused.messages).toEqual({
      department_id: ["The department id field must be an integer.", "The selected department id is invalid."],
      manager_id: ["The selected manager id is invalid."],
    });
  });

  it("the client reports the dangling company_id: UnappliedChangesError with company read back as null", async () => {
    const { sim, client } = await start();
    const error = await updateUser(client, 13, { company_id: 99 }).catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "company_id", requested: 99, stored: null }]);
    expect(sim.users.get("13")?.company_id).toBe(99);
  });

  it("every failing model rule of every field is listed, in the rules' order", async () => {
    const { sim, raw } = await start();
    const before = structuredClone(sim.users.get("13"));
    const answer = await raw(
      "/api/v1/users/13",
      json({ zip: "12345678901", state: "X", website: "nope", email: "nope", start_date: "2021-02-30" }),
    ).then((r) => r.json());
    expect(answer.messages).toEqual({
      email: ["The email field must be a valid email address."],
      website: ["The website field must be a valid URL."],
      start_date: ["The start date must be a valid date in YYYY-MM-DD format"],
      state: ["The state field must be at least 2 characters."],
      zip: ["The zip field must not be greater than 10 characters."],
    });
    expect(sim.users.get("13")).toEqual(before);
  });

  it("groups: every failing rule of every index (groups.* => integer|exists, UsersController.php:506-508)", async () => {
    const { sim, raw } = await start();
    const answer = await raw("/api/v1/users/13", json({ groups: ["x", 99, 1] })).then((r) => r.json());
    expect(answer.messages).toEqual({
      "groups.0": ["The groups.0 field must be an integer.", "The selected groups.0 is invalid."],
      "groups.1": ["The selected groups.1 is invalid."],
    });
    expect(sim.users.get("13")?.groups).toEqual([1]);
  });

  it("username uniqueness follows the collation: 'GRACE' collides with 'grace' (unique_undeleted, database.php:93)", async () => {
    const { raw } = await start();
    const answer = await raw("/api/v1/users/13", json({ username: "GRACE" })).then((r) => r.json());
    expect(answer.messages).toEqual({ username: ["The username must be unique."] });
  });
});

describe("the middleware (app/Http/Kernel.php:24-25, TrimStrings.php:14-18)", () => {
  it("strings are trimmed; '' becomes null but '  ' becomes '' (ConvertEmptyStringsToNull runs first); passwords are kept", async () => {
    const { sim, raw } = await start();
    const answer = await raw(
      "/api/v1/users/13",
      json({ jobtitle: "  CTO \t", city: "", phone: "   ", password: "  spaced out  " }),
    ).then((r) => r.json());
    expect(answer.status).toBe("success");
    const stored = sim.users.get("13");
    expect(stored).toMatchObject({ jobtitle: "CTO", city: null, phone: "" });
    expect(answer.payload.phone).toBeNull(); // "" is falsy: rendered null (UsersTransformer.php:41)
    expect(checkPassword(stored as never, "  spaced out  ")).toBe(true);
  });

  it("a form body is parsed like PHP: arrays from brackets, 1/0, '.' in a name becomes '_'", async () => {
    const { sim, raw } = await start();
    const res = await raw("/api/v1/users/13", {
      method: "PATCH",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "groups[]=1&groups[]=2&vip=1&jobtitle=+Ops+&first.name=Zed",
    });
    expect((await res.json()).status).toBe("success");
    expect(sim.users.get("13")).toMatchObject({ groups: [1, 2], vip: true, jobtitle: "Ops", first_name: "Zed" });
  });

  it("through the client: padded strings are stored trimmed and verified without a false UnappliedChangesError", async () => {
    const { sim, client } = await start();
    const user = await updateUser(client, 13, { jobtitle: "  CTO  ", city: "   " });
    expect(user).toMatchObject({ jobtitle: "CTO", city: null });
    expect(sim.users.get("13")).toMatchObject({ jobtitle: "CTO", city: "" });
  });

  it("query parameters are input too; the body wins (Request::input: body + query)", async () => {
    const { sim, raw } = await start();
    await raw("/api/v1/users/13?jobtitle=FromQuery&city=Q", json({ city: "Body" }));
    expect(sim.users.get("13")).toMatchObject({ jobtitle: "FromQuery", city: "Body" });
  });
});

describe("available_actions follows the token user's permissions (UsersTransformer.php:83-88, User.php:262-272)", () => {
  it("superuser: update, delete, clone; a viewer: none; an editor: update only", async () => {
    const su = await start();
    expect((await su.raw("/api/v1/users/7").then((r) => r.json())).available_actions).toEqual({
      update: true,
      delete: true,
      clone: true,
      restore: false,
    });
    const viewer = await start({
      actor: { superuser: false, canView: true, canEdit: false, canCreate: false, canDelete: false },
    });
    expect((await viewer.raw("/api/v1/users/7").then((r) => r.json())).available_actions).toEqual({
      update: false,
      delete: false,
      clone: false,
      restore: false,
    });
    const editor = await start({ actor: { superuser: false, canCreate: false, canDelete: false } });
    expect((await editor.raw("/api/v1/users/7").then((r) => r.json())).available_actions).toMatchObject({
      update: true,
      delete: false,
      clone: false,
    });
  });

  it("delete is false while the user holds anything or manages someone; a deleted user offers restore", async () => {
    const { raw } = await start({
      holdings: { 7: { licenses: 1 } },
      users: {
        "13": snipeItRecord({ id: 13, username: "ada", manager_id: 7 }),
        "7": snipeItRecord({ id: 7, username: "grace" }),
        "8": snipeItRecord({ id: 8, username: "gone", deleted_at: "2025-01-01 00:00:00" }),
      },
    });
    const rows = (await raw("/api/v1/users?all=true&sort=id&order=asc").then((r) => r.json())).rows;
    expect(rows.map((r: { id: number; available_actions: object }) => [r.id, r.available_actions])).toEqual([
      [7, { update: true, delete: false, clone: true, restore: false }],
      [8, { update: false, delete: false, clone: false, restore: true }],
      [13, { update: true, delete: true, clone: true, restore: false }],
    ]);
    expect(rows[0]).toMatchObject({ licenses_count: 1, manages_users_count: 1 });
  });

  it("PATCH's answer shows the counts as 0 (the bound user has no withCount), GET the real ones", async () => {
    const { raw } = await start({ holdings: { 13: { assets: [{ company_id: null }] } } });
    expect((await raw("/api/v1/users/13").then((r) => r.json())).assets_count).toBe(1);
    expect((await raw("/api/v1/users/13", json({ jobtitle: "x" })).then((r) => r.json())).payload.assets_count).toBe(0);
  });
});

describe("the users index (UsersController.php:41-314)", () => {
  const people = () => ({
    "1": snipeItRecord({
      id: 1,
      first_name: "Émile",
      last_name: "Zola",
      username: "ez",
      email: "EZ@x.org",
      activated: false,
    }),
    "2": snipeItRecord({ id: 2, first_name: "ada", last_name: "Byron", username: "ab", department_id: 2, groups: [1] }),
    "3": snipeItRecord({ id: 3, first_name: "Carl", last_name: null, username: "c_l", manager_id: 2 }),
    "4": snipeItRecord({
      id: 4,
      first_name: "Bea",
      last_name: "Old",
      username: "bo",
      deleted_at: "2025-01-01 00:00:00",
    }),
  });
  const ids = async (raw: (p: string) => Promise<Response>, query: string) => {
    const body = await raw(`/api/v1/users?${query}`).then((r) => r.json());
    return { total: body.total, ids: body.rows.map((r: { id: number }) => r.id) };
  };

  it("default order is first_name DESC under the collation; order=asc; soft-deleted users left out", async () => {
    const { raw } = await start({ users: people() });
    expect(await ids(raw, "")).toEqual({ total: 3, ids: [1, 3, 2] }); // Émile, Carl, ada
    expect(await ids(raw, "order=asc")).toEqual({ total: 3, ids: [2, 3, 1] });
    expect(await ids(raw, "sort=last_name&order=asc")).toEqual({ total: 3, ids: [3, 2, 1] }); // NULL first
    expect(await ids(raw, "sort=nonsense&order=asc")).toEqual({ total: 3, ids: [2, 3, 1] });
  });

  it("deleted=true: only deleted; all=true: both (:225-229)", async () => {
    const { raw } = await start({ users: people() });
    expect(await ids(raw, "deleted=true")).toEqual({ total: 1, ids: [4] });
    expect((await ids(raw, "all=true&sort=id&order=asc")).ids).toEqual([1, 2, 3, 4]);
    expect((await ids(raw, "deleted=1")).total).toBe(3); // only the string 'true' counts
  });

  it("search: LIKE over the columns, relations and first+last name; ' OR ' splits terms; _ is a wildcard", async () => {
    const { raw } = await start({ users: people() });
    expect((await ids(raw, "search=emile")).ids).toEqual([1]); // accent- and case-insensitive
    expect((await ids(raw, "search=ada%20byron")).ids).toEqual([2]); // CONCAT(first_name, ' ', last_name)
    expect((await ids(raw, "search=R%26D")).ids).toEqual([2]); // department name
    expect((await ids(raw, "search=Admins")).ids).toEqual([2]); // group name
    expect((await ids(raw, "search=byron")).ids).toEqual([3, 2]); // 3 by its manager's last name
    expect((await ids(raw, "search=zola%20OR%20carl")).ids).toEqual([1, 3]);
    expect((await ids(raw, "search=a_b")).ids).toEqual([2]); // "ada byron": _ matches the space
  });

  it("equality filters under the collation; an int column compared with 'true' matches 0 (MySQL's cast)", async () => {
    const { raw } = await start({ users: people() });
    expect((await ids(raw, "email=ez@X.ORG")).ids).toEqual([1]);
    expect((await ids(raw, "username=AB")).ids).toEqual([2]);
    expect((await ids(raw, "department_id=2")).ids).toEqual([2]);
    expect((await ids(raw, "group_id=1")).ids).toEqual([2]);
    expect((await ids(raw, "manager_id=2")).ids).toEqual([3]);
    expect((await ids(raw, "activated=0")).ids).toEqual([1]);
    expect((await ids(raw, "activated=true")).ids).toEqual([1]);
    expect((await ids(raw, "activated=1")).ids).toEqual([3, 2]);
    expect((await ids(raw, "email=")).total).toBe(3); // not filled: no filter
  });

  it("offset and limit (:306-311, SettingsServiceProvider.php:34-49) with max_results", async () => {
    const { raw } = await start({ users: people(), maxResults: 2 });
    expect(await ids(raw, "order=asc")).toEqual({ total: 3, ids: [2, 3] }); // no limit: max_results
    expect(await ids(raw, "order=asc&limit=99")).toEqual({ total: 3, ids: [2, 3] }); // above the max: the max
    expect(await ids(raw, "order=asc&limit=-1")).toEqual({ total: 3, ids: [2] }); // |limit|
    expect(await ids(raw, "order=asc&offset=2")).toEqual({ total: 3, ids: [1] });
    expect(await ids(raw, "order=asc&offset=-5")).toEqual({ total: 3, ids: [2, 3] });
    expect(await ids(raw, "order=asc&offset=9")).toEqual({ total: 3, ids: [] });
    expect(await ids(raw, "order=asc&offset=abc")).toEqual({ total: 3, ids: [] }); // "abc" > "3" as strings
  });

  it("an array in the query is not modelled: 501 'not simulated', not a guess", async () => {
    const { raw } = await start({ users: people() });
    const res = await raw("/api/v1/users?email[]=a");
    expect(res.status).toBe(501);
    expect((await res.json()).method).toBe("GET");
  });

  it("sort=groups and the manages_*_count filters end in a 500 (no such column / no such relation)", async () => {
    const { raw } = await start({ users: people() });
    expect((await raw("/api/v1/users?sort=groups")).status).toBe(500);
    expect((await raw("/api/v1/users?manages_users_count=0")).status).toBe(500);
  });
});

describe("routes: the vendor's 405, else 501 'not simulated' (Handler.php:115-116; core's default)", () => {
  it.each([
    ["PATCH", "/api/v1/users", 405],
    ["DELETE", "/api/v1/users", 405],
    ["POST", "/api/v1/users/13", 405],
    ["PATCH", "/api/v1/users/13/restore", 405],
    ["GET", "/api/v1/users/13/assets", 501],
    ["POST", "/api/v1/users/13/upload", 501],
    ["GET", "/api/v1/hardware", 501],
    ["GET", "/api/v1/users/me", 501],
    ["POST", "/api/v1/users/two_factor_reset", 501],
  ])("%s %s → %i", async (method, path, status) => {
    const { raw } = await start();
    const res = await raw(path, { method, ...(method === "GET" ? {} : { body: "{}" }) });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(
      status === 405
        ? { status: "error", messages: "Method not allowed", payload: null }
        : { error: `not simulated: ${method} ${path}`, method, path },
    );
  });
});
