/** `userbridge simulate [vendor…]` and `userbridge mock [vendor…]`: local servers until Ctrl-C. */
import { parseVendorList } from "../args.js";
import type { Io } from "../io.js";
import { person, seedId, startSimulators } from "../simulators.js";
import { UsageError, vendorNames } from "../vendors.js";

const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });

export async function simulate(vendors: string[], io: Io, wait = untilSignal): Promise<number> {
  const names = vendors.length ? parseVendorList(vendors) : vendorNames;
  const sims = await startSimulators(names);
  const ada = person(0);
  io.stdout.write("Simulators (in memory, documented rate limits on). Point the CLI at them with:\n\n");
  for (const s of sims) for (const [k, v] of Object.entries(s.env)) io.stdout.write(`export ${k}=${v}\n`);
  io.stdout.write(`\nSeeded user: ${ada.givenName} ${ada.familyName} <${ada.email}>\n`);
  for (const s of sims) io.stdout.write(`  ${s.vendor.padEnd(15)} ${s.url}  id ${seedId[s.vendor](0)}\n`);
  io.stdout.write("\nCtrl-C to stop.\n");
  await wait();
  await Promise.all(sims.map((s) => s.sim.stop()));
  return 0;
}

export async function mock(vendors: string[], io: Io, wait = untilSignal): Promise<number> {
  const names = vendors.length ? parseVendorList(vendors) : vendorNames;
  const started = await Promise.allSettled(
    names.map(async (v) => {
      const { startMock } = (await import(`@userbridge/${v}/mock`)) as {
        startMock: () => Promise<{ url: string; stop(): Promise<void> }>;
      };
      return { vendor: v, mock: await startMock() };
    }),
  );
  const mocks = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.flatMap((s) => (s.status === "rejected" ? [s.reason as Error] : []));
  if (failed.length > 0) {
    await Promise.all(mocks.map((m) => m.mock.stop()));
    const message = String(failed[0]?.message ?? failed[0]);
    if (message.includes("@stoplight/prism-cli")) {
      // Prism is an optional peer dependency: say so on one line (the simulators need nothing).
      throw new UsageError(
        "mock needs @stoplight/prism-cli (an optional peer dependency): npm i -D @stoplight/prism-cli@5.14.2 — or use `userbridge simulate`, which needs nothing",
      );
    }
    throw new UsageError(`mock: Prism did not start: ${message.split("\n")[0]}`);
  }
  io.stdout.write("Prism mocks (answers are the specs' examples; nothing is stored):\n");
  for (const m of mocks) io.stdout.write(`  ${m.vendor.padEnd(15)} ${m.mock.url}\n`);
  io.stdout.write("Ctrl-C to stop.\n");
  await wait();
  await Promise.all(mocks.map((m) => m.mock.stop()));
  return 0;
}
