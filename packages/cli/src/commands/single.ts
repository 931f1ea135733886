/** `userbridge get <vendor> <id|email>` and `userbridge update <vendor> <id|email> --set f=v … [--dry-run]`. */
import type { NormalizedUser } from "@userbridge/unified";
import { parseSets, parseVendorList } from "../args.js";
import { resolveConnections } from "../config.js";
import { connectionFor, openVendor } from "../connect.js";
import type { AnyConnectedUsers } from "../engine.js";
import { EXIT, formatRequest, type Io } from "../io.js";
import { UsageError, type VendorName } from "../vendors.js";

type Finder = { find?: (query: { email: string }) => Promise<NormalizedUser> };

async function open(vendorArg: string, io: Io, config?: string): Promise<AnyConnectedUsers> {
  const [vendor] = parseVendorList([vendorArg]) as [VendorName];
  if (vendorArg.includes(",")) throw new UsageError("give one vendor");
  return openVendor(connectionFor(resolveConnections({ cwd: io.cwd, env: io.env, configFile: config }), vendor));
}

/** An argument with an "@" is an email (looked up with users.find), anything else the vendor's id. */
async function idOf(users: AnyConnectedUsers, who: string): Promise<string> {
  if (!who.includes("@")) return who;
  const find = (users as Finder).find;
  if (!find) throw new UsageError("looking up by email needs users.find() (issue 14): give the vendor's id");
  return (await find({ email: who })).id;
}

const show = ({ raw: _raw, ...user }: NormalizedUser) => `${JSON.stringify(user, null, 2)}\n`;

export async function get(vendor: string, who: string, flags: { config?: string }, io: Io): Promise<number> {
  const users = await open(vendor, io, flags.config);
  io.stdout.write(show(await users.get(await idOf(users, who))));
  return EXIT.ok;
}

export async function update(
  vendor: string,
  who: string,
  flags: { set?: string[]; dryRun?: boolean; config?: string },
  io: Io,
): Promise<number> {
  const changes = parseSets(flags.set ?? []);
  const users = await open(vendor, io, flags.config);
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
