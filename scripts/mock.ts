/** `pnpm mock [vendor...]`: starts Prism for one or all specs and keeps them running until Ctrl-C. */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { startPrismMock } from "@userbridge/core/mock";

const specs = resolve(import.meta.dirname, "../specs");
const all = readdirSync(specs)
  .filter((f) => f.endsWith(".yaml") && !f.startsWith("."))
  .map((f) => f.replace(/\.yaml$/, ""));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((v) => !all.includes(v));
if (unknown.length) {
  console.error(`unknown spec(s): ${unknown.join(", ")}; known: ${all.join(", ")}`);
  process.exit(2);
}
const vendors = wanted.length ? wanted : all;
const mocks = await Promise.all(vendors.map((v) => startPrismMock({ spec: join(specs, `${v}.yaml`) })));
for (const [i, v] of vendors.entries()) console.log(`${v.padEnd(16)} ${mocks[i]?.url}`);
const stop = async () => {
  await Promise.all(mocks.map((m) => m.stop()));
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
console.log("Ctrl-C to stop.");
