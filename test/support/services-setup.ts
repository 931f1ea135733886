/**
 * vitest globalSetup of `pnpm test:scale`: real servers on loopback, on free ports, data in a
 * temporary folder, stopped at the end. An already running Redis can be named instead with
 * USERBRIDGE_TEST_REDIS_URL. CI installs the servers from the machine's Debian packages (.ci/run);
 * here they are only started, never installed.
 */
import type { TestProject } from "vitest/node";
import { type RedisServer, startRedisServer } from "./redis-server.js";

let redis: RedisServer | undefined;

export async function setup(project: TestProject) {
  let redisUrl = process.env.USERBRIDGE_TEST_REDIS_URL;
  if (!redisUrl) {
    redis = await startRedisServer();
    redisUrl = redis.url;
  }
  console.log(`services: Redis ${redisUrl}`);
  project.provide("redisUrl", redisUrl);
}

export async function teardown() {
  await redis?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
