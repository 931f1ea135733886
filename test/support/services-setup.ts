/**
 * vitest globalSetup of `pnpm test:scale`: real Redis and PostgreSQL servers on loopback, on free
 * ports, data in temporary folders, stopped at the end. Already running servers can be named
 * instead with USERBRIDGE_TEST_REDIS_URL / USERBRIDGE_TEST_POSTGRES_URL. CI installs the servers
 * from the machine's Debian packages (.ci/run); here they are only started, never installed.
 */
import type { TestProject } from "vitest/node";
import { type PostgresServer, startPostgresServer } from "./postgres-server.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";

let redis: RedisServer | undefined;
let postgres: PostgresServer | undefined;

export async function setup(project: TestProject) {
  let redisUrl = process.env.USERBRIDGE_TEST_REDIS_URL;
  let postgresUrl = process.env.USERBRIDGE_TEST_POSTGRES_URL;
  if (!redisUrl) {
    redis = await startRedisServer();
    redisUrl = redis.url;
  }
  if (!postgresUrl) {
    postgres = await startPostgresServer();
    postgresUrl = postgres.url;
  }
  console.log(`services: Redis ${redisUrl}, PostgreSQL ${postgresUrl}`);
  project.provide("redisUrl", redisUrl);
  project.provide("postgresUrl", postgresUrl);
}

export async function teardown() {
  await Promise.all([redis?.stop(), postgres?.stop()]);
}

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    postgresUrl: string;
  }
}
