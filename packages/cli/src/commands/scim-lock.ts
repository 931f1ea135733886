/**
 * Gateway instances sharing one PostgreSQL store create each user once. The SCIM handler checks for
 * an existing user before it creates one, but two instances asked at the same moment would both
 * find none; so a create takes a transaction-scoped advisory lock on (vendor, email) in the store's
 * database, looks for the email again under it, and only then creates. The lock is released when the
 * create is answered, or by the server when an instance dies holding it.
 */
import { AmbiguousMatchError, NotFoundError } from "@userbridge/core";
import { type ScimBackend, ScimError } from "@userbridge/scim";
import pg from "pg";

/** Runs `work` while holding the lock named `key` across every instance using the same database. */
export interface CreateLock {
  hold<T>(key: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Advisory locks in the PostgreSQL database at `url`. */
export async function openPostgresLock(url: string, connections = 16): Promise<CreateLock> {
  const pool = new pg.Pool({ connectionString: url, max: connections, connectionTimeoutMillis: 5000 });
  pool.on("error", () => {}); // an idle connection lost: the next hold reconnects or fails
  return {
    async hold(key, work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
        return await work();
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        await client.query("COMMIT").catch(() => (broken = true));
        client.release(broken ? true : undefined);
      }
    },
    close: () => pool.end(),
  };
}

/** `backend` whose create holds the lock of the new user's email and creates only when no user has it. */
export function withCreateLock(backend: ScimBackend, vendor: string, lock: CreateLock): ScimBackend {
  const { create, find } = backend;
  if (!create || !find) return backend;
  return {
    ...backend,
    create: async (fields) => {
      const email = fields.email?.toLowerCase();
      if (!email) return create(fields);
      return lock.hold(`userbridge-scim-create:${vendor}:${email}`, async () => {
        const existing = await find(email).then(
          (u) => [u.id],
          (error: unknown) => {
            if (error instanceof NotFoundError) return [];
            if (error instanceof AmbiguousMatchError) return error.ids;
            throw error; // the vendor could not say: create nothing
          },
        );
        if (existing.length > 0)
          throw new ScimError(
            409,
            `${vendor} already has a User with this email (${existing.join(", ")})`,
            "uniqueness",
          );
        return create(fields);
      });
    },
  };
}
