/**
 * `pnpm simulate [vendor…]`: starts the vendor simulators (default: all five), each seeded with one
 * user, prints their URLs, the credential each accepts and the seeded user, and keeps them running
 * until Ctrl-C. No Prism, no network: in-process servers on free loopback ports, rate limits on.
 * (`pnpm mock` serves the specs with Prism instead: shape conformance, no state.)
 */
import type { Simulator } from "@userbridge/core/simulator";
import { simulators, startTimed } from "./simulators.js";

const all = simulators.map((s) => s.vendor);
const wanted = process.argv.slice(2).filter((a) => a !== "--");
const unknown = wanted.filter((v) => !all.includes(v));
if (unknown.length) {
  console.error(`unknown vendor(s): ${unknown.join(", ")}; known: ${all.join(", ")}`);
  process.exit(2);
}
const chosen = simulators.filter((s) => wanted.length === 0 || wanted.includes(s.vendor));
const running: Simulator<unknown>[] = [];
for (const s of chosen) {
  const { sim, startMs } = await startTimed(s);
  running.push(sim);
  console.log(`■ ${s.vendor.padEnd(15)} ${sim.url}  (started in ${startMs} ms, rate limit on)`);
  console.log(`  credential : ${s.credential}`);
  console.log(`  client     : { baseUrl: "${sim.url}", ${s.clientOption} }`);
  console.log(`  seeded user ${s.id}: ${JSON.stringify(s.seed())}\n`);
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  await Promise.all(running.map((sim) => sim.stop()));
  console.log(`\n${signal}: ${running.length} simulator(s) stopped.`);
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
console.log("Ctrl-C to stop.");
