/** `userbridge get <vendor> <id|email>` and `userbridge update <vendor> <id|email> --set f=v … [--dry-run]`. */
import type { NormalizedUser } from "@userbridge/unified";
import { parseSets, parseVendorList } from "../args.js";
import { resolveConnections } from "../config.js";
import { type AnyConnectedUsers, connectionFor, openVendor } from "../connect.js";
import { EXIT, formatRequest, type Io, verboseFetch } from "../io.js";
import { UsageError, type VendorName } from "../vendors.js";

async function open(
  vendorArg: string,
  io: Io,
  flags: { config?: string; verbose?: boolean },
): Promise<AnyConnectedUsers> {
  const [vendor] = parseVendorList([vendorArg]) as [VendorName];
  if (vendorArg.includes(",")) throw new UsageError("give one vendor");
  const connections = resolveConnections({ cwd: io.cwd, env: io.env, configFile: flags.config });
  return openVendor(
    connectionFor(connections, vendor),
    false,
    flags.verbose ? verboseFetch(vendor, io.stderr) : undefined,
  );
}

/** An argument with an "@" is an email (looked up with users.find), anything else the vendor's id. */
async function idOf(users: AnyConnectedUsers, who: string): Promise<string> {
  return who.includes("@") ? (await users.find({ email: who })).id : who;
}

const show = ({ raw: _raw, ...user }: NormalizedUser) => `${JSON.stringify(user, null, 2)}\n`;

export async function get(
  vendor: string,
  who: string,
  flags: { config?: string; verbose?: boolean },
  io: Io,
): Promise<number> {
  const users = await open(vendor, io, flags);
  io.stdout.write(show(await users.get(await idOf(users, who))));
  return EXIT.ok;
}

export async function update(
  vendor: string,
  who: string,
  flags: { set?: string[]; dryRun?: boolean; config?: string; verbose?: boolean },
  io: Io,
): Promise<number> {
  const changes = parseSets(flags.set ?? []);
  const users = await open(vendor, io, flags);
  const id = await idOf(users, who);
  if (flags.dryRun) {
    const plan = await users.plan(id, changes);
    io.stdout.write(`dry run: nothing is written. ${users.vendor} would send:\n`);
    for (const r of [...plan.reads, ...plan.writes]) io.stdout.write(`${formatRequest(r)}\n`);
    for (const n of plan.notes) io.stdout.write(`  note: ${n}\n`);
    return EXIT.ok;
  }
  io.stdout.write(show(await users.update(id, changes)));
  return EXIT.ok;
}
