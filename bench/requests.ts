/**
 * Requests per update, per vendor: one `updateUser` against the vendor's in-process simulator
 * (`@userbridge/<vendor>/simulator`, rate limits off), counting what it received
 * (`sim.requests`), once as shipped and once with `verify: false`. Reads before a write (a
 * full-record PUT, a managed-user check) and the re-read that verifies a write whose answer holds
 * no user show up here, each with the reason the vendor requires it (`why`). The single-request
 * timings of `pnpm bench` compare like with like; these extra requests are counted here instead.
 */
import * as nexudus from "@userbridge/nexudus";
import * as nexudusSim from "@userbridge/nexudus/simulator";
import * as onlyoffice from "@userbridge/onlyoffice";
import * as onlyofficeSim from "@userbridge/onlyoffice/simulator";
import * as nerm from "@userbridge/sailpoint-nerm";
import * as nermSim from "@userbridge/sailpoint-nerm/simulator";
import * as snipeIt from "@userbridge/snipe-it";
import * as snipeItSim from "@userbridge/snipe-it/simulator";
import * as zluri from "@userbridge/zluri";
import * as zluriSim from "@userbridge/zluri/simulator";

export interface RequestCount {
  vendor: string;
  update: string;
  requests: string[];
  /** The same update made by a client created with `verify: false`. */
  unverified: string[];
  /** Why the vendor needs more than the one write, if it does. */
  why: string;
}

interface Sim {
  url: string;
  requests: { method: string; url: string }[];
  stop(): Promise<void>;
}

async function count(
  vendor: string,
  update: string,
  why: string,
  start: () => Promise<Sim>,
  run: (url: string, verify: boolean) => Promise<unknown>,
): Promise<RequestCount> {
  const once = async (verify: boolean) => {
    const sim = await start();
    try {
      await run(sim.url, verify);
      return sim.requests.map((r) => `${r.method} ${new URL(r.url, sim.url).pathname}`);
    } finally {
      await sim.stop();
    }
  };
  return { vendor, update, why, requests: await once(true), unverified: await once(false) };
}

const ZLURI = "64b7f0c2a1d3e4f5a6b7c8d9";
const GUID = "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21";
const NERM = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";

export async function requestsPerUpdate(): Promise<RequestCount[]> {
  return [
    await count(
      "snipe-it",
      "{ jobtitle }",
      "",
      () =>
        snipeItSim.startSimulator({
          rateLimit: false,
          users: { "13": snipeItSim.snipeItRecord({ id: 13, first_name: "Ada", username: "ada" }) },
        }),
      (baseUrl, verify) =>
        snipeIt.updateUser(snipeIt.createClient({ baseUrl, verify, token: snipeItSim.SIMULATOR_TOKEN }), 13, {
          jobtitle: "CTO",
        }),
    ),
    await count(
      "zluri",
      "{ user_designation }",
      "re-read (POST /users filtered) when the PATCH answer has no user: to return it, and verify it",
      () =>
        zluriSim.startSimulator({
          rateLimit: false,
          users: {
            [ZLURI]: { user_id: ZLURI, user_name: "Ada", user_email: "ada@example.com", user_status: "active" },
          },
        }),
      (baseUrl, verify) =>
        zluri.updateUser(zluri.createClient({ baseUrl, verify, apiKey: zluriSim.SIMULATOR_API_KEY }), ZLURI, {
          user_designation: "CTO",
        }),
    ),
    await count(
      "onlyoffice",
      "{ title }",
      "read first: the PUT must send contacts, isVisitor and lead back (else cleared)",
      () =>
        onlyofficeSim.startSimulator({
          rateLimit: false,
          users: [
            [
              GUID,
              {
                id: GUID,
                displayName: "Ada Lovelace",
                firstName: "Ada",
                lastName: "Lovelace",
                userName: "ada",
                email: "ada@example.com",
                status: 1,
                activationStatus: 1,
                isAdmin: false,
                isOwner: false,
                isVisitor: false,
                isLDAP: false,
                isSSO: false,
              } as onlyofficeSim.SimUser,
            ],
          ],
        }),
      (baseUrl, verify) =>
        onlyoffice.updateUser(
          onlyoffice.createClient({ baseUrl, verify, token: onlyofficeSim.SIMULATOR_TOKEN }),
          GUID,
          {
            title: "CTO",
          },
        ),
    ),
    await count(
      "nexudus",
      "{ FullName }",
      "whole-record PUT: read to merge into, re-read to verify (the PUT answers no user)",
      () =>
        nexudusSim.startSimulator({
          rateLimit: false,
          users: {
            "7": {
              Id: 7,
              FullName: "Ada Lovelace",
              Email: "ada@example.com",
              Language: 1,
              PasswordSalt: "salt",
              LastHelpVisited: 0,
              InvalidLoginAttempts: 0,
              Businesses: [1],
              UserRoles: [],
              ChatRooms: [],
            } as never,
          },
        }),
      (baseUrl, verify) =>
        nexudus.updateUser(nexudus.createClient({ baseUrl, verify, token: nexudusSim.DEFAULT_TOKEN }), 7, {
          FullName: "Ada King",
        }),
    ),
    await count(
      "sailpoint-nerm",
      "{ title }",
      "",
      () =>
        nermSim.startSimulator({
          rateLimit: false,
          users: { [NERM]: { id: NERM, uid: "ada", name: "Ada", email: "ada@example.com", status: "Active" } as never },
        }),
      (baseUrl, verify) =>
        nerm.updateUser(nerm.createClient({ baseUrl, verify, token: nermSim.SIMULATOR_TOKEN }), NERM, { title: "CTO" }),
    ),
  ];
}
