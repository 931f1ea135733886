/**
 * `userbridge list <vendor> [--active true|false] [--email E] [--format jsonl|csv] [--out F]
 * [--rate vendor=N/min]`: every user of one vendor, normalized (with the vendor's id), streamed to
 * stdout or a file as the vendor's pages arrive — one page in memory, never the whole list —
 * through the facade's `list` (the vendor filters what it can), paced like `apply`.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { connectForBulk } from "@userbridge/bulk";
import { FIELD_NAMES, type NormalizedUser } from "@userbridge/unified";
import { parseRates, parseVendorList } from "../args.js";
import { clientOptions, resolveConnections } from "../config.js";
import { connectionFor } from "../connect.js";
import { EXIT, type Io, verboseFetch } from "../io.js";
import { UsageError, type VendorName } from "../vendors.js";
import type { Stops } from "./apply.js";

/** The options of `userbridge list`, as parsed from the command line. */
export interface ListFlags {
  active?: string;
  email?: string;
  format?: string;
  out?: string;
  pageSize?: string;
  rate?: string[];
  config?: string;
  verbose?: boolean;
}

/** The CSV's columns: the vendor, its id, then every normalized field but the password (never read back). */
export const LIST_COLUMNS = ["vendor", "id", ...FIELD_NAMES.filter((f) => f !== "password")] as const;

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a line break or outer spaces. */
const cell = (value: unknown): string => {
  if (value === undefined || value === null) return "";
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** A listed user as one line of output: `raw` left out (the vendor's record: use the SDK for it). */
function formatter(format: "jsonl" | "csv"): (user: NormalizedUser) => string {
  if (format === "jsonl") return ({ raw: _raw, ...user }) => `${JSON.stringify(user)}\n`;
  return (user) => `${LIST_COLUMNS.map((c) => cell((user as unknown as Record<string, unknown>)[c])).join(",")}\n`;
}

function parseFlags(flags: ListFlags): {
  format: "jsonl" | "csv";
  active?: boolean;
  email?: string;
  pageSize?: number;
} {
  const problems: string[] = [];
  const format = flags.format ?? (flags.out?.toLowerCase().endsWith(".csv") ? "csv" : "jsonl");
  if (format !== "jsonl" && format !== "csv") problems.push(`--format ${format}: expected jsonl or csv`);
  let active: boolean | undefined;
  if (flags.active !== undefined) {
    if (flags.active === "true" || flags.active === "false") active = flags.active === "true";
    else problems.push(`--active ${flags.active}: expected true or false`);
  }
  if (flags.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(flags.email))
    problems.push(`--email ${flags.email}: not an email address`);
  if (flags.pageSize !== undefined && !/^[1-9]\d{0,5}$/.test(flags.pageSize))
    problems.push(`--page-size ${flags.pageSize}: expected a whole number ≥ 1`);
  if (problems.length) throw new UsageError(problems);
  return {
    format: format as "jsonl" | "csv",
    ...(flags.pageSize !== undefined ? { pageSize: Number(flags.pageSize) } : {}),
    ...(active !== undefined ? { active } : {}),
    ...(flags.email !== undefined ? { email: flags.email } : {}),
  };
}

/**
 * `userbridge list`: resolves to the exit code (0 every user listed, 1 the vendor failed midway —
 * what was written stays —, 2 bad usage, 130 interrupted).
 */
export async function list(vendorArg: string, flags: ListFlags, io: Io, stops: Stops = {}): Promise<number> {
  if (vendorArg.includes(",")) throw new UsageError("list: give one vendor");
  const [vendor] = parseVendorList([vendorArg]) as [VendorName];
  const { format, ...query } = parseFlags(flags);
  const rates = parseRates(flags.rate ?? []);
  const connection = connectionFor(resolveConnections({ cwd: io.cwd, env: io.env, configFile: flags.config }), vendor);
  let requests = 0;
  const base = flags.verbose ? verboseFetch(vendor, io.stderr) : globalThis.fetch;
  const counted: typeof fetch = (input, init) => {
    requests++;
    return base(input, init);
  };
  let users: { list?: (q: object) => AsyncIterable<NormalizedUser> };
  try {
    const options = { ...clientOptions(connection), fetch: counted } as never;
    const perMinute = rates[vendor];
    users = (await connectForBulk(vendor, options, {
      lifecycle: true,
      ...(perMinute !== undefined ? { perMinute } : {}),
    })) as typeof users;
  } catch (error) {
    throw new UsageError(`${vendor} (${connection.source}): ${(error as Error).message}`);
  }
  if (typeof users.list !== "function") throw new UsageError(`${vendor}: listing users is not available for it yet`);

  // The output: stdout, or the file (created now, so that a bad path fails before any request).
  let out: NodeJS.WritableStream = io.stdout;
  let file: ReturnType<typeof createWriteStream> | undefined;
  if (flags.out) {
    file = createWriteStream(resolve(io.cwd, flags.out));
    try {
      await once(file, "open");
    } catch (error) {
      throw new UsageError(`--out ${flags.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    out = file;
  }
  const line = formatter(format);
  const listing = new AbortController();
  const onStop = () => listing.abort(new Error("interrupted"));
  stops.stop?.addEventListener("abort", onStop, { once: true });
  stops.abort?.addEventListener("abort", onStop, { once: true });
  // The reader went away (`| head`: EPIPE) or the disk failed: stop listing.
  let outError: NodeJS.ErrnoException | undefined;
  const onOutError = (error: NodeJS.ErrnoException) => {
    outError ??= error;
    listing.abort(error);
  };
  out.on?.("error", onOutError);

  // Progress: a line rewritten in place on a terminal (not with --verbose, whose lines it would garble).
  const err = io.stderr;
  const started = performance.now();
  let count = 0;
  const status = () => {
    const minutes = (performance.now() - started) / 60_000;
    return `${vendor}: ${count} users listed, ${requests} requests (${minutes > 0 ? Math.round(requests / minutes) : 0} req/min)`;
  };
  const live = !!err.isTTY && !flags.verbose;
  const timer = live ? setInterval(() => err.write(`\r${status()}\u001b[K`), 250) : undefined;
  timer?.unref();
  let failure: unknown;
  try {
    if (format === "csv") out.write(`${LIST_COLUMNS.join(",")}\n`);
    for await (const user of users.list({ ...query, signal: listing.signal })) {
      count++;
      // Back-pressure: a slow reader (a pipe, a disk) holds the listing, never the memory.
      if (!out.write(line(user))) await once(out, "drain", { signal: listing.signal });
    }
  } catch (error) {
    failure = error;
  } finally {
    if (timer) clearInterval(timer);
    stops.stop?.removeEventListener("abort", onStop);
    stops.abort?.removeEventListener("abort", onStop);
    out.off?.("error", onOutError);
    if (file) {
      file.end();
      await once(file, "close").catch(() => {});
    }
  }
  if (live) err.write(`\r${status()}\u001b[K\n`);
  const where = flags.out ? ` to ${flags.out}` : "";
  if (outError?.code === "EPIPE") return EXIT.ok; // the reader had enough (`userbridge list … | head`)
  if (outError) throw new UsageError(`cannot write the output${where}: ${outError.code ?? outError.message}`);
  if (listing.signal.aborted) {
    err.write(`interrupted: ${count} users written${where} before the stop; the listing is incomplete\n`);
    return EXIT.interrupted;
  }
  if (failure !== undefined) {
    if (count > 0) err.write(`${vendor}: the listing failed after ${count} users written${where}: incomplete\n`);
    throw failure; // the program prints it (exit 1; 2 for a refused query)
  }
  if (!live) err.write(`${status()}${where}\n`);
  return EXIT.ok;
}
