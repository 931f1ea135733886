/**
 * `pnpm bench`: per vendor operation, raw `fetch`, bare openapi-fetch (the same call) and the
 * vendor client, against the same loopback server in the same run. The machine this runs on is
 * usually shared, so the load drifts by 2× within seconds: the sides run in short interleaved
 * rounds (the order rotating each round), each round gives one client/bare ratio of medians, and
 * the ratio reported is the median of those rounds (with its interquartile range). Budget: ≤ 1.3×
 * (DESIGN.md; openapi-fetch alone is 1.10–1.20× raw fetch on loopback). Then the requests one
 * updateUser makes per vendor, counted by the vendor's simulator.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cases } from "./cases.js";
import { requestsPerUpdate } from "./requests.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 60);
const BUDGET = 1.3;
/** Only the operations whose name contains this (e.g. BENCH_ONLY=nexudus). */
const ONLY = process.env.BENCH_ONLY ?? "";

/** The q-quantile (0.5 = median), linearly interpolated. */
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return (s[lo] as number) + ((s[Math.ceil(at)] as number) - (s[lo] as number)) * (at - lo);
};
const median = (xs: number[]) => quantile(xs, 0.5);

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
console.log(
  `userbridge bench: ${ROUNDS} interleaved rounds × ${PER_ROUND} requests per side, loopback, Node ${process.version}`,
);
console.log(
  "times: median per request over all rounds; ratios: median of the per-round ratios [interquartile range]\n",
);
console.log(
  `${"operation".padEnd(34)} ${"raw fetch".padStart(10)} ${"openapi-f.".padStart(10)} ${"client".padStart(10)} ${"of/raw".padStart(7)} ${"client/of".padStart(9)} ${"IQR".padStart(11)}  budget`,
);
let over = 0;
for (const c of cases.filter((x) => x.name.includes(ONLY))) {
  current = c;
  const sides = c.make(base);
  const order = ["raw", "bare", "client"] as const;
  for (const side of order) await time(sides[side], 100, []); // warm-up
  const times = { raw: [] as number[], bare: [] as number[], client: [] as number[] };
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round = { raw: [] as number[], bare: [] as number[], client: [] as number[] };
    // Rotate who goes first, so that neither side always runs right after the other's garbage.
    for (let k = 0; k < order.length; k++) {
      const side = order[(k + r) % order.length] as (typeof order)[number];
      await time(sides[side], PER_ROUND, round[side]);
      times[side].push(...round[side]);
    }
    ratios.push(median(round.client) / median(round.bare));
  }
  const [raw, bare, client] = order.map((side) => median(times[side])) as [number, number, number];
  const ratio = median(ratios);
  const iqr = `${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`;
  if (ratio > BUDGET) over++;
  console.log(
    `${c.name.padEnd(34)} ${µs(raw)} ${µs(bare)} ${µs(client)} ${`${(bare / raw).toFixed(2)}×`.padStart(7)} ${`${ratio.toFixed(2)}×`.padStart(9)} ${iqr.padStart(11)}  ${ratio <= BUDGET ? "ok" : `OVER ${BUDGET}×`}`,
  );
}
server.close();
console.log(
  `\n${over === 0 ? "All within" : `${over} over`} the ${BUDGET}× budget (client vs bare openapi-fetch, median of per-round ratios).`,
);

console.log(
  "\nrequests per update (one updateUser against the vendor's simulator; the timings above are single requests,\n" +
    "like for like: these reads are the vendor's, counted here, not hidden in a ratio):",
);
console.log(`${"vendor".padEnd(16)} ${"update".padEnd(20)} all  verify:false  requests · why`);
for (const { vendor, update, requests, unverified, why } of await requestsPerUpdate()) {
  console.log(
    `${vendor.padEnd(16)} ${update.padEnd(20)} ${String(requests.length).padStart(3)}  ${String(unverified.length).padStart(12)}  ${requests.join(", ")}${why ? `\n${"".padEnd(55)}· ${why}` : ""}`,
  );
}
