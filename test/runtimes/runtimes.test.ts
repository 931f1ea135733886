/**
 * The runtime matrix (`pnpm test:runtimes`): the scenario runs in Node (the baseline, in this
 * process), the pinned Node 20, 22 and 24, Bun, Deno and workerd against the built packages; every
 * runtime must get the same answers, send the same requests and fail the same way on each fault.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import "../support/context.js";
import { type Hub, startHub } from "./hub.ts";
import { bun, deno, node20, node22, node24, type Runtime, workerd } from "./runners.ts";
import { IDS, NEW_EMAIL, runScenario, type ScenarioResult, SECRET } from "./scenario.ts";

const node: Runtime = {
  name: "node",
  version: async () => process.version,
  run: (config) => runScenario(config),
};
// `node`: the Node running this test (the machine's); node20/22/24: pinned, each in its own process.
const runtimes = [node, node20, node22, node24, bun, deno, workerd];
const vendors = Object.keys(IDS) as Array<keyof typeof IDS>;
const MB = 1024 ** 2;
// Prism serves the spec's example user whatever id is asked; ONLYOFFICE's example has its own id.
const ANSWERED: Record<string, string> = { ...IDS, onlyoffice: "8e3b7b64-9d7f-4b1a-9b0d-6f2f1c3a5e21" };
const results = new Map<string, ScenarioResult>();

let hub: Hub;
const matrix: Array<{ runtime: string; version: string; ms: number; passed: number; total: number }> = [];

beforeAll(async () => {
  hub = await startHub(inject("prismUrls"));
  // Prism answers its first requests slowly: warm it up so that no runtime's time pays for that.
  await runScenario({ hub: hub.url, run: "warm-up" });
}, 180_000);

afterAll(async () => {
  await hub?.close();
  if (matrix.length === 0) return;
  const lines = [
    "| runtime | version | scenario time | cases ok |",
    "| --- | --- | ---: | ---: |",
    ...matrix.map((m) => `| ${m.runtime} | ${m.version} | ${(m.ms / 1000).toFixed(1)} s | ${m.passed}/${m.total} |`),
  ];
  mkdirSync(".tmp", { recursive: true });
  writeFileSync(".tmp/runtimes-matrix.md", `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
});

/** The versions test/runtimes/node/package.json pins, by runtime name (node20, node22, node24). */
const pinned = Object.fromEntries(
  Object.entries(
    (
      JSON.parse(readFileSync(new URL("./node/package.json", import.meta.url), "utf8")) as {
        optionalDependencies: Record<string, string>;
      }
    ).optionalDependencies,
  ).map(([alias, spec]) => [alias.split("-")[0], spec.split("@").at(-1)]),
);

describe.each(runtimes)("$name", (runtime) => {
  let result: ScenarioResult;
  let version: string;
  const value = (name: string) => {
    const c = result.cases[name];
    expect(c, `case "${name}" missing`).toBeDefined();
    expect(c?.error, `${name}: ${c?.error?.name}: ${c?.error?.message}`).toBeUndefined();
    expect(c?.ok).toBe(true);
    return c?.value ?? {};
  };

  beforeAll(async () => {
    version = await runtime.version();
    const started = Date.now();
    result = await runtime.run({ hub: hub.url, run: runtime.name });
    results.set(runtime.name, result);
    const cases = Object.values(result.cases);
    matrix.push({
      runtime: runtime.name,
      version,
      ms: Date.now() - started,
      passed: cases.filter((c) => c.ok).length,
      total: cases.length,
    });
  }, 180_000);

  it("ran in that runtime", () => {
    // Node 20 has no navigator; Node 21+ says "Node.js/<major>".
    const agent = {
      node: /^(Node\.js\/|\(no navigator\))/,
      node20: /^\(no navigator\)$/,
      node22: /^Node\.js\/22$/,
      node24: /^Node\.js\/24$/,
      bun: /^Bun\//,
      deno: /^Deno\//,
      workerd: /^Cloudflare-Workers$/,
    };
    expect(result.runtime).toMatch(agent[runtime.name as keyof typeof agent]);
    if (runtime.name in pinned) expect(version).toBe(pinned[runtime.name]);
  });

  describe.each(vendors)("%s", (vendor) => {
    it("createClient + getUser reads the user", () => {
      expect(value(`${vendor} getUser`)).toMatchObject({ id: ANSWERED[vendor] });
    });

    it("updateUser sends the change, within the spec, and returns the user", () => {
      expect(value(`${vendor} updateUser`)).toMatchObject({ id: ANSWERED[vendor] });
      const sent = hub.exchanges(runtime.name, vendor);
      expect(sent.filter((x) => x.violation !== null)).toEqual([]);
      expect(sent.some((x) => x.method !== "GET" && x.body.includes(NEW_EMAIL))).toBe(true);
    });

    it("the facade's connect(...).update updates and normalizes", () => {
      expect(value(`${vendor} facade update`)).toEqual({ vendor, id: ANSWERED[vendor] });
    });

    if (runtime !== node) {
      it("sends exactly the requests Node sends", () => {
        const shape = (run: string) => hub.exchanges(run, vendor).map((x) => `${x.method} ${x.path} ${x.body}`);
        expect(shape(runtime.name)).toEqual(shape("node"));
      });
    }
  });

  if (runtime !== node) {
    it("every case gets the answer (or the error) Node gets", () => {
      // Timings differ by nature; everything else must be identical.
      const answers = (r: ScenarioResult | undefined) =>
        Object.fromEntries(
          Object.entries(r?.cases ?? {}).map(([name, c]) => {
            const { waitedMs: _, ...value } = c.value ?? {};
            return [name, { ok: c.ok, value, error: c.error }];
          }),
        );
      expect(answers(result)).toEqual(answers(results.get("node")));
    });
  }

  it("a stalled answer is a TimeoutError", () => {
    const c = value("timeout: a stalled answer");
    expect(c).toEqual({ name: "TimeoutError", userbridge: true, timeout: true });
    expect(result.cases["timeout: a stalled answer"]?.ms).toBeLessThan(5_000);
    expect(hub.fault(runtime.name, "stall").requests).toBe(1);
  });

  it("a 429 with Retry-After: 1 is retried after that second, then succeeds", () => {
    const c = value("retry: 429 + Retry-After, then 200");
    expect(c).toMatchObject({ id: IDS["snipe-it"] });
    expect(c.waitedMs).toBeGreaterThanOrEqual(950);
    expect(hub.fault(runtime.name, "retry").requests).toBe(2);
  });

  it("a 1 GB streamed answer stops at the 10 MB cap with ResponseTooLargeError, not retried", () => {
    const c = value("size cap: a 1 GB streamed answer");
    expect(c).toEqual({ name: "ResponseTooLargeError", userbridge: true, tooLarge: true, limitBytes: 10 * MB });
    const log = hub.fault(runtime.name, "huge");
    expect(log.requests).toBe(1);
    expect(log.sent.bytes).toBeLessThan(200 * MB); // the runtime dropped the connection
  });

  it("a 401 echoing the token: typed, the token nowhere in the error, the body an ≤ 8 KB excerpt", () => {
    const c = value("redaction: a 401 echoing the token");
    expect(hub.fault(runtime.name, "echo").authorization).toEqual([`Bearer ${SECRET}`]);
    expect(c).toMatchObject({ name: "AuthenticationError", authentication: true, leaked: false });
    expect(c.bodyBytes).toBeLessThanOrEqual(8 * 1024);
  });
});
