import { describe, expectTypeOf, it } from "vitest";
import { nexudus, nexudusLifecycle } from "../src/adapters/nexudus.js";
import { sailpointNermLifecycle } from "../src/adapters/sailpoint-nerm.js";
import { zluriLifecycle } from "../src/adapters/zluri.js";
import { connect, type DeleteOptions, type NormalizedUser } from "../src/index.js";

const n = connect(nexudusLifecycle({ token: "t" }));
const s = connect(sailpointNermLifecycle({ tenant: "acme", token: "t" }));
const z = connect(zluriLifecycle({ apiKey: "k" }));
const updateOnly = connect(nexudus({ token: "t" }));

describe("lifecycle capabilities are types", () => {
  it("a vendor's required create fields are required", () => {
    expectTypeOf(n.create).toBeCallableWith({ displayName: "Ada", email: "ada@example.com" });
    // @ts-expect-error Nexudus requires an email (FullName and Email)
    n.create({ displayName: "Ada" });
    // @ts-expect-error NERM requires a username (its login)
    s.create({ displayName: "Ada", email: "ada@example.com" });
    expectTypeOf(s.create).toBeCallableWith({ displayName: "Ada", email: "a@b.co", username: "ada", password: "pw" });
    // @ts-expect-error Zluri's create takes no managerId (it takes the manager's email, natively)
    z.create({ displayName: "Ada", email: "ada@example.com", managerId: "x" });
    expectTypeOf(z.create).toBeCallableWith({
      displayName: "Ada",
      email: "ada@example.com",
      vendor: { reporting_manager_email: "boss@example.com" },
    });
    // @ts-expect-error Nexudus's create page lists no password
    n.create({ displayName: "Ada", email: "ada@example.com", password: "pw" });
  });

  it("a vendor that cannot delete has no callable delete", () => {
    expectTypeOf(n.delete).toEqualTypeOf<(id: string, options?: DeleteOptions) => Promise<void>>();
    expectTypeOf(s.planDelete).toBeFunction();
    // @ts-expect-error Zluri documents no delete
    z.delete("64b7f0c2a1d3e4f5a6b7c8d9");
    // @ts-expect-error nor a dry run of one
    z.planDelete("64b7f0c2a1d3e4f5a6b7c8d9");
  });

  it("list is an AsyncIterable of normalized users, filtered by email and active", () => {
    expectTypeOf(z.list({ email: "a@b.co", active: true })).toMatchTypeOf<AsyncIterable<NormalizedUser<"zluri">>>();
    // @ts-expect-error active is a boolean
    n.list({ active: "yes" });
    // @ts-expect-error not a filter
    n.list({ title: "CTO" });
  });

  it("an update-only adapter has no lifecycle verbs", () => {
    // @ts-expect-error connect(nexudus(…)) only reads and updates
    updateOnly.create({ displayName: "Ada", email: "ada@example.com" });
    // @ts-expect-error no list either
    updateOnly.list();
    expectTypeOf(updateOnly.update).toBeFunction();
  });
});
