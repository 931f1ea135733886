/**
 * `userbridge apply <file> [--dry-run] [--vendors …] [--journal F] [--resume] [--report F]
 * [--rate vendor=N/min] [--max-errors N] [--deactivate-first] [--verbose] [--json]`: every row of
 * the file (`action` update, create or delete) to every vendor it targets, through the bulk API,
 * with a journal (resume after a crash or Ctrl-C), a report, progress and a summary. Rows are
 * named by the file's line number everywhere.
 */
import { resolve } from "node:path";
import { applyChanges, type RowStatus, type VendorStoppedError } from "@userbridge/bulk";
import type { SharedPacing } from "@userbridge/bulk/redis";
import { oneLine } from "@userbridge/core/internal";
import { parseRates, parseVendorList } from "../args.js";
import { resolveConnections } from "../config.js";
import { type AnyConnectedUsers, openVendor } from "../connect.js";
import { type ChangeRow, readRows } from "../input.js";
import { EXIT, formatRequest, type Io, verboseFetch } from "../io.js";
import { inputDigest, keyOf, LineFile, openJournal, type ReportLine, readJournal, reportLine } from "../journal.js";
import { startProgress, summaryTable, type VendorProgress } from "../progress.js";
import { connectRedisPacing, redisUrlOf } from "../redis.js";
import { UsageError, type VendorName, vendorNames } from "../vendors.js";

/** The options of `userbridge apply`, as parsed from the command line. */
export interface ApplyFlags {
  dryRun?: boolean;
  vendors?: string[];
  journal?: string;
  resume?: boolean;
  report?: string;
  rate?: string[];
  maxErrors?: string;
  /** Delete rows: ONLYOFFICE terminates an active user first (it deletes only terminated users). */
  deactivateFirst?: boolean;
  verbose?: boolean;
  json?: boolean;
  config?: string;
  /** Redis URL: every vendor's pacing shared with the other processes (default USERBRIDGE_REDIS_URL). */
  redis?: string;
}

/** How a run is stopped from outside: `stop` (first Ctrl-C/SIGTERM) ends it gently, `abort` (the second) at once. */
export interface Stops {
  stop?: AbortSignal;
  abort?: AbortSignal;
}

const STATUSES: RowStatus[] = [
  "applied",
  "planned",
  "unchanged",
  "unapplied",
  "not-found",
  "ambiguous",
  "invalid",
  "failed",
  "skipped",
];
const OK = new Set<RowStatus>(["applied", "planned", "unchanged"]);

/** The vendors a row goes to: its own, or every selected one. */
const targetsOf = (row: ChangeRow, vendors: readonly VendorName[]): VendorName[] =>
  row.vendor ? (vendors.includes(row.vendor) ? [row.vendor] : []) : [...vendors];

/** `--max-errors N`: a whole number ≥ 1. */
function parseMaxErrors(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value.trim())) throw new UsageError(`--max-errors ${value}: expected a whole number ≥ 1`);
  return Number(value);
}

/** Redis failing during a run: said on stderr; the gate waits and asks again (never paces alone). */
const sharedPacingTrouble = (vendor: string, err: Io["stderr"]) => (error: unknown, retryInMs: number) =>
  err.write(
    `${vendor}: the shared budget (Redis) failed (${oneLine((error as Error)?.message ?? String(error))}); retrying in ${retryInMs} ms\n`,
  );

const quote = (s: string) => (/^[\w./:=@,+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

/** The command that finishes an interrupted run (the same flags, with --resume). */
function resumeCommand(file: string, flags: ApplyFlags): string {
  const args = ["userbridge", "apply", file, "--journal", flags.journal as string, "--resume"];
  if (flags.report) args.push("--report", flags.report);
  if (flags.vendors?.length) args.push("--vendors", flags.vendors.join(","));
  for (const r of flags.rate ?? []) args.push("--rate", r);
  if (flags.maxErrors) args.push("--max-errors", flags.maxErrors);
  if (flags.deactivateFirst) args.push("--deactivate-first");
  if (flags.config) args.push("--config", flags.config);
  if (flags.redis) args.push("--redis", flags.redis);
  if (flags.json) args.push("--json");
  return args.map(quote).join(" ");
}

/**
 * `userbridge apply`: checks everything first (exit 2, nothing written), then applies every row to
 * every vendor it targets through the bulk API, with journal, report, progress and summary; resolves
 * to the exit code.
 */
export async function apply(file: string, flags: ApplyFlags, io: Io, stops: Stops = {}): Promise<number> {
  // --redis: the vendors' budgets shared with every process pacing the same tenants; Redis
  // unreachable is a usage error (exit 2) before anything is read or sent.
  const redisUrl = redisUrlOf(flags.redis, io.env);
  const shared = redisUrl ? await connectRedisPacing(redisUrl) : undefined;
  try {
    return await applyWith(file, flags, io, stops, shared);
  } finally {
    await shared?.close();
  }
}

async function applyWith(
  file: string,
  flags: ApplyFlags,
  io: Io,
  stops: Stops,
  shared: SharedPacing | undefined,
): Promise<number> {
  // 1. Everything that can be refused is checked before anything is written.
  const rates = parseRates(flags.rate ?? []);
  const maxErrors = parseMaxErrors(flags.maxErrors);
  const wanted = flags.vendors?.length ? parseVendorList(flags.vendors) : undefined;
  if (flags.resume && !flags.journal) throw new UsageError("--resume needs --journal <file>");
  if (flags.dryRun && flags.resume) throw new UsageError("--dry-run and --resume do not go together");
  const path = resolve(io.cwd, file);
  const { rows, lines } = readRows(path, file);
  const connections = resolveConnections({ cwd: io.cwd, env: io.env, configFile: flags.config });
  const selected = wanted ?? (vendorNames.filter((v) => connections[v]) as VendorName[]);
  const problems: string[] = [];
  for (const v of selected)
    if (!connections[v]) problems.push(`${v}: no connection (config file or USERBRIDGE_* variables)`);
  if (selected.length === 0)
    problems.push("no vendor connection: add userbridge.config.json or USERBRIDGE_<VENDOR>_URL/_TOKEN");
  if (!wanted) {
    const named = new Set(rows.flatMap((r) => (r.vendor && !connections[r.vendor] ? [r.vendor] : [])));
    for (const v of named)
      problems.push(`rows name ${v}, which has no connection (or pass --vendors to leave them out)`);
  }
  if (problems.length) throw new UsageError(problems);

  const digest = inputDigest(path);
  const previous =
    flags.journal && flags.resume ? readJournal(resolve(io.cwd, flags.journal), digest, lines).done : new Map();
  const journal =
    flags.journal && !flags.dryRun
      ? openJournal(resolve(io.cwd, flags.journal), path, digest, !!flags.resume)
      : undefined;
  const report = flags.report ? new LineFile(resolve(io.cwd, flags.report), "w", false) : undefined;
  const err = io.stderr;

  // 2. Connections, each through the bulk API's request gate (paced at the vendor's rate).
  const progress = new Map<VendorName, VendorProgress>();
  const users: Partial<Record<VendorName, AnyConnectedUsers>> = {};
  for (const vendor of selected) {
    let requests = 0;
    progress.set(vendor, {
      vendor,
      total: 0,
      done: 0,
      requests: () => requests,
      addRequests: (n) => {
        requests += n;
      },
      throttles: 0,
    });
    const fetch = flags.verbose ? verboseFetch(vendor, err) : undefined;
    const c = connections[vendor] as NonNullable<(typeof connections)[VendorName]>;
    // Shared pacing: one budget per vendor tenant (its base URL) across processes.
    const pacing = shared
      ? { pacer: shared.pacer(vendor, c.url), onPacerError: sharedPacingTrouble(vendor, err) }
      : undefined;
    users[vendor] = await openVendor(c, true, fetch, pacing);
  }
  const counts = new Map<VendorName, Map<string, number>>(selected.map((v) => [v, new Map()]));
  const count = (line: ReportLine) => {
    const c = counts.get(line.vendor);
    c?.set(line.status, (c.get(line.status) ?? 0) + 1);
  };
  let remaining = 0;
  rows.forEach((row, i) => {
    for (const v of targetsOf(row, selected)) {
      const done = previous.get(keyOf(lines[i] as number, v));
      if (done) {
        count(done);
        report?.write(done); // the report holds every (row, vendor) once, resumed or not
      } else {
        (progress.get(v) as VendorProgress).total++;
        remaining++;
      }
    }
  });
  const skipped = previous.size;
  if (skipped) err.write(`resuming: ${skipped} results already in the journal are skipped\n`);
  if (flags.dryRun) err.write("dry run: the writes below are NOT sent (reads are, to find the users and plan)\n");

  // Vendors with no rows left get no bar and no table row.
  const active = new Map([...progress].filter(([, p]) => p.total > 0));
  const live = !!io.stderr.isTTY && !flags.json && !flags.dryRun && !flags.verbose;
  const bars = remaining > 0 ? startProgress(active, io.stderr as NodeJS.WriteStream, { live }) : undefined;
  const stopped = new Map<VendorName, VendorStoppedError>();
  const say = (line: string) => (bars ? bars.log(line) : err.write(`${line}\n`));
  const onStop = () => say("stopping: no new rows; the rows in flight finish (Ctrl-C again to cancel them)");
  const onAbort = () => say("cancelling the requests in flight");
  stops.stop?.addEventListener("abort", onStop, { once: true });
  stops.abort?.addEventListener("abort", onAbort, { once: true });
  // 3. The run: each result journaled (written to the file) before the next is handled.
  try {
    for await (const result of applyChanges(rows, users, {
      dryRun: !!flags.dryRun,
      rates,
      ...(maxErrors !== undefined ? { maxErrors } : {}),
      ...(flags.deactivateFirst ? { deleteOptions: { deactivateFirst: true } } : {}),
      // The whole file is in memory already: let every vendor's lane hold all of its rows, so that a
      // slow vendor never holds back the rows of the others (the default bounds memory for streams).
      // A stop signal closes the lanes: the rows not started are left for --resume.
      buffer: Math.max(1000, rows.length),
      skip: (row, vendor) => !selected.includes(vendor) || previous.has(keyOf(lines[row] as number, vendor)),
      ...(stops.stop ? { signal: stops.stop } : {}),
      ...(stops.abort ? { abort: stops.abort } : {}),
      onEvent: (event) => {
        if (event.type === "stopped") stopped.set(event.vendor, event.error);
        const p = progress.get(event.vendor as VendorName);
        if (event.type === "throttle" && p) {
          p.throttles++;
          bars?.update(p.vendor);
        }
      },
    })) {
      const at = lines[result.row] as number;
      const line = reportLine(result, at);
      journal?.write(line);
      report?.write(line);
      count(line);
      const p = progress.get(result.vendor) as VendorProgress;
      p.done++;
      p.addRequests(result.requests);
      if (p.done >= p.total) p.endedAt = performance.now();
      bars?.update(result.vendor);
      if (flags.json) io.stdout.write(`${JSON.stringify({ type: "result", ...line })}\n`);
      if (flags.dryRun && result.planned) {
        io.stdout.write(`[${result.vendor}] ${file}:${at} ${result.status}:\n`);
        for (const r of result.planned) io.stdout.write(`${formatRequest(r)}\n`);
      }
      // One line per row not applied (the skipped rows of a stopped vendor: one line for all, below).
      if (!flags.json && !OK.has(result.status) && result.status !== "skipped" && !live) {
        err.write(
          `[${result.vendor}] ${file}:${at} ${result.status}${result.error ? `: ${oneLine(result.error.message)}` : ""}\n`,
        );
      }
    }
  } finally {
    stops.stop?.removeEventListener("abort", onStop);
    stops.abort?.removeEventListener("abort", onAbort);
    bars?.stop();
    await journal?.close();
    await report?.close();
  }

  const out = flags.json ? err : io.stdout;
  const shown = new Map([...counts].filter(([, c]) => [...c.values()].some((n) => n > 0)));
  out.write(`\n${summaryTable(shown, STATUSES)}\n`);
  for (const [vendor, error] of stopped) {
    const n = counts.get(vendor)?.get("skipped") ?? 0;
    err.write(`${vendor} stopped, ${n} rows skipped: ${oneLine(error.message)}\n`);
  }
  const total = [...counts.values()].reduce((a, c) => a + [...c.values()].reduce((x, y) => x + y, 0), 0);
  const expected = skipped + remaining;
  if (total < expected) {
    const how = stops.abort?.aborted ? "aborted (the requests in flight were cancelled)" : "interrupted";
    err.write(`${how}: ${total} of ${expected} results done, ${expected - total} left\n`);
    if (flags.journal && !flags.dryRun) {
      err.write(`the journal ${flags.journal} holds every result done; to apply the rest, once:\n`);
      err.write(`  ${resumeCommand(file, flags)}\n`);
    } else if (!flags.dryRun) {
      err.write("no --journal was kept: run again with --journal F to be able to --resume next time\n");
    }
    return EXIT.interrupted;
  }
  const bad = [...counts.values()].some((c) => [...c].some(([s, n]) => n > 0 && !OK.has(s as RowStatus)));
  return bad ? EXIT.notApplied : EXIT.ok;
}
