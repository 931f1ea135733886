/**
 * `pnpm bench`: per vendor operation, raw `fetch`, bare openapi-fetch (the same call) and the
 * vendor client, against the same loopback server in the same run, interleaved in rounds so that
 * drift hits all three alike. Prints the medians and the client's ratio to bare openapi-fetch
 * (budget: ≤ 1.3×, DESIGN.md; openapi-fetch alone is 1.10–1.20× raw fetch on loopback). Then the
 * requests one updateUser makes per vendor, counted by the vendor's simulator.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cases } from "./cases.js";
import { requestsPerUpdate } from "./requests.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 200);
const BUDGET = 1.3;
/** Only the operations whose name contains this (e.g. BENCH_ONLY=nexudus). */
const ONLY = process.env.BENCH_ONLY ?? "";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function time(fn: () => Promise<unknown>, n: number, into: number[]) {
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    into.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}

let current: (typeof cases)[number] | undefined;
const server = createServer((req, res) => {
  const body = current?.answer ?? {};
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const µs = (ms: number) => `${(ms * 1000).toFixed(0)} µs`.padStart(10);
console.log(`userbridge bench: ${ROUNDS} rounds × ${PER_ROUND} requests per side, loopback, Node ${process.version}\n`);
console.log(
  `${"operation".padEnd(34)} ${"raw fetch".padStart(10)} ${"openapi-f.".padStart(10)} ${"client".padStart(10)} ${"of/raw".padStart(7)} ${"client/of".padStart(9)}  budget`,
);
let over = 0;
for (const c of cases.filter((x) => x.name.includes(ONLY))) {
  current = c;
  const sides = c.make(base);
  const order = ["raw", "bare", "client"] as const;
  for (const side of order) await time(sides[side], 100, []); // warm-up
  const times = { raw: [] as number[], bare: [] as number[], client: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) for (const side of order) await time(sides[side], PER_ROUND, times[side]);
  const [raw, bare, client] = order.map((side) => median(times[side])) as [number, number, number];
  const ratio = client / bare;
  if (ratio > BUDGET) over++;
  console.log(
    `${c.name.padEnd(34)} ${µs(raw)} ${µs(bare)} ${µs(client)} ${`${(bare / raw).toFixed(2)}×`.padStart(7)} ${`${ratio.toFixed(2)}×`.padStart(9)}  ${ratio <= BUDGET ? "ok" : `OVER ${BUDGET}×`}`,
  );
}
server.close();
console.log(
  `\n${over === 0 ? "All within" : `${over} over`} the ${BUDGET}× budget (client vs bare openapi-fetch, median per request).`,
);

console.log("\nrequests per update (one updateUser against the vendor's simulator):");
for (const { vendor, update, requests } of await requestsPerUpdate()) {
  console.log(
    `${vendor.padEnd(16)} ${update.padEnd(26)} ${String(requests.length).padStart(2)}  ${requests.join(", ")}`,
  );
}
