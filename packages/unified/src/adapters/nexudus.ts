import type { ClientOptions, User, UserCreate, UserSummary, UserUpdate } from "@userbridge/nexudus";
import {
  createClient,
  createUser,
  deleteUser,
  findUserByEmail,
  getUser,
  listUsers,
  planCreate,
  planDelete,
  planUpdate,
  updateUser,
} from "@userbridge/nexudus";
import { type Adapter, bindVendor, defined, integerId, type LifecycleAdapter, refuse } from "../adapter.js";
import { lifecycleVerbs } from "../lifecycle.js";

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
  return nexudusOn(createClient(options));
}

/** A Nexudus user (a whole record or a search result) → the normalized user. */
function normalize<R extends UserSummary>(raw: R) {
  return {
    vendor: "nexudus" as const,
    id: String(raw.Id),
    ...defined({
      displayName: raw.FullName,
      email: raw.Email,
      locale: nexudusLocale(raw.Language),
      active: raw.Active,
      admin: raw.IsAdmin,
    }),
    raw,
  };
}

function nexudusOn(client: ReturnType<typeof createClient>): NexudusAdapter {
  return {
    vendor: "nexudus",
    capabilities: nexudusCapabilities,
    readOnly: [],
    // Nexudus signs people in by email.
    signsInBy: "email",
    // FullName and Email are required (specs/nexudus.yaml, POST /sys/users x-evidence).
    mandatory: ["displayName", "email"],
    mapping: {
      displayName: (v) => ({ FullName: v }),
      email: (v) => ({ Email: v }),
      password: (v) => ({ NewPassword: v }),
      locale: (v) => ({ Language: nexudusLanguage(v) }),
      active: (v) => ({ Active: v }),
      admin: (v) => ({ IsAdmin: v }),
    },
    normalize,
    vendorId: integerId,
    ...bindVendor(client, { getUser, findUserByEmail, planUpdate, updateUser }),
    // The search's records lack the list fields (and the facade's `find` returns whole users): read it by id.
    find: async (email, options) => getUser(client, (await findUserByEmail(client, email, options)).Id, options),
  };
}

/** Normalized fields a Nexudus create requires (FullName and Email), and the others it takes. */
export const nexudusCreateRequired = ["displayName", "email"] as const;
/** The normalized fields a create takes besides the required ones. */
export const nexudusCreateOptional = ["locale", "active", "admin"] as const;

/** The Nexudus adapter with create, list and delete. */
export type NexudusLifecycleAdapter = LifecycleAdapter<
  "nexudus",
  NexudusCapability,
  UserUpdate,
  User,
  (typeof nexudusCreateRequired)[number],
  (typeof nexudusCreateOptional)[number],
  UserCreate,
  UserSummary,
  true
>;

/**
 * The Nexudus adapter with the whole lifecycle: `create` (POST, then the read; looked up by Email
 * after a lost answer), `list` (the vendor filters `email` and `active` itself: `User_Email`,
 * `User_Active`; records are search results, without the list fields), `delete`.
 * A create sends `Language: 1` (en-US) and `Active: true` unless `locale`/`active` say otherwise:
 * a user created without a language holds 0, which no later update accepts, and Nexudus's own
 * default for `Active` is false (inferred).
 */
export function nexudusLifecycle(options: ClientOptions): NexudusLifecycleAdapter {
  const client = createClient(options);
  return {
    ...nexudusOn(client),
    lifecycle: {
      required: nexudusCreateRequired,
      optional: nexudusCreateOptional,
      createMapping: {
        displayName: (v) => ({ FullName: v }),
        email: (v) => ({ Email: v }),
        locale: (v) => ({ Language: nexudusLanguage(v) }),
        active: (v) => ({ Active: v }),
        admin: (v) => ({ IsAdmin: v }),
      },
      createDefaults: { Language: 1, Active: true },
      create: (input) => createUser(client, input),
      planCreate: (input) => planCreate(client, input),
      async *list({ email, active, pageSize, signal }) {
        const query = defined({ User_Email: email, User_Active: active, pageSize, signal });
        for await (const raw of listUsers(client, query)) yield normalize(raw);
      },
      deletes: true,
      remove: (id) => deleteUser(client, id as number),
      planRemove: (id) => planDelete(client, id as number),
      verbs: lifecycleVerbs,
    },
  };
}
