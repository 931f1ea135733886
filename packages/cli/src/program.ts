/**
 * The `userbridge` command line (commander): parses argv, runs one command, returns its exit code.
 * 0 all applied or unchanged, 1 some rows not applied (or a vendor refused), 2 bad usage or
 * unreadable input (nothing written), 130 interrupted.
 */
import { InvalidInputError, UnsupportedFieldError, UserbridgeError } from "@userbridge/core";
import { oneLine } from "@userbridge/core/internal";
import { Command, CommanderError } from "commander";
import { type ApplyFlags, apply, type Stops } from "./commands/apply.js";
import { type ListFlags, list } from "./commands/list.js";
import type { ScimServeFlags } from "./commands/scim.js";
import { mock, simulate } from "./commands/servers.js";
import { get, update } from "./commands/single.js";
import { EXIT, type Io, processIo } from "./io.js";
import { UsageError } from "./vendors.js";
import { VERSION } from "./version.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Runs the `userbridge` command line (`argv` without the node and script paths) and resolves to its
 * exit code: 0 all applied or unchanged, 1 some rows not applied, 2 bad usage or unreadable input,
 * 130 interrupted. `stops`: an AbortSignal that stops `apply` gently (rows in flight finish), or
 * `{ stop, abort }` (abort: cancel the requests in flight too).
 */
export async function run(argv: readonly string[], io: Io = processIo(), stops?: AbortSignal | Stops): Promise<number> {
  let code: number = EXIT.ok;
  const signals: Stops = stops instanceof AbortSignal ? { stop: stops } : (stops ?? {});
  const program = new Command("userbridge")
    .description("Bulk and single user changes across Snipe-IT, Zluri, ONLYOFFICE, Nexudus and SailPoint NERM.")
    .version(VERSION, "-V, --version", "print the version")
    .option("--config <file>", "connections file (default ./userbridge.config.json)")
    .option("--verbose", "print one line per HTTP request on stderr: method, path, status, duration (no secrets)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();

  program
    .command("apply")
    .description("apply a .csv or .jsonl file of changes")
    .argument("<file>", "changes: CSV (vendor,id,email,<fields>; empty cell = no change) or JSONL")
    .option("--dry-run", "print every planned request (secrets redacted) and write nothing")
    .option("--vendors <list>", "only these vendors (comma-separated, repeatable)", collect)
    .option("--journal <file>", "append-only journal, flushed per result (for --resume)")
    .option("--resume", "skip the rows the journal records as done")
    .option("--report <file>", "one JSON line per row and vendor")
    .option("--rate <vendor=N/min>", "requests per minute for a vendor (repeatable)", collect)
    .option(
      "--max-errors <n>",
      "stop a vendor after n failed/unapplied rows, its other rows reported skipped (a refused credential stops it at once)",
    )
    .option("--json", "result events as JSON Lines on stdout")
    .option(
      "--deactivate-first",
      "delete rows: terminate an active ONLYOFFICE user first (it deletes only terminated users)",
    )
    .option(
      "--redis <url>",
      "share every vendor's rate budget with other processes through Redis (or USERBRIDGE_REDIS_URL)",
    )
    .addHelpText(
      "after",
      `
A row's action (CSV column or JSONL key "action"): update (default), create or delete.
A create whose user exists already (found by the row's email) is unchanged; so is a delete of a user already gone.
Rows are named by their line in the file (file:line) in messages, --json and the report.
Rows for the same user at a vendor (same id, or same email) are applied one after the other, in file order.
Ctrl-C (or SIGTERM) stops taking rows, lets the requests in flight finish, then prints the --resume
command; a second one cancels the requests in flight. Either way the journal stays consistent.
Exit codes: 0 all applied or unchanged, 1 some rows not applied, 2 bad usage (nothing sent), 130 interrupted.`,
    )
    .action(async (file: string, flags: ApplyFlags) => {
      code = await apply(file, { ...flags, ...program.opts() }, io, signals);
    });

  program
    .command("list")
    .description("stream every user of a vendor (normalized, with its id), page by page")
    .argument("<vendor>")
    .option("--active <true|false>", "only active (true) or inactive (false) users")
    .option("--email <email>", "only the user(s) with this email (case-insensitive)")
    .option("--format <jsonl|csv>", "output format (default jsonl; csv when --out ends in .csv)")
    .option("--out <file>", "write to this file instead of stdout")
    .option("--page-size <n>", "users per request (default the vendor's largest page)")
    .option("--rate <vendor=N/min>", "requests per minute (default the vendor's documented limit)", collect)
    .addHelpText(
      "after",
      `
The vendor filters what it can; the rest is filtered here (see the README: a filter the vendor lacks costs a full listing).
Progress on stderr on a terminal. Exit codes: 0 listed, 1 the vendor failed midway (the output is incomplete),
2 bad usage (nothing sent), 130 interrupted (Ctrl-C; the output holds the users listed until then).`,
    )
    .action(async (vendor: string, flags: ListFlags) => {
      code = await list(vendor, { ...flags, ...program.opts() }, io, signals);
    });

  program
    .command("get")
    .description("read one user (normalized)")
    .argument("<vendor>")
    .argument("<id-or-email>")
    .action(async (vendor: string, who: string) => {
      code = await get(vendor, who, program.opts(), io);
    });

  program
    .command("update")
    .description("change one user's normalized fields")
    .argument("<vendor>")
    .argument("<id-or-email>")
    .option("--set <field=value>", "a normalized field to set (repeatable)", collect)
    .option("--dry-run", "print the planned requests (secrets redacted) and write nothing")
    .action(async (vendor: string, who: string, flags: { set?: string[]; dryRun?: boolean }) => {
      code = await update(vendor, who, { ...flags, ...program.opts() }, io);
    });

  program
    .command("simulate")
    .description("start in-memory vendor simulators seeded with a user (until Ctrl-C)")
    .argument("[vendors...]")
    .action(async (vendors: string[]) => {
      code = await simulate(vendors, io);
    });

  program
    .command("scim")
    .description("the SCIM 2.0 gateway (Okta, Entra ID → every connected vendor)")
    .command("serve")
    .description("serve /scim/v2/<vendor>/… for every connected vendor (until Ctrl-C)")
    .option("--port <n>", "port (0: a free one)", "8080")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--simulate", "over the five in-memory simulators (a token is generated and printed)")
    .option("--store <where>", "externalId store: file (./userbridge-scim.sqlite), file:<path>, memory, postgres://…")
    .option(
      "--redis <url>",
      "share every vendor's rate budget with other processes through Redis (or USERBRIDGE_REDIS_URL)",
    )
    .option("--rate <vendor=N/min>", "requests per minute for a vendor (repeatable)", collect)
    .option("--max-pending <n>", "SCIM requests per vendor in progress before 429 + Retry-After", "50")
    .option("--tls-cert <file>", "serve HTTPS with this certificate (PEM; with --tls-key)")
    .option("--tls-key <file>", "the certificate's private key (PEM)")
    .addHelpText(
      "after",
      `
Bearer tokens: USERBRIDGE_SCIM_TOKENS (comma-separated, for rotation). Vendors: as for apply
(userbridge.config.json or USERBRIDGE_<VENDOR>_URL/_TOKEN). Prints "scim <vendor> <base-url>" per
vendor once it listens, then one JSON line per write (the token by its index, never its value).`,
    )
    .action(async (flags: ScimServeFlags) => {
      // Loaded when used: the gateway's store and server modules stay out of the other commands' start.
      const { scimServe } = await import("./commands/scim.js");
      code = await scimServe({ ...flags, ...program.opts() }, io, signals.stop);
    });

  program
    .command("mock")
    .description("start Prism mocks of the vendors' specs (until Ctrl-C)")
    .argument("[vendors...]")
    .action(async (vendors: string[]) => {
      code = await mock(vendors, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage; // --help / --version, or a usage mistake (already printed)
    }
    if (error instanceof UsageError) {
      io.stderr.write(`userbridge: ${error.problems.join("\nuserbridge: ")}\n`);
      return EXIT.usage;
    }
    if (error instanceof InvalidInputError || error instanceof UnsupportedFieldError) {
      io.stderr.write(`userbridge: ${oneLine(error.message)}\n`);
      return EXIT.usage;
    }
    if (error instanceof UserbridgeError) {
      io.stderr.write(`userbridge: ${error.name}: ${oneLine(error.message)}\n`);
      return EXIT.notApplied;
    }
    throw error;
  }
}
