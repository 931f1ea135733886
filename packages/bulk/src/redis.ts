/**
 * `@userbridge/bulk/redis`: one vendor budget shared by every process (bulk runs, SCIM gateway
 * instances) that paces the same vendor tenant. The gate's schedule (GCRA with catch-up, the AIMD
 * rate and the throttle pause) lives in one Redis hash per (vendor, tenant) and every step is one
 * Lua script, atomic on the server, timed by the server's clock (`TIME`), so processes on several
 * machines agree on "now". A throttle answer seen by one process pauses and slows all of them.
 */
import { withoutCredentials } from "@userbridge/core/internal";
import { Redis } from "ioredis";
import type { PaceParams, Pacer, Slot } from "./pace.js";

// The same arithmetic as localPace (pace.ts), on the server. Numbers travel as strings: Redis turns
// a Lua number into an integer, and the schedule needs fractions of a millisecond.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local h = redis.call('HMGET', KEYS[1], 'due', 'last', 'paused', 'rate')
local due = tonumber(h[1]) or -1e300
local last = tonumber(h[2]) or -1e300
local paused = tonumber(h[3]) or 0
local target = tonumber(ARGV[1])
local rate = math.min(tonumber(h[4]) or target, target)
local ttl = tonumber(ARGV[2])
local function keep(...)
  redis.call('HSET', KEYS[1], ...)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
`;

const SCRIPTS = {
  /** ARGV: target, ttl, catchUp, minGap → { wait ms, rate } */
  ubPaceSlot: `${NOW}
local catchUp = tonumber(ARGV[3])
local minGap = tonumber(ARGV[4])
local interval = 60000 / rate
local at = math.max(due, last + interval * minGap, paused)
if at > now then return { tostring(at - now), tostring(rate) } end
keep('due', tostring(math.max(due, now - interval * catchUp) + interval), 'last', tostring(now), 'rate', tostring(rate))
return { '0', tostring(rate) }`,
  /** ARGV: target, ttl, retryAfterMs → rate */
  ubPaceThrottle: `${NOW}
rate = math.max(target / 16, rate / 2)
keep('paused', tostring(math.max(paused, now + tonumber(ARGV[3]))), 'rate', tostring(rate))
return tostring(rate)`,
  /** ARGV: target, ttl → rate */
  ubPaceRecover: `${NOW}
rate = math.min(target, rate + target / 50)
keep('rate', tostring(rate))
return tostring(rate)`,
  /** ARGV: target, ttl → 'ok' */
  ubPaceWarm: `${NOW}
if due < now then keep('due', tostring(now)) end
return 'ok'`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type Scripted = Redis & Record<ScriptName, (key: string, ...args: (string | number)[]) => Promise<unknown>>;

/** Redis could not be reached when a shared budget was asked for: nothing was started. */
export class SharedPacingUnavailableError extends Error {
  override readonly name = "SharedPacingUnavailableError";
}

/** Options of {@link connectSharedPacing}. */
export interface SharedPacingOptions {
  /** Prefix of the keys (default `userbridge:pace:`). */
  keyPrefix?: string;
  /** How long to try to reach Redis at start (default 3000 ms). */
  connectTimeoutMs?: number;
  /** How long an idle vendor's schedule is kept (default 10 minutes). */
  idleTtlMs?: number;
}

/** A connection to Redis handing out one shared {@link Pacer} per (vendor, tenant). */
export interface SharedPacing {
  /** The schedule of this vendor tenant (tenant: the base URL), shared with every process using the same Redis. */
  pacer(vendor: string, tenant: string): Pacer;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0` (never a password in a message). */
export const redisLocation = (url: string): string => withoutCredentials(url, "(an invalid Redis URL)");

/**
 * Connects to Redis and checks it answers: fails closed with {@link SharedPacingUnavailableError}
 * when it does not (a run must not silently pace itself alone). Later failures are the gate's to
 * wait out: a pacer call that fails is asked again with backoff (`GateOptions.onPacerError`).
 */
export async function connectSharedPacing(url: string, options: SharedPacingOptions = {}): Promise<SharedPacing> {
  const where = redisLocation(url);
  let redis: Scripted;
  try {
    redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 3000,
      // Fail each command at once while disconnected: the gate waits and asks again, so a slot is
      // never taken from a stale queue.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(2000, 50 * 2 ** times),
    }) as Scripted;
  } catch (error) {
    throw new SharedPacingUnavailableError(`invalid Redis URL ${where}: ${(error as Error).message}`, { cause: error });
  }
  // Reported through the failing calls, not as an unhandled event; the first one names the cause.
  let first: (Error & { code?: string }) | undefined;
  redis.on("error", (error: Error) => {
    first ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const cause = first ?? (error as Error & { code?: string });
    const reason = cause.code ?? cause.message;
    throw new SharedPacingUnavailableError(
      `Redis at ${where} is unreachable (${reason}): the vendors' shared budget cannot be kept, so nothing was sent`,
      { cause },
    );
  }
  first = undefined;
  for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 1, lua });
  const prefix = options.keyPrefix ?? "userbridge:pace:";
  const ttl = options.idleTtlMs ?? 600_000;

  return {
    pacer(vendor, tenant) {
      const key = `${prefix}${vendor}:${tenant}`;
      return {
        shared: true,
        async slot({ target, catchUp, minGap }: PaceParams): Promise<Slot> {
          const [wait, rate] = (await redis.ubPaceSlot(key, target, ttl, catchUp, minGap)) as string[];
          return { wait: Number(wait), rate: Number(rate) };
        },
        async throttle(retryAfterMs, target) {
          return Number(await redis.ubPaceThrottle(key, target, ttl, retryAfterMs));
        },
        async recover(target) {
          return Number(await redis.ubPaceRecover(key, target, ttl));
        },
        async warm() {
          await redis.ubPaceWarm(key, 1, ttl);
        },
      };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
