import type { ClientOptions, User, UserUpdate } from "@userbridge/nexudus";
import { createClient, findUserByEmail, getUser, planUpdate, updateUser } from "@userbridge/nexudus";
import { type Adapter, bindVendor, defined, integerId, refuse } from "../adapter.js";

/** Normalized fields Nexudus can set on an admin user. */
export const nexudusCapabilities = ["displayName", "email", "password", "locale", "active", "admin"] as const;
/** A normalized field Nexudus can set: the type that `UserChanges` admits for this adapter. */
export type NexudusCapability = (typeof nexudusCapabilities)[number];

/** The Nexudus adapter's type: its capabilities, its native update (`vendor` escape hatch) and its raw user. */
export type NexudusAdapter = Adapter<"nexudus", NexudusCapability, UserUpdate, User>;

/** Nexudus's eLanguage: the only three languages a user record can hold. */
export const NEXUDUS_LANGUAGES = { "en-US": 1, es: 2, "en-GB": 3 } as const;

/**
 * A BCP 47 tag (`en-US`, `es`, `en-GB`, case-insensitive) → Nexudus's eLanguage number. Any other
 * locale is refused: the facade reports it as an InvalidInputError issue on `locale`.
 */
export function nexudusLanguage(locale: string): 1 | 2 | 3 {
  const found = Object.entries(NEXUDUS_LANGUAGES).find(([tag]) => tag.toLowerCase() === locale.toLowerCase());
  return found ? found[1] : refuse(`Nexudus supports only ${Object.keys(NEXUDUS_LANGUAGES).join(", ")}`);
}

/** Nexudus's eLanguage number → its BCP 47 tag; undefined for no or an unknown language. */
export function nexudusLocale(language: number | null | undefined): string | undefined {
  return Object.entries(NEXUDUS_LANGUAGES).find(([, n]) => n === language)?.[0];
}

/** The Nexudus adapter: maps normalized fields onto @userbridge/nexudus (which does the read-merge-write). */
export function nexudus(options: ClientOptions): NexudusAdapter {
  const client = createClient(options);
  return {
    vendor: "nexudus",
    capabilities: nexudusCapabilities,
    mapping: {
      displayName: (v) => ({ FullName: v }),
      email: (v) => ({ Email: v }),
      password: (v) => ({ NewPassword: v }),
      locale: (v) => ({ Language: nexudusLanguage(v) }),
      active: (v) => ({ Active: v }),
      admin: (v) => ({ IsAdmin: v }),
    },
    normalize: (raw) => ({
      vendor: "nexudus",
      id: String(raw.Id),
      ...defined({
        displayName: raw.FullName,
        email: raw.Email,
        locale: nexudusLocale(raw.Language),
        active: raw.Active,
        admin: raw.IsAdmin,
      }),
      raw,
    }),
    vendorId: integerId,
    ...bindVendor(client, { getUser, findUserByEmail, planUpdate, updateUser }),
    // The search's records lack the list fields (and the facade's `find` returns whole users): read it by id.
    find: async (email, options) => getUser(client, (await findUserByEmail(client, email, options)).Id, options),
  };
}
