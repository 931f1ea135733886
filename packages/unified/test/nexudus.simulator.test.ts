/**
 * The Nexudus adapter through the facade, against @userbridge/nexudus/simulator: normalized
 * changes land in the simulator's stored record without clearing what they do not name.
 */
import { AuthenticationError, ConflictError, UnappliedChangesError, ValidationError } from "@userbridge/core";
import { DEFAULT_TOKEN, type NexudusSimulator, startSimulator } from "@userbridge/nexudus/simulator";
import { afterEach, describe, expect, it } from "vitest";
import { nexudus } from "../src/adapters/nexudus.js";
import { connect } from "../src/index.js";

const ada = {
  Id: 7,
  FullName: "Ada Lovelace",
  Email: "ada@example.com",
  Language: 1,
  PasswordSalt: "salt",
  LastHelpVisited: 0,
  InvalidLoginAttempts: 0,
  Active: true,
  IsAdmin: false,
  OnNewEmail: true,
  Password: "stored-password-hash",
  Businesses: [287964677],
  UserRoles: [770685918, 800349553],
  ChatRooms: [],
};

let sim: NexudusSimulator | undefined;
afterEach(() => sim?.stop());
const start = async (options: Parameters<typeof startSimulator>[0] = {}) => {
  sim = await startSimulator({ users: { "7": structuredClone(ada) as never }, rateLimit: false, ...options });
  return sim;
};
const users = (s: NexudusSimulator, token = DEFAULT_TOKEN) =>
  connect(nexudus({ baseUrl: s.url, token, maxRetries: 0 }));

describe("nexudus through the facade, against the simulator", () => {
  it("a normalized update changes only the fields it names; lists, flags and secrets stay", async () => {
    const s = await start();
    const user = await users(s).update("7", { displayName: "Ada King", admin: true, locale: "en-GB" });
    expect(user).toMatchObject({ vendor: "nexudus", id: "7", displayName: "Ada King", admin: true, locale: "en-GB" });
    expect(s.users.get("7")).toMatchObject({
      FullName: "Ada King",
      IsAdmin: true,
      Language: 3,
      Active: true,
      OnNewEmail: true,
      Password: "stored-password-hash",
      Businesses: [287964677],
      UserRoles: [770685918, 800349553],
    });
  });

  it("a refusal the vendor answers with HTTP 200 + WasSuccessful:false surfaces as ValidationError; nothing stored", async () => {
    const s = await start({ refuse: () => "The user cannot be deactivated." });
    const error = await users(s)
      .update("7", { active: false })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(s.users.get("7")).toMatchObject({ Active: true });
  });

  it("a bad token is an AuthenticationError through the facade", async () => {
    const s = await start();
    await expect(users(s, "wrong-token").get("7")).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("a change the vendor did not store is an UnappliedChangesError in normalized terms (issue 12)", async () => {
    const s = await start();
    // The vendor "did not apply" IsAdmin: its stored value is put back before the verification re-read.
    const fetchAfterPut: typeof fetch = async (input, init) => {
      if ((init?.method ?? "GET") === "GET" && s.users.get("7")?.FullName === "Ada King") {
        s.users.set("7", { ...s.users.get("7"), IsAdmin: false } as never);
      }
      return fetch(input, init);
    };
    const facade = connect(nexudus({ baseUrl: s.url, token: DEFAULT_TOKEN, maxRetries: 0, fetch: fetchAfterPut }));
    const error = await facade
      .update("7", { displayName: "Ada King", admin: true, password: "n3w-Pass!" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnappliedChangesError);
    expect(error.fields).toEqual([{ field: "admin", requested: true, stored: false }]);
    expect(error.skipped).toEqual(["password"]);
    expect(error.user).toMatchObject({ vendor: "nexudus", id: "7", displayName: "Ada King", admin: false });
    expect(s.users.get("7")).toMatchObject({ FullName: "Ada King", IsAdmin: false });
  });

  it("a 503 on the PUT with another writer in between is a ConflictError; their Email and roles stay (issue 12)", async () => {
    const s = await start({ fail: { status: 503, when: (req) => req.method === "PUT" } });
    let putSent = false;
    const otherWriter: typeof fetch = async (input, init) => {
      if (putSent) s.users.set("7", { ...s.users.get("7"), Email: "ada@other.example", UserRoles: [1] } as never);
      if (init?.method === "PUT") putSent = true;
      return fetch(input, init);
    };
    const facade = connect(nexudus({ baseUrl: s.url, token: DEFAULT_TOKEN, maxRetries: 2, fetch: otherWriter }));
    await expect(facade.update("7", { displayName: "Ada King" })).rejects.toBeInstanceOf(ConflictError);
    expect(s.requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET"]);
    expect(s.users.get("7")).toMatchObject({ FullName: "Ada Lovelace", Email: "ada@other.example", UserRoles: [1] });
  });
});
