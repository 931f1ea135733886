/**
 * A vendor that does not keep people unique: it creates whatever it is sent, after `delayMs` (as a
 * vendor's answer takes time). The gateway's own claims are then all that stands between two
 * concurrent creates of one person and a duplicate (the simulators of the five vendors refuse a
 * second user with the same email or login, so they cannot show that).
 */
import { AmbiguousMatchError, NotFoundError } from "@userbridge/core";
import type { NormalizedUser } from "@userbridge/unified";
import type { FieldChanges, ScimBackend } from "../src/backend.js";

export interface LenientVendor extends ScimBackend {
  /** Every user created, in order. */
  readonly users: NormalizedUser[];
  /** The most creates the vendor was working on at one time. */
  readonly mostCreatesAtOnce: number;
}

/** `signIn: "email"` makes the gateway look people up by email (userName kept by the gateway). */
export function lenientVendor(delayMs = 20): LenientVendor {
  const users: NormalizedUser[] = [];
  let creating = 0;
  let most = 0;
  const pause = () => new Promise((r) => setTimeout(r, delayMs));
  const byId = (id: string) => {
    const user = users.find((u) => u.id === id);
    if (!user) throw new NotFoundError(`no user ${id}`, { vendor: "lenient", operation: "get", status: 404 });
    return user;
  };
  return {
    vendor: "lenient",
    capabilities: ["email", "displayName", "title", "active"],
    users,
    get mostCreatesAtOnce() {
      return most;
    },
    async get(id) {
      return { ...byId(id) };
    },
    async find(email) {
      await pause();
      const found = users.filter((u) => u.email?.toLowerCase() === email.toLowerCase());
      if (found.length === 0)
        throw new NotFoundError(`no user ${email}`, { vendor: "lenient", operation: "find", status: 404 });
      if (found.length > 1)
        throw new AmbiguousMatchError(
          email,
          found.map((u) => u.id),
          { vendor: "lenient", operation: "find" },
        );
      return { ...(found[0] as NormalizedUser) };
    },
    async *list() {
      yield* users.map((u) => ({ ...u }));
    },
    async create(fields: FieldChanges) {
      most = Math.max(most, ++creating);
      await pause().finally(() => creating--);
      const user: NormalizedUser = {
        vendor: "lenient",
        id: String(users.length + 1),
        raw: {},
        active: true,
        ...fields,
      };
      delete (user as { password?: unknown }).password;
      users.push(user);
      return { ...user };
    },
    async update(id, changes) {
      Object.assign(byId(id), changes);
      return { ...byId(id) };
    },
  };
}
