/**
 * Node-only parts of the gateway (`@userbridge/scim/node`): the embedded file store and a node:http
 * server for the runtime-neutral handler.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import initSqlJs, { type Database } from "sql.js";
import { type ScimStore, StoreConflictError, type StoredState, storeKey } from "./store.js";

/**
 * A ScimStore in one SQLite file (sql.js: SQLite compiled to WebAssembly, nothing to build or
 * download at install). Created on first use with its directory; every write is saved to the file
 * at once (written beside it, then renamed over it). One process per file: the database is held in
 * memory and written whole, so two processes on one file would overwrite each other's changes.
 */
export class FileScimStore implements ScimStore {
  readonly #file: string;
  #db: Promise<Database> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.#file = file;
  }

  #open(): Promise<Database> {
    this.#db ??= (async () => {
      const SQL = await initSqlJs();
      const db = existsSync(this.#file) ? new SQL.Database(readFileSync(this.#file)) : new SQL.Database();
      db.run(`CREATE TABLE IF NOT EXISTS scim_users (
        vendor TEXT NOT NULL, id TEXT NOT NULL, external_id TEXT, user_name TEXT, user_name_key TEXT,
        PRIMARY KEY (vendor, id));
        CREATE UNIQUE INDEX IF NOT EXISTS scim_users_external_id ON scim_users (vendor, external_id) WHERE external_id IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS scim_users_user_name ON scim_users (vendor, user_name_key) WHERE user_name_key IS NOT NULL;`);
      // A file written before tombstones (RFC 7644 §3.6 deletes) gets the column.
      const columns = db.exec("PRAGMA table_info(scim_users)")[0]?.values.map((row) => row[1]) ?? [];
      const upgrade = !columns.includes("deleted");
      if (upgrade) db.run("ALTER TABLE scim_users ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0");
      if (!existsSync(this.#file) || upgrade) this.#save(db);
      return db;
    })();
    return this.#db;
  }

  #save(db: Database): void {
    mkdirSync(dirname(this.#file), { recursive: true });
    const temp = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temp, db.export());
    renameSync(temp, this.#file);
  }

  /** Runs one operation at a time (reads included, so that none sees a half-done write). */
  #run<T>(op: (db: Database) => T): Promise<T> {
    const next = this.#queue.then(async () => op(await this.#open()));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #one(db: Database, sql: string, params: (string | null)[]): Record<string, unknown> | undefined {
    const stmt = db.prepare(sql);
    try {
      stmt.bind(params);
      return stmt.step() ? (stmt.getAsObject() as Record<string, unknown>) : undefined;
    } finally {
      stmt.free();
    }
  }

  /** The state kept for one user, if any. */
  get(vendor: string, id: string): Promise<StoredState | undefined> {
    return this.#run((db) => {
      const row = this.#one(db, "SELECT external_id, user_name, deleted FROM scim_users WHERE vendor = ? AND id = ?", [
        vendor,
        id,
      ]);
      if (!row) return undefined;
      const state: StoredState = {};
      if (typeof row.external_id === "string") state.externalId = row.external_id;
      if (typeof row.user_name === "string") state.userName = row.user_name;
      if (row.deleted === 1) state.deleted = true;
      return state;
    });
  }

  /** Replaces one user's state; StoreConflictError when another user holds its externalId or userName. */
  put(vendor: string, id: string, state: StoredState): Promise<void> {
    return this.#run((db) => {
      for (const [field, column] of [
        ["externalId", "external_id"],
        ["userName", "user_name_key"],
      ] as const) {
        const value = state[field];
        if (value === undefined) continue;
        const row = this.#one(db, `SELECT id FROM scim_users WHERE vendor = ? AND ${column} = ? AND id <> ?`, [
          vendor,
          storeKey(field, value),
          id,
        ]);
        if (row) throw new StoreConflictError(field, String(row.id));
      }
      db.run("DELETE FROM scim_users WHERE vendor = ? AND id = ?", [vendor, id]);
      if (state.externalId !== undefined || state.userName !== undefined || state.deleted === true) {
        db.run(
          "INSERT INTO scim_users (vendor, id, external_id, user_name, user_name_key, deleted) VALUES (?, ?, ?, ?, ?, ?)",
          [
            vendor,
            id,
            state.externalId ?? null,
            state.userName ?? null,
            state.userName === undefined ? null : storeKey("userName", state.userName),
            state.deleted === true ? 1 : 0,
          ],
        );
      }
      this.#save(db);
    });
  }

  /** The vendor id holding this externalId (exact) or userName (any case). */
  findBy(vendor: string, field: "externalId" | "userName", value: string): Promise<string | undefined> {
    const column = field === "externalId" ? "external_id" : "user_name_key";
    return this.#run((db) => {
      const row = this.#one(db, `SELECT id FROM scim_users WHERE vendor = ? AND ${column} = ?`, [
        vendor,
        storeKey(field, value),
      ]);
      return row ? String(row.id) : undefined;
    });
  }

  /** Forgets one user. */
  delete(vendor: string, id: string): Promise<void> {
    return this.#run((db) => {
      db.run("DELETE FROM scim_users WHERE vendor = ? AND id = ?", [vendor, id]);
      this.#save(db);
    });
  }

  /** Waits for pending writes and closes the database. */
  async close(): Promise<void> {
    await this.#queue;
    if (this.#db) (await this.#db).close();
    this.#db = undefined;
  }
}

/** What `serve` listens with. */
export interface ServeOptions {
  /** The gateway (createScimHandler). */
  handler: (request: Request) => Promise<Response>;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1 (IdPs reach it through a TLS proxy: see the README). */
  host?: string;
  /** Serve HTTPS with this certificate chain and key (PEM); default plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** A listening gateway. */
export interface ScimServer {
  /** http://host:port */
  url: string;
  /** The node:http server. */
  server: Server;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Serves the handler on node:http; resolves once it listens. */
export function serve(options: ServeOptions): Promise<ScimServer> {
  const host = options.host ?? "127.0.0.1";
  const scheme = options.tls ? "https" : "http";
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const origin = `${scheme}://${req.headers.host ?? host}`;
    let request: Request;
    try {
      request = toRequest(req, origin);
    } catch {
      res.writeHead(400).end();
      return;
    }
    options
      .handler(request)
      .then((response) => send(res, response))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `${scheme}://${shown}:${port}`,
        server,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((e) => (e ? fail(e) : done()));
          }),
      });
    });
  });
}
