/**
 * `userbridge apply <file> [--dry-run] [--vendors …] [--journal F] [--resume] [--report F]
 * [--rate vendor=N/min] [--json]`: every row of the file to every vendor it targets, through the
 * bulk API, with a journal (resume after a crash), a report, progress and a summary.
 */
import { resolve } from "node:path";
import { applyChanges, type RowStatus } from "@userbridge/bulk";
import { parseRates, parseVendorList } from "../args.js";
import { resolveConnections } from "../config.js";
import { type AnyConnectedUsers, openVendor } from "../connect.js";
import { type ChangeRow, readRows } from "../input.js";
import { EXIT, formatRequest, type Io } from "../io.js";
import { inputDigest, keyOf, LineFile, openJournal, type ReportLine, readJournal, reportLine } from "../journal.js";
import { startProgress, summaryTable, type VendorProgress } from "../progress.js";
import { UsageError, type VendorName, vendorNames } from "../vendors.js";

/** The options of `userbridge apply`, as parsed from the command line. */
export interface ApplyFlags {
  dryRun?: boolean;
  vendors?: string[];
  journal?: string;
  resume?: boolean;
  report?: string;
  rate?: string[];
  json?: boolean;
  config?: string;
}

const STATUSES: RowStatus[] = ["applied", "unchanged", "unapplied", "not-found", "ambiguous", "invalid", "failed"];
const OK = new Set<RowStatus>(["applied", "unchanged"]);

/** The vendors a row goes to: its own, or every selected one. */
const targetsOf = (row: ChangeRow, vendors: readonly VendorName[]): VendorName[] =>
  row.vendor ? (vendors.includes(row.vendor) ? [row.vendor] : []) : [...vendors];

/**
 * `userbridge apply`: checks everything first (exit 2, nothing written), then applies every row to
 * every vendor it targets through the bulk API, with journal, report, progress and summary; resolves
 * to the exit code.
 */
export async function apply(file: string, flags: ApplyFlags, io: Io, signal?: AbortSignal): Promise<number> {
  // 1. Everything that can be refused is checked before anything is written.
  const rates = parseRates(flags.rate ?? []);
  const wanted = flags.vendors?.length ? parseVendorList(flags.vendors) : undefined;
  if (flags.resume && !flags.journal) throw new UsageError("--resume needs --journal <file>");
  if (flags.dryRun && flags.resume) throw new UsageError("--dry-run and --resume do not go together");
  const path = resolve(io.cwd, file);
  const rows = readRows(path);
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
  const previous = flags.journal && flags.resume ? readJournal(resolve(io.cwd, flags.journal), digest).done : new Map();
  const journal =
    flags.journal && !flags.dryRun
      ? openJournal(resolve(io.cwd, flags.journal), path, digest, !!flags.resume)
      : undefined;
  const report = flags.report ? new LineFile(resolve(io.cwd, flags.report), "w", false) : undefined;

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
    users[vendor] = await openVendor(connections[vendor] as NonNullable<(typeof connections)[VendorName]>, true);
  }
  const counts = new Map<VendorName, Map<string, number>>(selected.map((v) => [v, new Map()]));
  const count = (line: ReportLine) => {
    const c = counts.get(line.vendor);
    c?.set(line.status, (c.get(line.status) ?? 0) + 1);
  };
  let remaining = 0;
  rows.forEach((row, i) => {
    for (const v of targetsOf(row, selected)) {
      const done = previous.get(keyOf(i, v));
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
  const err = io.stderr;
  if (skipped) err.write(`resuming: ${skipped} results already in the journal are skipped\n`);
  if (flags.dryRun) err.write("dry run: the writes below are NOT sent (reads are, to find the users and plan)\n");

  const live = !!io.stderr.isTTY && !flags.json && !flags.dryRun;
  const bars = remaining > 0 ? startProgress(progress, io.stderr as NodeJS.WriteStream, { live }) : undefined;
  let interrupted = false;
  signal?.addEventListener("abort", () => {
    interrupted = true;
  });
  // 3. The run: each result journaled (written to the file) before the next is handled.
  try {
    for await (const result of applyChanges(rows, users, {
      dryRun: !!flags.dryRun,
      rates,
      // The whole file is in memory already: let every vendor's lane hold all of its rows, so that a
      // slow vendor never holds back the rows of the others (the default bounds memory for streams).
      buffer: Math.max(1000, rows.length),
      skip: (row, vendor) => !selected.includes(vendor) || previous.has(keyOf(row, vendor)),
      ...(signal ? { signal } : {}),
      onEvent: (event) => {
        const p = progress.get(event.vendor as VendorName);
        if (event.type === "throttle" && p) {
          p.throttles++;
          bars?.update(p.vendor);
        }
      },
    })) {
      const line = reportLine(result);
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
        io.stdout.write(`[${result.vendor}] row ${result.row} (${result.status}):\n`);
        for (const r of result.planned) io.stdout.write(`${formatRequest(r)}\n`);
      }
      if (!flags.json && !OK.has(result.status) && !live) {
        err.write(
          `[${result.vendor}] row ${result.row}: ${result.status}${line.error ? ` (${line.error.message.split("\n")[0]})` : ""}\n`,
        );
      }
    }
  } finally {
    bars?.stop();
    await journal?.close();
    await report?.close();
  }

  const out = flags.json ? err : io.stdout;
  out.write(`\n${summaryTable(counts, STATUSES)}\n`);
  const total = [...counts.values()].reduce((a, c) => a + [...c.values()].reduce((x, y) => x + y, 0), 0);
  const expected = skipped + remaining;
  if (interrupted || total < expected) {
    err.write(`interrupted: ${expected - total} results missing; run again with --resume to apply the rest\n`);
    return EXIT.notApplied;
  }
  const bad = [...counts.values()].some((c) => [...c].some(([s, n]) => n > 0 && !OK.has(s as RowStatus)));
  return bad ? EXIT.notApplied : EXIT.ok;
}
