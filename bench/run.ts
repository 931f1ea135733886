/**
 * `pnpm bench`: request overhead of each vendor client over raw `fetch`, both against the same
 * loopback server in the same run, interleaved in rounds so that drift hits both alike.
 * Prints the median latency of each and their ratio (budget: ≤ 1.10×, see docs/architecture.md "Budgets").
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cases } from "./cases.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 200);
const BUDGET = 1.1;

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

console.log(`userbridge bench: ${ROUNDS} rounds × ${PER_ROUND} requests per side, loopback, Node ${process.version}\n`);
console.log(
  `${"operation".padEnd(34)} ${"raw fetch".padStart(10)} ${"client".padStart(10)} ${"ratio".padStart(7)}  budget`,
);
let over = 0;
let current: (typeof cases)[number] | undefined;
for (const c of cases) {
  current = c;
  const { raw, client } = c.make(base);
  await time(raw, 100, []);
  await time(client, 100, []); // warm-up
  const rawTimes: number[] = [];
  const clientTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    await time(raw, PER_ROUND, rawTimes);
    await time(client, PER_ROUND, clientTimes);
  }
  const mr = median(rawTimes);
  const mc = median(clientTimes);
  const ratio = mc / mr;
  if (ratio > BUDGET) over++;
  console.log(
    `${c.name.padEnd(34)} ${`${(mr * 1000).toFixed(0)} µs`.padStart(10)} ${`${(mc * 1000).toFixed(0)} µs`.padStart(10)} ${`${ratio.toFixed(2)}×`.padStart(7)}  ${ratio <= BUDGET ? "ok" : `OVER ${BUDGET}×`}`,
  );
}
server.close();
console.log(`\n${over === 0 ? "All within" : `${over} over`} the ${BUDGET}× budget (median per request).`);
