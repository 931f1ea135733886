/**
 * Bun and Deno entry: `bun cli.ts '<config JSON>'` / `deno run … cli.ts '<config JSON>'` runs the
 * scenario and prints its result as one JSON line. (`process.argv` is a global in both.)
 */
import { runScenario, type ScenarioConfig } from "./scenario.ts";

const config = JSON.parse(process.argv[2] ?? "{}") as ScenarioConfig;
console.log(JSON.stringify(await runScenario(config)));
