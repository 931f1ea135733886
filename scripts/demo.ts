/**
 * `pnpm demo`: the unified facade against local Prism mocks of every vendor. No accounts, no
 * network: each vendor package's own `startMock()` serves its bundled spec on a free local port.
 * One set of normalized changes goes to all five; what a vendor cannot set is skipped by
 * capability (and shown), never sent.
 */

import { startMock as nexudusMock } from "@userbridge/nexudus/mock";
import { startMock as onlyofficeMock } from "@userbridge/onlyoffice/mock";
import { startMock as nermMock } from "@userbridge/sailpoint-nerm/mock";
import { startMock as snipeItMock } from "@userbridge/snipe-it/mock";
import { connect, type FieldName, splitByCapability } from "@userbridge/unified";
import { nexudus } from "@userbridge/unified/nexudus";
import { onlyoffice } from "@userbridge/unified/onlyoffice";
import { sailpointNerm } from "@userbridge/unified/sailpoint-nerm";
import { snipeIt } from "@userbridge/unified/snipe-it";
import { zluri } from "@userbridge/unified/zluri";
import { startMock as zluriMock } from "@userbridge/zluri/mock";

/** The same normalized changes for everyone: "Ada is now the CTO, active, with a new address". */
const changes = {
  givenName: "Ada",
  familyName: "Lovelace",
  displayName: "Ada Lovelace",
  email: "ada.lovelace@example.com",
  title: "CTO",
  notes: "Promoted to CTO",
  active: true,
} as const satisfies Partial<Record<FieldName, unknown>>;

const started = Date.now();
const mocks = await Promise.all([snipeItMock(), zluriMock(), onlyofficeMock(), nexudusMock(), nermMock()]);
const [snipe, zl, oo, nx, nerm] = mocks;
console.log(`Started ${mocks.length} Prism mocks in ${Date.now() - started} ms (local ports only).`);
console.log("Prism answers every request with the example in the vendor's spec, so each result shows how the");
console.log(
  "vendor's answer is normalized, not what the mock stored. What was sent is exactly what a real update sends.\n",
);

const targets = [
  { users: connect(snipeIt({ baseUrl: snipe!.url, token: "demo-token" })), id: "13" },
  { users: connect(zluri({ baseUrl: zl!.url, apiKey: "demo-key" })), id: "64b7f0c2a1d3e4f5a6b7c8d9" },
  {
    users: connect(onlyoffice({ baseUrl: oo!.url, token: "demo-token" })),
    id: "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a",
  },
  { users: connect(nexudus({ baseUrl: nx!.url, token: "demo-token" })), id: "87654321" },
  {
    users: connect(sailpointNerm({ baseUrl: nerm!.url, token: "demo-token" })),
    id: "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e",
  },
];

let failures = 0;
const rows: string[][] = [];
try {
  for (const { users, id } of targets) {
    const { supported, skipped } = splitByCapability(changes, users.capabilities);
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the demo loops over five differently typed facades
      const plan = await users.plan(id, supported as any);
      // biome-ignore lint/suspicious/noExplicitAny: as above
      const result = await users.update(id, supported as any);
      const sent = plan.writes.map((w) => `${w.method} ${new URL(w.url).pathname} ${JSON.stringify(w.body)}`);
      const reads = plan.reads.map((r) => `${r.method} ${new URL(r.url).pathname}`);
      const { raw: _raw, ...normalized } = result;
      console.log(`■ ${users.vendor}`);
      if (reads.length) console.log(`  read first : ${reads.join(", ")}`);
      for (const s of sent) console.log(`  sent       : ${s.length > 160 ? `${s.slice(0, 157)}...` : s}`);
      console.log(
        `  skipped    : ${skipped.length ? skipped.join(", ") : "(none)"} (not in this vendor's capabilities)`,
      );
      console.log(`  result     : ${JSON.stringify(normalized)}\n`);
      rows.push([
        users.vendor,
        String(plan.writes.length),
        Object.keys(supported).join(","),
        skipped.join(",") || "-",
        "ok",
      ]);
    } catch (error) {
      failures++;
      console.log(`■ ${users.vendor}: FAILED ${(error as Error).message}\n`);
      rows.push([users.vendor, "-", Object.keys(supported).join(","), skipped.join(",") || "-", (error as Error).name]);
    }
  }
} finally {
  await Promise.all(mocks.map((m) => m.stop()));
}

const header = ["vendor", "writes", "sent (normalized fields)", "skipped by capability", "result"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" │ ");
console.log(line(header));
console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
for (const r of rows) console.log(line(r));
// ── Bulk changes (issue 14): offboard a few people across the five simulators through applyChanges.
// Self-contained: the simulators hold users, enforce each vendor's documented rate limit, and the
// bulk API paces every request under it. The CLI does the same from a CSV: `userbridge apply`.
{
  const { applyChanges, connectForBulk } = await import("@userbridge/bulk");
  const { startSimulators } = await import("@userbridge/cli");
  const sims = await startSimulators(undefined, { count: 3 });
  try {
    const connections = Object.fromEntries(
      await Promise.all(
        sims.map(async (s) => {
          const credential = s.vendor === "zluri" ? { apiKey: s.token } : { token: s.token };
          // biome-ignore lint/suspicious/noExplicitAny: one loop over five vendors' option types
          return [s.vendor, await connectForBulk(s.vendor, { baseUrl: s.url, ...credential } as any)];
        }),
      ),
    );
    const offboard = [1, 2, 3].map((i) => ({ email: `user${i}@example.com`, changes: { active: false } }));
    console.log(`\nBulk: ${offboard.length} people offboarded (active: false) at ${sims.length} simulators:`);
    const tally = new Map<string, number>();
    for await (const r of applyChanges(offboard, connections)) {
      const key = `${r.vendor} ${r.status}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      if (r.status !== "applied" && r.status !== "unchanged") failures++;
    }
    for (const [key, n] of [...tally].sort()) console.log(`  ${key.padEnd(28)} ${n} (${n === 1 ? "row" : "rows"})`);
  } finally {
    await Promise.all(sims.map((s) => s.sim.stop()));
  }
}

process.exit(failures === 0 ? 0 : 1);
