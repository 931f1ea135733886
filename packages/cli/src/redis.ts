/**
 * `--redis URL` (or USERBRIDGE_REDIS_URL): every vendor's pacing shared through Redis with the other
 * processes pacing the same vendor tenant (@userbridge/bulk/redis). Unreachable at start: a usage
 * error (exit 2), nothing sent; never a silent fall back to pacing alone.
 */
import type { SharedPacing } from "@userbridge/bulk/redis";
import { UsageError } from "./vendors.js";

/** The environment variable naming the Redis server when --redis is not given. */
export const REDIS_ENV = "USERBRIDGE_REDIS_URL";

/** The Redis URL to share the vendors' budgets through, if any. */
export function redisUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const url = flag ?? env[REDIS_ENV];
  return url === undefined || url.trim() === "" ? undefined : url.trim();
}

/** Connects, or fails closed with a UsageError that names the server (never its password). */
export async function connectRedisPacing(url: string): Promise<SharedPacing> {
  // Loaded only when asked for: runs without --redis do not load the Redis client.
  const { connectSharedPacing, SharedPacingUnavailableError } = await import("@userbridge/bulk/redis");
  try {
    return await connectSharedPacing(url);
  } catch (error) {
    if (error instanceof SharedPacingUnavailableError) throw new UsageError(`--redis: ${error.message}`);
    throw error;
  }
}
