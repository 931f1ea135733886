/**
 * `@userbridge/scim/postgres` (Node): the gateway's {@link ScimStore} in PostgreSQL, for several
 * gateway instances behind a load balancer. They then agree on every `externalId` and `userName`:
 * a unique index per (vendor, externalId) and per (vendor, lower-cased userName) makes it
 * impossible for two instances to map one value to two users, whatever the timing. The table is
 * created by a migration run at start, under an advisory lock so that instances starting together
 * do not race.
 */
import { withoutCredentials } from "@userbridge/core/internal";
import pg from "pg";
import { type ScimStore, StoreBusyError, StoreConflictError, type StoredState, storeKey } from "./store.js";

/** Options of {@link PostgresScimStore.connect}. */
export interface PostgresStoreOptions {
  /** Table name (default `userbridge_scim_users`), in the connection's search path. */
  table?: string;
  /** Connections kept open (default 4). */
  maxConnections?: number;
  /**
   * Connections for create claims (default 16): each create in flight holds one while it checks
   * and creates; further creates wait for one.
   */
  claimConnections?: number;
  /** How long a create waits for another instance's claim on the same person (default 30,000 ms). */
  claimWaitMs?: number;
}

const MIGRATIONS = (table: string) => [
  // 1: one row per (vendor, user); externalId exact, userName unique without regard to case.
  `CREATE TABLE IF NOT EXISTS ${table} (
     vendor text NOT NULL,
     id text NOT NULL,
     external_id text,
     user_name text,
     user_name_key text,
     PRIMARY KEY (vendor, id))`,
  `CREATE UNIQUE INDEX IF NOT EXISTS ${table}_external_id ON ${table} (vendor, external_id) WHERE external_id IS NOT NULL`,
  `CREATE UNIQUE INDEX IF NOT EXISTS ${table}_user_name ON ${table} (vendor, user_name_key) WHERE user_name_key IS NOT NULL`,
  // 2: tombstones (RFC 7644 §3.6: a user deleted through SCIM whom the vendor keeps, inactive, is 404);
  // upgrades a table created by migration 1.
  `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false`,
];

/** postgres://user:secret@host/db → postgres://host/db (never a password in a message). */
const where = (url: string): string => withoutCredentials(url, "(an invalid PostgreSQL URL)");

const COLUMNS = { externalId: "external_id", userName: "user_name_key" } as const;

/** The gateway's state in PostgreSQL: the same contract as the embedded stores. */
export class PostgresScimStore implements ScimStore {
  readonly #pool: pg.Pool;
  readonly #claims: pg.Pool;
  readonly #table: string;
  readonly #claimWaitMs: number;

  private constructor(pool: pg.Pool, claims: pg.Pool, table: string, claimWaitMs: number) {
    this.#pool = pool;
    this.#claims = claims;
    this.#table = table;
    this.#claimWaitMs = claimWaitMs;
  }

  /**
   * Connects, checks the server answers and runs the migration. Throws an Error naming the server
   * (without the password) when it cannot be reached: a gateway must not start without its store.
   */
  static async connect(url: string, options: PostgresStoreOptions = {}): Promise<PostgresScimStore> {
    const table = options.table ?? "userbridge_scim_users";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) throw new RangeError(`invalid table name ${JSON.stringify(table)}`);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: 5000,
    });
    pool.on("error", () => {}); // an idle connection lost: the next query reconnects or fails typed
    try {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock(hashtext($1))", [table]);
        for (const sql of MIGRATIONS(table)) await client.query(sql);
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [table]);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => {});
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      throw new Error(`the SCIM store at ${where(url)} cannot be used (${reason})`, { cause: error });
    }
    // Claims hold a connection for a whole create: a pool of their own, so that the store's queries
    // made during the create never wait for a connection a claim holds.
    const claims = new pg.Pool({
      connectionString: url,
      max: options.claimConnections ?? 16,
      connectionTimeoutMillis: 5000,
    });
    claims.on("error", () => {});
    return new PostgresScimStore(pool, claims, table, Math.max(1, Math.floor(options.claimWaitMs ?? 30_000)));
  }

  /** The state kept for one user, if any. */
  async get(vendor: string, id: string): Promise<StoredState | undefined> {
    const { rows } = await this.#pool.query<{ external_id: string | null; user_name: string | null; deleted: boolean }>(
      `SELECT external_id, user_name, deleted FROM ${this.#table} WHERE vendor = $1 AND id = $2`,
      [vendor, id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const state: StoredState = {};
    if (row.external_id !== null) state.externalId = row.external_id;
    if (row.user_name !== null) state.userName = row.user_name;
    if (row.deleted) state.deleted = true;
    return state;
  }

  /**
   * Replaces one user's state in one transaction; StoreConflictError when another user holds its
   * externalId or userName: found first, or refused by the unique index when another instance
   * took it in between.
   */
  async put(vendor: string, id: string, state: StoredState): Promise<void> {
    const client = await this.#pool.connect();
    let refused: unknown;
    try {
      await client.query("BEGIN");
      await client.query(`DELETE FROM ${this.#table} WHERE vendor = $1 AND id = $2`, [vendor, id]);
      if (state.externalId !== undefined || state.userName !== undefined || state.deleted === true) {
        await client.query(
          `INSERT INTO ${this.#table} (vendor, id, external_id, user_name, user_name_key, deleted) VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            vendor,
            id,
            state.externalId ?? null,
            state.userName ?? null,
            state.userName === undefined ? null : storeKey("userName", state.userName),
            state.deleted === true,
          ],
        );
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      if ((error as { code?: string }).code !== "23505") throw error;
      refused = error;
    } finally {
      client.release();
    }
    // Unique violation: name the holder (with the connection given back, so a full pool cannot deadlock).
    if (refused) throw await this.#conflict(vendor, id, state, refused);
  }

  /** Which value another user holds (the unique index said one does). */
  async #conflict(vendor: string, id: string, state: StoredState, cause: unknown): Promise<Error> {
    for (const field of ["externalId", "userName"] as const) {
      const value = state[field];
      if (value === undefined) continue;
      const holder = await this.findBy(vendor, field, value);
      if (holder !== undefined && holder !== id) return new StoreConflictError(field, holder);
    }
    // The holder let go in between: still a conflict at the time of the write.
    const constraint = String((cause as { constraint?: string }).constraint ?? "");
    return new StoreConflictError(constraint.endsWith("_user_name") ? "userName" : "externalId", "(another user)");
  }

  /** The vendor id holding this externalId (exact) or userName (any case). */
  async findBy(vendor: string, field: "externalId" | "userName", value: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ id: string }>(
      `SELECT id FROM ${this.#table} WHERE vendor = $1 AND ${COLUMNS[field]} = $2`,
      [vendor, storeKey(field, value)],
    );
    return rows[0]?.id;
  }

  /** Forgets one user. */
  async delete(vendor: string, id: string): Promise<void> {
    await this.#pool.query(`DELETE FROM ${this.#table} WHERE vendor = $1 AND id = $2`, [vendor, id]);
  }

  /**
   * Runs `work` holding a transaction-level advisory lock per key (`pg_advisory_xact_lock`, keyed
   * by the table and vendor:key, taken in one order so that two claims cannot deadlock). Every
   * instance sharing the database waits for it; an instance that dies mid-create loses its
   * connection, and PostgreSQL releases its locks at once (no lease to expire). Waiting longer than
   * `claimWaitMs` (lock_timeout) is a {@link StoreBusyError}.
   */
  async exclusive<T>(vendor: string, keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const client = await this.#claims.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('lock_timeout', $1, true)", [`${this.#claimWaitMs}ms`]);
      const { rows } = await client.query<{ k: number }>(
        "SELECT DISTINCT hashtext($1 || ':' || key) AS k FROM unnest($2::text[]) AS key ORDER BY k",
        [vendor, [...keys]],
      );
      for (const { k } of rows) {
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1), $2)", [this.#table, k]).catch((error) => {
          if ((error as { code?: string }).code !== "55P03") throw error;
          throw new StoreBusyError(
            `the create claim on this ${vendor} user was not free within ${this.#claimWaitMs} ms`,
          );
        });
      }
      return await work();
    } finally {
      // The transaction held nothing but the locks: its end releases them.
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      client.release(broken);
    }
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await Promise.all([this.#pool.end(), this.#claims.end()]);
  }
}
