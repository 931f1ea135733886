import {
  type CallOptions,
  InvalidInputError,
  type Issue,
  type PlannedRequest,
  type RenderedRequest,
  UnappliedChangesError,
  UnsupportedFieldError,
  UserbridgeError,
  wireCopy,
} from "@userbridge/core/internal";
import {
  type Adapter,
  type DeleteOptions,
  type LifecycleAdapter,
  type ListQuery,
  MappingRefusal,
  type NewUser,
} from "./adapter.js";
import { type ExactChanges, FIELD_NAMES, type FieldName, type NormalizedUser, type UserChanges } from "./model.js";

/** A dry run: the exact requests an update would send (headers redacted), none of the writes sent. */
export interface UpdatePreview<V extends string = string> {
  vendor: V;
  /** Requests performed to build the plan (read-merge-write vendors read the record first). */
  reads: RenderedRequest[];
  /** The writes `update` would send, in order. None was sent. */
  writes: RenderedRequest[];
  /** What the vendor package wants the caller to know about this plan (inferred endpoints, extra reads). */
  notes: string[];
}

/**
 * One vendor behind the normalized model, as {@link connect} returns it. Every method throws a
 * `UserbridgeError` subclass: `InvalidInputError` / `UnsupportedFieldError` before any request, the
 * vendor package's errors after. Every method takes per-call options last (`{ signal, timeoutMs, maxRetries }`).
 */
export interface ConnectedUsers<V extends string, Caps extends FieldName, Native, Raw> {
  readonly vendor: V;
  /** The normalized fields this vendor can set. */
  readonly capabilities: readonly Caps[];
  /** Normalized fields a read returns that this vendor cannot set (the adapter's `readOnly`). */
  readonly readOnly: readonly FieldName[];
  /** How the vendor signs people in: by its own login name (`username`) or by `email` (the adapter's `signsInBy`). */
  readonly signsInBy: "username" | "email";
  /** Normalized fields every user of this vendor has; an update that clears one is refused (the adapter's `mandatory`). */
  readonly mandatory: readonly FieldName[];
  /** Reads a user and normalizes it. Throws NotFoundError for an unknown id. */
  get(id: string, options?: CallOptions): Promise<NormalizedUser<V, Raw>>;
  /**
   * The one user with this email, or with this login name (`username`, where the adapter can look
   * it up: Snipe-IT, SailPoint NERM; elsewhere a UserbridgeError before any request): NotFoundError
   * when none, AmbiguousMatchError (with the ids) when several. Exact and case-insensitive.
   */
  find(query: FindQuery, options?: CallOptions): Promise<NormalizedUser<V, Raw>>;
  /**
   * Applies `changes` (only the fields named; nothing else is cleared) and returns the user as stored.
   * Only the fields this vendor can set compile, whether the changes are an object literal or a variable.
   */
  update<C extends UserChanges<Caps, Native>>(
    id: string,
    changes: ExactChanges<C, V, Caps, Native>,
    options?: CallOptions,
  ): Promise<NormalizedUser<V, Raw>>;
  /** Dry run: validates like `update` and returns the exact requests it would send; sends no write. */
  plan<C extends UserChanges<Caps, Native>>(
    id: string,
    changes: ExactChanges<C, V, Caps, Native>,
    options?: CallOptions,
  ): Promise<UpdatePreview<V>>;
}

/** What `find` looks a user up by: exactly one of `email` and `username`. */
export type FindQuery = { email: string; username?: never } | { username: string; email?: never };

/**
 * The verbs a lifecycle adapter adds: `create` (the vendor's required fields required),
 * `planCreate`, `list`; and `delete`/`planDelete` only where the vendor can delete (`D`): for a
 * vendor that cannot, they are `never` and a call does not compile.
 */
export type ConnectedLifecycle<
  V extends string,
  Req extends FieldName,
  Opt extends FieldName,
  CreateNative,
  Raw,
  ListRaw,
  D extends boolean,
> = {
  /**
   * Creates a user and returns it as stored. Never created twice: after a lost answer the vendor
   * package looks the user up by its unique key before sending the create again.
   */
  create(input: NewUser<Req, Opt, CreateNative>): Promise<NormalizedUser<V, Raw>>;
  /** Dry run of `create`: the exact request it would send; nothing sent. */
  planCreate(input: NewUser<Req, Opt, CreateNative>): Promise<UpdatePreview<V>>;
  /**
   * Every user (filtered by `email` and `active`), lazily, one page at a time. The vendor filters
   * what it can; a filter it cannot apply costs a full listing filtered here (see the adapter).
   */
  list(query?: ListQuery): AsyncIterable<NormalizedUser<V, ListRaw>>;
} & (D extends true
  ? {
      /**
       * Deletes a user (the vendor package's `deleteUser`, its preconditions checked there).
       * `deactivateFirst`: ONLYOFFICE deletes only a terminated user; this terminates it first.
       */
      delete(id: string, options?: DeleteOptions): Promise<void>;
      /** Dry run of `delete` (with the same options); nothing sent. */
      planDelete(id: string, options?: DeleteOptions): Promise<UpdatePreview<V>>;
    }
  : { delete?: never; planDelete?: never });

const KNOWN = new Set<string>(FIELD_NAMES);
const BOOLEAN_FIELDS = new Set<string>(["active", "admin"]);

/** Splits changes into what `capabilities` can set and what it cannot (for callers that want to skip). */
export function splitByCapability<C extends FieldName>(
  changes: Partial<Record<FieldName, unknown>> & { vendor?: unknown },
  capabilities: readonly C[],
): { supported: Partial<Record<C, unknown>> & { vendor?: unknown }; skipped: FieldName[] } {
  const supported: Record<string, unknown> = {};
  const skipped: FieldName[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (key === "vendor" || (capabilities as readonly string[]).includes(key)) supported[key] = value;
    else skipped.push(key as FieldName);
  }
  return { supported: supported as Partial<Record<C, unknown>> & { vendor?: unknown }, skipped };
}

/**
 * The facade over one adapter. `update`'s changes admit only the fields the adapter supports; from
 * JavaScript, any other field is an UnsupportedFieldError (all of them listed) before any request.
 * A lifecycle adapter (`nexudusLifecycle(…)`, …) adds `create`, `list` and, where the vendor can,
 * `delete` (see {@link ConnectedLifecycle}).
 */
export function connect<
  V extends string,
  Caps extends FieldName,
  Native,
  Raw,
  Req extends FieldName,
  Opt extends FieldName,
  CreateNative,
  ListRaw,
  D extends boolean,
>(
  adapter: LifecycleAdapter<V, Caps, Native, Raw, Req, Opt, CreateNative, ListRaw, D>,
): ConnectedUsers<V, Caps, Native, Raw> & ConnectedLifecycle<V, Req, Opt, CreateNative, Raw, ListRaw, D>;
export function connect<V extends string, Caps extends FieldName, Native, Raw>(
  adapter: Adapter<V, Caps, Native, Raw>,
): ConnectedUsers<V, Caps, Native, Raw>;
export function connect<V extends string, Caps extends FieldName, Native, Raw>(
  adapter: Adapter<V, Caps, Native, Raw>,
): ConnectedUsers<V, Caps, Native, Raw> {
  const { vendor, capabilities } = adapter;
  const can = new Set<string>(capabilities);

  function vendorId(id: string, operation: string): string | number {
    const result =
      typeof id === "string" ? adapter.vendorId(id) : { issues: [{ path: "id", message: "must be a string" }] };
    if ("issues" in result) throw new InvalidInputError(result.issues, { vendor, operation });
    return result.id;
  }

  /** Normalized changes → the vendor's update, refusing every problem at once. */
  function toVendor(changes: UserChanges<Caps, Native>, operation: string, from: Record<string, string> = {}): Native {
    // Plain data only, read once: a non-object, a throwing getter or Proxy, a Date or a class
    // instance is an InvalidInputError naming its path (core's wireCopy), never a raw TypeError.
    const input = wireCopy(changes, { vendor, operation }) as Record<string, unknown>;
    const unsupported = Object.keys(input).filter((k) => k !== "vendor" && KNOWN.has(k) && !can.has(k));
    if (unsupported.length > 0) throw new UnsupportedFieldError(unsupported, { vendor, operation });
    const issues: Issue[] = [];
    for (const key of Object.keys(input)) {
      if (key !== "vendor" && !KNOWN.has(key)) issues.push({ path: key, message: "is not a normalized field" });
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      if (key === "vendor" || !can.has(key)) continue;
      const expected = BOOLEAN_FIELDS.has(key) ? "boolean" : "string";
      if (typeof value !== expected) {
        issues.push({ path: key, message: `must be a ${expected}` });
        continue;
      }
      let mapped: Record<string, unknown>;
      try {
        mapped = (adapter.mapping as Record<string, (v: unknown) => Record<string, unknown>>)[key]?.(value) ?? {};
      } catch (error) {
        if (!(error instanceof MappingRefusal)) throw error;
        issues.push({ path: key, message: error.message });
        continue;
      }
      for (const [field, v] of Object.entries(mapped)) {
        if (field in from && JSON.stringify(out[field]) !== JSON.stringify(v)) {
          issues.push({ path: key, message: `conflicts with ${from[field]} (both set ${vendor} "${field}")` });
        }
        out[field] = v;
        from[field] = key;
      }
    }
    const native = input.vendor;
    if (native !== undefined) {
      if (typeof native !== "object" || native === null || Array.isArray(native)) {
        issues.push({ path: "vendor", message: "must be an object of the vendor's own fields" });
      } else {
        for (const [field, v] of Object.entries(native)) {
          if (field in from) issues.push({ path: `vendor.${field}`, message: `is also set by ${from[field]}` });
          out[field] = v;
          from[field] = `vendor.${field}`;
        }
      }
    }
    if (issues.length > 0) throw new InvalidInputError(issues, { vendor, operation });
    return out as Native;
  }

  /** A vendor's UnappliedChangesError in normalized terms: field names, values and the user. */
  function normalizedUnapplied(
    error: UnappliedChangesError,
    changes: UserChanges<Caps, Native>,
    from: Record<string, string>,
  ): UnappliedChangesError {
    const user = adapter.normalize(error.user as Raw) as unknown as Record<string, unknown>;
    const asked = changes as Record<string, unknown>;
    const seen = new Set<string>();
    const fields = error.fields.flatMap(({ field, requested, stored }) => {
      const name = from[field] ?? field;
      if (seen.has(name)) return [];
      seen.add(name);
      // A normalized field: what the caller asked and the normalized user's value; a native one as the vendor's.
      return name.startsWith("vendor.") || !(name in asked)
        ? [{ field: name, requested, stored }]
        : [{ field: name, requested: asked[name], stored: user[name] }];
    });
    const skipped = error.skipped.map((f) => from[f] ?? f);
    return new UnappliedChangesError(fields, user, { vendor, operation: "update", skipped, cause: error });
  }

  const render = async (plan: { reads: PlannedRequest[]; writes: PlannedRequest[]; notes: string[] }) => {
    const all = (list: PlannedRequest[]) => Promise.all(list.map((r) => adapter.render(r)));
    return { vendor, reads: await all(plan.reads), writes: await all(plan.writes), notes: plan.notes };
  };
  const users: ConnectedUsers<V, Caps, Native, Raw> = {
    vendor,
    capabilities,
    readOnly: adapter.readOnly,
    signsInBy: adapter.signsInBy,
    mandatory: adapter.mandatory,
    async get(id, options) {
      return adapter.normalize(await adapter.get(vendorId(id, "get"), options));
    },
    async find(query, options) {
      let email: unknown;
      let username: unknown;
      try {
        ({ email, username } = query); // a throwing getter or no object: no value, refused as such
      } catch {}
      // By username when given one alone; else by email (a missing or malformed one refused there, nothing sent).
      const find = username === undefined ? adapter.find : email === undefined && adapter.findByUsername;
      if (!find)
        throw new UserbridgeError(`${vendor} cannot find users by ${Object.keys(query)}`, {
          vendor,
          operation: "find",
        });
      return adapter.normalize(await find((email ?? username) as string, options));
    },
    async update(id, changes, options) {
      const from: Record<string, string> = {};
      const native = toVendor(changes, "update", from);
      try {
        return adapter.normalize(await adapter.update(vendorId(id, "update"), native, options));
      } catch (error) {
        throw error instanceof UnappliedChangesError ? normalizedUnapplied(error, changes, from) : error;
      }
    },
    async plan(id, changes, options) {
      const native = toVendor(changes, "plan");
      return render(await adapter.plan(vendorId(id, "plan"), native, options));
    },
  };
  // The lifecycle verbs come with the adapter (its `verbs`), not from this module.
  const life = (adapter as Partial<LifecycleAdapter<V, Caps, Native, Raw, never, never, unknown, unknown, boolean>>)
    .lifecycle;
  return life ? Object.assign(users, life.verbs(adapter as never, vendorId, render)) : users;
}
