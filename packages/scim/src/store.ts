/**
 * What the gateway keeps that the vendors have no field for: each user's SCIM `externalId`, and the
 * SCIM `userName` at vendors that sign people in by email (when it differs from the email).
 */
export interface StoredState {
  externalId?: string;
  userName?: string;
  /**
   * A tombstone: the user was deleted through SCIM (deleteMode "deactivate": the vendor keeps the
   * record, inactive) and the gateway answers 404 for it (RFC 7644 §3.6). A tombstone holds no
   * externalId or userName: they are free for other users.
   */
  deleted?: true;
}

/** A value another user of the same vendor already holds (`field` is externalId or userName). */
export class StoreConflictError extends Error {
  override readonly name = "StoreConflictError";
  constructor(
    readonly field: "externalId" | "userName",
    readonly holder: string,
  ) {
    super(`${field} is already held by user ${holder}`);
  }
}

/** The store could not give a create claim in time: another instance is creating the same person. */
export class StoreBusyError extends Error {
  override readonly name = "StoreBusyError";
}

/**
 * The gateway's state, per vendor and vendor id. `externalId` is unique per vendor (case-exact,
 * RFC 7643 §3.1); `userName` is unique per vendor without regard to case (§4.1.1, caseExact false).
 * `put` throws StoreConflictError when another id holds either.
 */
export interface ScimStore {
  /** The state kept for one user, if any. */
  get(vendor: string, id: string): Promise<StoredState | undefined>;
  /** Replaces the state of one user (an empty state removes it). */
  put(vendor: string, id: string, state: StoredState): Promise<void>;
  /** The vendor id holding this externalId or userName, if any. */
  findBy(vendor: string, field: "externalId" | "userName", value: string): Promise<string | undefined>;
  /** Forgets one user. */
  delete(vendor: string, id: string): Promise<void>;
  /**
   * Runs `work` holding the create claim on `keys` (the person's userName, externalId and email):
   * in a store shared by several gateway instances, no other instance creates the same person
   * meanwhile (it waits, then finds the user and answers 409). Optional: a store used by one
   * process only needs none (the gateway serializes the creates of one person in its process);
   * throws {@link StoreBusyError} when the claim could not be had in time.
   */
  exclusive?<T>(vendor: string, keys: readonly string[], work: () => Promise<T>): Promise<T>;
  /** Releases what the store holds open (a file, a connection). */
  close?(): Promise<void>;
}

/** The lookup key of a value: userName is compared without regard to case. */
export const storeKey = (field: "externalId" | "userName", value: string): string =>
  field === "userName" ? value.toLowerCase() : value;

/** A ScimStore in memory (tests, and callers that keep nothing across restarts). */
export class MemoryScimStore implements ScimStore {
  readonly #users = new Map<string, StoredState>();
  readonly #index = new Map<string, string>();

  /** The state kept for one user, if any. */
  async get(vendor: string, id: string): Promise<StoredState | undefined> {
    const state = this.#users.get(`${vendor}\u0000${id}`);
    return state ? { ...state } : undefined;
  }

  /** Replaces one user's state; StoreConflictError when another user holds its externalId or userName. */
  async put(vendor: string, id: string, state: StoredState): Promise<void> {
    for (const field of ["externalId", "userName"] as const) {
      const value = state[field];
      if (value === undefined) continue;
      const holder = this.#index.get(`${vendor}\u0000${field}\u0000${storeKey(field, value)}`);
      if (holder !== undefined && holder !== id) throw new StoreConflictError(field, holder);
    }
    // No await between the check and the write: two puts of one value cannot both pass the check.
    this.#forget(vendor, id);
    const kept: StoredState = {};
    for (const field of ["externalId", "userName"] as const) {
      const value = state[field];
      if (value === undefined) continue;
      kept[field] = value;
      this.#index.set(`${vendor}\u0000${field}\u0000${storeKey(field, value)}`, id);
    }
    if (state.deleted === true) kept.deleted = true;
    if (Object.keys(kept).length > 0) this.#users.set(`${vendor}\u0000${id}`, kept);
  }

  /** The vendor id holding this externalId (exact) or userName (any case). */
  async findBy(vendor: string, field: "externalId" | "userName", value: string): Promise<string | undefined> {
    return this.#index.get(`${vendor}\u0000${field}\u0000${storeKey(field, value)}`);
  }

  /** Forgets one user. */
  async delete(vendor: string, id: string): Promise<void> {
    this.#forget(vendor, id);
  }

  #forget(vendor: string, id: string): void {
    const state = this.#users.get(`${vendor}\u0000${id}`);
    if (!state) return;
    for (const field of ["externalId", "userName"] as const) {
      const value = state[field];
      if (value !== undefined) this.#index.delete(`${vendor}\u0000${field}\u0000${storeKey(field, value)}`);
    }
    this.#users.delete(`${vendor}\u0000${id}`);
  }
}
