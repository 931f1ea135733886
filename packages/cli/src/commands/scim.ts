/**
 * `userbridge scim serve [--port N] [--host H] [--simulate] [--store file|file:PATH|memory|postgres://…]
 * [--redis URL] [--rate vendor=N/min] [--max-pending N] [--tls-cert F --tls-key F]`: the SCIM 2.0
 * gateway (@userbridge/scim) at `/scim/v2/<vendor>/…` for every vendor connected as for `apply`,
 * each vendor's calls paced through the bulk API's request gate (shared through Redis with
 * `--redis`), one JSON log line per write on stdout, until Ctrl-C or SIGTERM.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { documentedLimits, Gate } from "@userbridge/bulk";
import type { SharedPacing } from "@userbridge/bulk/redis";
import { oneLine } from "@userbridge/core/internal";
import {
  createScimHandler,
  fromConnected,
  MemoryScimStore,
  type ScimBackend,
  type ScimLogEntry,
  type ScimStore,
} from "@userbridge/scim";
import { FileScimStore, serve } from "@userbridge/scim/node";
import { connect } from "@userbridge/unified";
import { parseRates } from "../args.js";
import { type Connection, type Connections, clientOptions, resolveConnections } from "../config.js";
import { type Io, verboseFetch } from "../io.js";
import { connectRedisPacing, redisUrlOf } from "../redis.js";
import { type StartedSimulator, startSimulators } from "../simulators.js";
import { UsageError, type VendorName, vendorNames } from "../vendors.js";

/** The options of `userbridge scim serve`, as parsed from the command line. */
export interface ScimServeFlags {
  port?: string;
  host?: string;
  simulate?: boolean;
  store?: string;
  redis?: string;
  rate?: string[];
  maxPending?: string;
  tlsCert?: string;
  tlsKey?: string;
  verbose?: boolean;
  config?: string;
}

/** The default file store, in the working directory. */
export const DEFAULT_STORE_FILE = "userbridge-scim.sqlite";
/** The environment variable holding the gateway's bearer tokens (comma-separated, for rotation). */
export const TOKENS_ENV = "USERBRIDGE_SCIM_TOKENS";

function whole(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new UsageError(`${name} ${value}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** The gateway's tokens: from USERBRIDGE_SCIM_TOKENS, or (with --simulate) one generated for this run. */
function gatewayTokens(io: Io, simulate: boolean): { tokens: string[]; generated?: string } {
  const tokens = (io.env[TOKENS_ENV] ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.some((t) => t.length < 16))
    throw new UsageError(`${TOKENS_ENV}: every token must be at least 16 characters (values not shown)`);
  if (tokens.length > 0) return { tokens };
  if (!simulate)
    throw new UsageError(
      `set ${TOKENS_ENV} to the bearer token(s) the identity provider will send (comma-separated, ≥ 16 characters each), e.g. ${TOKENS_ENV}=$(openssl rand -hex 24)`,
    );
  const generated = randomBytes(24).toString("base64url");
  return { tokens: [generated], generated };
}

/** `--store`: where externalId is kept. With --simulate the default is memory (the simulators are). */
async function openStore(
  spec: string | undefined,
  io: Io,
  simulate: boolean,
): Promise<{ store: ScimStore; shown: string }> {
  const value = spec ?? (simulate ? "memory" : "file");
  if (value === "memory") {
    return { store: new MemoryScimStore(), shown: "memory" };
  }
  if (value === "file" || value.startsWith("file:")) {
    const file = resolve(io.cwd, value === "file" ? DEFAULT_STORE_FILE : value.slice(5));
    return { store: new FileScimStore(file), shown: `file ${file}` };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    const { PostgresScimStore } = await import("@userbridge/scim/postgres");
    let store: ScimStore;
    try {
      store = await PostgresScimStore.connect(value);
    } catch (error) {
      throw new UsageError(`--store: ${oneLine((error as Error).message)}`);
    }
    const u = new URL(value);
    return { store, shown: `postgres ${u.host}${u.pathname}` };
  }
  throw new UsageError(`--store ${value}: expected file, file:<path>, memory or a postgres://… URL`);
}

/** Each vendor's adapter factory in `@userbridge/unified/<vendor>`. */
const FACTORY: Record<VendorName, string> = {
  "snipe-it": "snipeIt",
  zluri: "zluri",
  onlyoffice: "onlyoffice",
  nexudus: "nexudus",
  "sailpoint-nerm": "sailpointNerm",
};

/**
 * The facade over a vendor with its lifecycle verbs (create, list, delete) where its adapter has
 * them (`<factory>Lifecycle`), else the update-only adapter: the gateway then answers 501 for them.
 */
async function connectLifecycle(vendor: VendorName, options: Record<string, unknown>) {
  const specifier = `@userbridge/unified/${vendor}`;
  const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  const factory = (module[`${FACTORY[vendor]}Lifecycle`] ?? module[FACTORY[vendor]]) as (o: unknown) => never;
  return connect(factory(options)) as unknown as Parameters<typeof fromConnected>[0];
}

/** One vendor behind its request gate (the bulk API's pacing; shared through Redis when given). */
async function backendFor(
  c: Connection,
  perMinute: number,
  io: Io,
  flags: ScimServeFlags,
  pacing: SharedPacing | undefined,
): Promise<ScimBackend> {
  const base = flags.verbose ? verboseFetch(c.vendor, io.stderr) : undefined;
  const gate = new Gate(c.vendor, {
    perMinute,
    ...(base ? { fetch: base } : {}),
    ...(pacing
      ? {
          pacer: pacing.pacer(c.vendor, c.url),
          onPacerError: (error: unknown, retryInMs: number) =>
            io.stderr.write(
              `userbridge: ${c.vendor}: the shared budget (Redis) failed (${oneLine((error as Error)?.message ?? String(error))}); waiting ${retryInMs} ms\n`,
            ),
        }
      : {}),
  });
  try {
    return fromConnected(await connectLifecycle(c.vendor, { ...clientOptions(c), fetch: gate.fetch }));
  } catch (error) {
    throw new UsageError(`${c.vendor} (${c.source}): ${(error as Error).message}`);
  }
}

/** The log line of one write: time, vendor, SCIM operation, vendor id, outcome, duration, token index. */
export function logLine(entry: ScimLogEntry): string {
  return `${JSON.stringify({
    time: entry.time,
    vendor: entry.vendor,
    operation: entry.operation,
    id: entry.id ?? null,
    status: entry.status,
    outcome: entry.status < 400 ? "ok" : entry.status === 429 ? "busy" : "error",
    durationMs: entry.durationMs,
    token: entry.token,
  })}\n`;
}

const untilStopped = (stop: AbortSignal | undefined) =>
  new Promise<void>((done) => {
    if (stop) {
      if (stop.aborted) done();
      else stop.addEventListener("abort", () => done(), { once: true });
      return;
    }
    process.once("SIGINT", () => done());
    process.once("SIGTERM", () => done());
  });

/** `userbridge scim serve`: resolves to the exit code once stopped (0), or throws a UsageError at start. */
export async function scimServe(flags: ScimServeFlags, io: Io, stop?: AbortSignal): Promise<number> {
  // 1. Everything that can be refused, before anything listens.
  const simulate = !!flags.simulate;
  const port = whole(flags.port, "--port", 0, 65_535, 8080);
  const host = flags.host ?? "127.0.0.1";
  const rates = parseRates(flags.rate ?? []);
  const maxPending = whole(flags.maxPending, "--max-pending", 1, 100_000, 50);
  if (!!flags.tlsCert !== !!flags.tlsKey) throw new UsageError("--tls-cert and --tls-key go together");
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (flags.tlsCert && flags.tlsKey) {
    try {
      tls = { cert: readFileSync(resolve(io.cwd, flags.tlsCert)), key: readFileSync(resolve(io.cwd, flags.tlsKey)) };
    } catch (error) {
      throw new UsageError(`--tls-cert/--tls-key: cannot read (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  const { tokens, generated } = gatewayTokens(io, simulate);
  let sims: StartedSimulator[] = [];
  let connections: Connections;
  if (simulate) {
    connections = {};
    sims = await startSimulators(vendorNames);
    for (const s of sims) connections[s.vendor] = { vendor: s.vendor, url: s.url, token: s.token, source: "simulator" };
  } else {
    connections = resolveConnections({ cwd: io.cwd, env: io.env, configFile: flags.config });
  }
  const served = vendorNames.filter((v) => connections[v]) as VendorName[];
  const cleanup: (() => Promise<unknown>)[] = [async () => Promise.all(sims.map((s) => s.sim.stop()))];
  const closeAll = async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  };
  try {
    if (served.length === 0)
      throw new UsageError(
        "no vendor connection: add userbridge.config.json or USERBRIDGE_<VENDOR>_URL/_TOKEN (or try --simulate)",
      );
    const redisUrl = redisUrlOf(flags.redis, io.env);
    const pacing = redisUrl ? await connectRedisPacing(redisUrl) : undefined;
    if (pacing) cleanup.push(() => pacing.close());
    const { store, shown } = await openStore(flags.store, io, simulate);
    cleanup.push(async () => store.close?.());

    // 2. The gateway.
    const vendors: Record<string, ScimBackend> = {};
    for (const v of served) {
      const c = connections[v] as Connection;
      const backend = await backendFor(c, rates[v] ?? documentedLimits[v].perMinute, io, flags, pacing);
      vendors[v] = backend;
    }
    const handler = createScimHandler({
      vendors,
      tokens,
      store,
      maxPending,
      log: (entry) => io.stdout.write(logLine(entry)),
    });
    const server = await serve({ handler, port, host, ...(tls ? { tls } : {}) }).catch(
      (error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot listen on ${host}:${port} (${error.code ?? error.message})`);
      },
    );
    cleanup.push(() => server.close());

    // 3. Say where, then serve until stopped.
    if (generated) io.stdout.write(`token ${generated}\n`);
    for (const v of served) io.stdout.write(`scim ${v} ${server.url}/scim/v2/${v}\n`);
    io.stderr.write(
      `userbridge scim: ${served.length} vendor(s) on ${server.url} (store: ${shown}; pacing: ${pacing ? "shared through Redis" : "this process"}${simulate ? "; simulators, documented limits on" : ""}); health at ${server.url}/health; Ctrl-C to stop\n`,
    );
    await untilStopped(stop);
    io.stderr.write("userbridge scim: stopping\n");
    return 0;
  } finally {
    await closeAll();
  }
}
