/**
 * Issue 11 item 3: the simulator, driven through every operation (each success and each error it
 * can produce), answers only what specs/onlyoffice.yaml documents; what it cannot produce is listed
 * with the reason.
 */
import { describe, expect, it } from "vitest";
import { checkExchangesAgainstSpec } from "../../../test/support/spec-conformance.js";
import { ADA, GRACE, LEAD, person, simPerTest } from "./sim.js";

const SPEC = new URL("../../../specs/onlyoffice.yaml", import.meta.url).pathname;
const start = simPerTest();
const TOKEN = "oo-sim-token-7c503dfb";
const OWNER = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

const neverProduced = {
  "authenticate 400":
    "every failure inside AuthenticateMe, argument errors included, becomes AuthenticationException → 500 (AuthenticationEntryPoint.cs:478-482); a 400 needs malformed JSON (ApiArgumentBuilder.cs:190-197), which the client never sends",
  "getUser 403":
    "only when the People module is denied to the caller (ProductSecurityFilter.cs:130-135): not simulated",
  "getUser 500": "only on the Personal edition (EmployeeApi.cs:170) or an outage: not simulated",
  "updateUserStatus 403":
    "only when the People module is denied to the caller (ProductSecurityFilter.cs:130-135): not simulated; a missing permission is AuthorizingException → 500, and the owner is skipped (EmployeeApi.cs:1390-1391)",
  "listUsers 500":
    "GetFullByFilter raises no plain exception outside the Personal edition (EmployeeApi.cs:435): not simulated",
  "deleteUser 400":
    "DeleteMember binds only the route's string; a 400 needs malformed JSON in a DELETE's body, which the client never sends",
  "findUserByEmail 500":
    "only on the Personal edition for a non-owner (EmployeeApi.cs:209-210) or an outage: not simulated",
};

describe("the ONLYOFFICE simulator conforms to specs/onlyoffice.yaml", () => {
  it("for every operation, success and error", async () => {
    const sim = await start({
      users: [
        [ADA, person()],
        [GRACE, person({ id: GRACE, userName: "grace", email: "grace@example.com", status: 2, isLDAP: true })],
        [OWNER, person({ id: OWNER, userName: "owner", email: "owner@example.com", isOwner: true })],
      ],
      passwords: { "ada@example.com": "pw-ada-1" },
      rateLimit: { limit: 40, windowMs: 60_000 },
      nameRule: /^[^<>]*$/,
    });
    const call = (method: string, path: string, body?: unknown, token: string | null = TOKEN) =>
      fetch(`${sim.url}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const statuses: number[] = [];
    const run = async (method: string, path: string, body?: unknown, token?: string | null) =>
      statuses.push((await call(method, path, body, token)).status);
    const P = `/api/2.0/people/${ADA}`;

    await run("POST", "/api/2.0/authentication", { userName: "ada@example.com", password: "pw-ada-1" });
    await run("POST", "/api/2.0/authentication", { userName: "ada@example.com", password: "wrong" });
    await run("GET", P);
    await run("GET", "/api/2.0/people/ada"); // by user name
    await run("GET", P, undefined, null);
    await run("GET", "/api/2.0/people/nobody");
    const F = "/api/2.0/people/email?email=";
    await run("GET", `${F}ADA%40Example.com`); // case-insensitive
    await run("GET", `${F}nobody%40example.com`);
    await run("GET", `${F}ada%40example.com`, undefined, null);
    await run("PUT", P, { title: "CTO", isVisitor: false, lead: LEAD });
    await run("PUT", P, { lead: "not-a-guid" });
    await run("PUT", P, {}, "wrong-token");
    await run("PUT", "/api/2.0/people/0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a", { title: "x" });
    await run("PUT", P, { firstname: "<b>" });
    await run("PUT", `/api/2.0/people/${GRACE}`, { title: "x" }); // terminated: suspended
    await run("PUT", "/api/2.0/people/status/Active", { userIds: [ADA, GRACE] });
    await run("PUT", "/api/2.0/people/status/Asleep", { userIds: [ADA] });
    await run("PUT", "/api/2.0/people/status/Active", { userIds: [ADA] }, "wrong-token");
    await run("PUT", `${P}/email`, { email: "ada.l@example.com" });
    await run("PUT", `${P}/email`, { email: "ada.l@example.com" }); // replay: already registered
    await run("PUT", "/api/2.0/people/not-a-guid/email", { email: "x@example.com" });
    await run("PUT", `/api/2.0/people/${GRACE}/email`, { email: "g2@example.com" }); // LDAP + terminated
    await run("PUT", `${P}/email`, { email: "x@example.com" }, "wrong-token");
    // Disabling the portal owner: InvalidOperationException → 403 (UserManager.cs:241-244).
    await run("PUT", `/api/2.0/people/${OWNER}`, { disable: true, isVisitor: false, lead: LEAD });
    await run("GET", P, undefined, `Bearer ${TOKEN}`); // ASCBearerAuthorization.cs:61-66
    // The lifecycle (issue 20): AddMember, GetFullByFilter, DeleteMember.
    await run("POST", "/api/2.0/people", { email: "new@example.com", firstname: "New", lastname: "User" });
    await run("POST", "/api/2.0/people", { email: null, firstname: "New", lastname: "User" });
    await run("POST", "/api/2.0/people", { email: "new@example.com", firstname: "Again", lastname: "User" });
    await run("POST", "/api/2.0/people", { email: "x@example.com" }, null);
    await run("GET", "/api/2.0/people/filter?startIndex=1&count=2");
    await run("GET", "/api/2.0/people/filter?employeeType=Nobody");
    await run("GET", "/api/2.0/people/filter", undefined, null);
    await run("DELETE", P); // Active: "The user is not suspended"
    await run("DELETE", `/api/2.0/people/${GRACE}`); // LDAP: 403
    await run("DELETE", "/api/2.0/people/nobody");
    await run("DELETE", P, undefined, null);
    await run("PUT", "/api/2.0/people/status/Terminated", { userIds: [ADA] });
    await run("DELETE", P);
    expect(statuses).toEqual([
      201, 500, 200, 200, 401, 404, 200, 404, 401, 200, 400, 401, 404, 500, 500, 200, 400, 401, 200, 500, 400, 403, 401,
      403, 200, 201, 400, 500, 401, 200, 400, 401, 500, 403, 404, 401, 200, 200,
    ]);

    type Call = readonly [string, string, unknown?];
    /** Sends each call to `target` with the token; returns the statuses. */
    const drive = async (target: { url: string }, calls: readonly Call[]) => {
      const out: number[] = [];
      for (const [m, p, b] of calls) {
        const r = await fetch(`${target.url}${p}`, {
          method: m,
          headers: { "content-type": "application/json", authorization: TOKEN },
          ...(b === undefined ? {} : { body: JSON.stringify(b) }),
        });
        out.push(r.status);
      }
      return out;
    };
    const writesTo: Call[] = [
      ["PUT", P, { title: "x" }],
      ["PUT", `${P}/email`, { email: "z@example.com" }],
      ["PUT", "/api/2.0/people/status/Active", { userIds: [ADA] }],
      ["POST", "/api/2.0/people", { email: "n@example.com", firstname: "N", lastname: "U" }],
      ["DELETE", P],
    ];
    // A caller who is not a People admin: AuthorizingException, HTTP 500 (not 403) on others'
    // profiles and on the status endpoint (AuthorizingException.cs:29, ApiHttpHandler.cs:115-126).
    const plain = await start({ users: [[ADA, person()]], callerIsAdmin: false });
    expect(await drive(plain, writesTo)).toEqual([500, 500, 500, 500, 500]);
    // An unpaid portal: 402 on every people operation (not on the token endpoint).
    const unpaid = await start({ users: [[ADA, person()]], paymentRequired: true });
    const find: Call = ["GET", "/api/2.0/people/email?email=ada%40example.com"];
    const list: Call = ["GET", "/api/2.0/people/filter"];
    expect(await drive(unpaid, [["GET", P], find, list, ...writesTo])).toEqual([
      402, 402, 402, 402, 402, 402, 402, 402,
    ]);
    // Past the request budget: 503 + Retry-After, on every operation.
    const busy = await start({ users: [[ADA, person()]], rateLimit: { limit: 1, windowMs: 60_000 } });
    const auth: Call = ["POST", "/api/2.0/authentication", { userName: "a", password: "b" }];
    expect(await drive(busy, [["GET", P], ["GET", P], find, list, ...writesTo, auth])).toEqual([
      200, 503, 503, 503, 503, 503, 503, 503, 503, 503,
    ]);

    const exchanges = [...sim.exchanges, ...plain.exchanges, ...unpaid.exchanges, ...busy.exchanges];
    expect(checkExchangesAgainstSpec(SPEC, exchanges, { neverProduced })).toEqual({
      checked: exchanges.length,
      problems: [],
    });
  });
});
