/**
 * vitest globalSetup: one Prism mock per spec in specs/, started once per run, in parallel, on
 * free ports. Tests read the URLs with `inject("prismUrls")`.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import "./context.js";
import { type PrismMock, startPrismMock } from "../../packages/core/src/mock.js";

let mocks: PrismMock[] = [];

export async function setup(project: TestProject) {
  const specs = resolve(import.meta.dirname, "../../specs");
  const vendors = readdirSync(specs)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("."))
    .map((f) => f.replace(/\.yaml$/, ""))
    // PRISM_SPECS=zluri,snipe-it starts only those (handy while working on one vendor).
    .filter((v) => !process.env.PRISM_SPECS || process.env.PRISM_SPECS.split(",").includes(v));
  const started = Date.now();
  // A loaded machine (2 cores, parallel runs) can take well over 30 s to start five Prisms.
  mocks = await Promise.all(
    vendors.map((v) => startPrismMock({ spec: join(specs, `${v}.yaml`), startTimeoutMs: 120_000 })),
  );
  const urls = Object.fromEntries(vendors.map((v, i) => [v, (mocks[i] as PrismMock).url]));
  console.log(`Prism: ${vendors.length} mocks listening in ${Date.now() - started} ms`);
  project.provide("prismUrls", urls);
}

export async function teardown() {
  await Promise.all(mocks.map((m) => m.stop()));
}
