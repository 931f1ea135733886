import type { FieldName, NormalizedFields, NormalizedUser } from "@userbridge/unified";

/** Normalized fields to write (only the fields named; the vendor keeps the rest). */
export type FieldChanges = Partial<NormalizedFields>;

/**
 * The verbs the gateway needs from one vendor. {@link fromConnected} builds it from the facade
 * (`connect(adapter)` from @userbridge/unified); the optional verbs answer 501 when absent.
 */
export interface ScimBackend {
  readonly vendor: string;
  /** The normalized fields the vendor can set. */
  readonly capabilities: readonly FieldName[];
  /** Normalized fields `get` returns that the vendor cannot set (advertised `readOnly`). Default none. */
  readonly readOnly?: readonly FieldName[];
  /**
   * What SCIM `userName` is: the vendor's own login name (`username`), or the email where the
   * vendor signs people in by email (userName kept in the ScimStore when it differs). Default:
   * `username` when the vendor can set one, else `email`.
   */
  readonly signsInBy?: "username" | "email";
  /** Fields every user of the vendor has (advertised `required`; a PATCH cannot remove them). Default none. */
  readonly mandatory?: readonly FieldName[];
  /** NotFoundError for an unknown id. */
  get(id: string): Promise<NormalizedUser>;
  /** The one user with this email: NotFoundError when none, AmbiguousMatchError (with the ids) when several. */
  find?(email: string): Promise<NormalizedUser>;
  /**
   * The one user with this login name (same contract as `find`), through the vendor's own filter.
   * Without it, a `userName eq` at a vendor that signs in by username costs a listing of every user.
   */
  findByUsername?(username: string): Promise<NormalizedUser>;
  /** Every user, in the vendor's stable order. */
  list?(): AsyncIterable<NormalizedUser>;
  /** Creates a user; returns it as stored. */
  create?(fields: FieldChanges): Promise<NormalizedUser>;
  /** Applies changes; returns the user as stored. */
  update(id: string, changes: FieldChanges): Promise<NormalizedUser>;
  /** Deletes the user at the vendor. */
  delete?(id: string): Promise<void>;
}

/**
 * The facade's shape as the gateway uses it (`ConnectedUsers` from @userbridge/unified); its
 * lifecycle verbs (`list`, `create`, `delete`) are picked up when present.
 */
export interface ConnectedLike {
  readonly vendor: string;
  readonly capabilities: readonly FieldName[];
  readonly readOnly: readonly FieldName[];
  readonly signsInBy: "username" | "email";
  readonly mandatory: readonly FieldName[];
  /** Reads one user. */
  get(id: string): Promise<NormalizedUser>;
  /**
   * The one user with this email, or this login name (the facade's adapters that sign people in
   * by username look it up through the vendor's filter: Snipe-IT, SailPoint NERM).
   */
  find(query: { email: string } | { username: string }): Promise<NormalizedUser>;
  /** Applies normalized changes (generic over each adapter's fields at the facade: any of them fits here). */
  update(id: string, changes: never): Promise<NormalizedUser>;
  list?: unknown;
  create?: unknown;
  delete?: unknown;
}

type Fn = (...args: unknown[]) => unknown;

/** A ScimBackend over a facade connection (`connect(adapter)` from @userbridge/unified). */
export function fromConnected(users: ConnectedLike): ScimBackend {
  const verbs = users as unknown as Record<string, Fn | undefined>;
  const list = verbs.list;
  const create = verbs.create;
  const remove = verbs.delete;
  return {
    vendor: users.vendor,
    capabilities: users.capabilities,
    readOnly: users.readOnly,
    signsInBy: users.signsInBy,
    mandatory: users.mandatory,
    get: (id) => users.get(id),
    find: (email) => users.find({ email }),
    ...(users.signsInBy === "username" ? { findByUsername: (username: string) => users.find({ username }) } : {}),
    update: (id, changes) => users.update(id, changes as never),
    ...(list ? { list: () => list.call(users) as AsyncIterable<NormalizedUser> } : {}),
    ...(create ? { create: (fields: FieldChanges) => create.call(users, fields) as Promise<NormalizedUser> } : {}),
    ...(remove ? { delete: async (id: string) => void (await remove.call(users, id)) } : {}),
  };
}
