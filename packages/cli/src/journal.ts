/**
 * The journal: an append-only JSON Lines file, one line per (row, vendor) result, handed to the
 * operating system with `fs.writeSync` before the next result is handled, so a crash or SIGKILL of
 * the process loses at most the rows in flight; `fdatasync` then takes it to the disk in the
 * background (one sync covers every line written while the previous one ran, so the event loop
 * never waits ~2 ms per row for the disk), and closing waits for the last one. Its first line names the input (path and SHA-256), so that
 * `--resume` refuses a journal written for another file.
 *
 * The same line shape is the report's: `{ row, vendor, id, email, status, requests, error? }`, where
 * `row` is the line of the input file the row starts on (journal version 2; version 1 journals
 * counted rows from 0 and are still read: their rows are mapped to lines, and a resumed run appends
 * a version 2 header before its own lines).
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fdatasync, openSync, readFileSync, writeSync } from "node:fs";
import type { RowResult, RowStatus } from "@userbridge/bulk";
import { UsageError } from "./vendors.js";

/** A result as the journal and the report store it: the bulk API's RowResult with its error summarized. */
export type ReportLine = Omit<RowResult, "error" | "planned"> & {
  error?: { name: string; message: string; status?: number };
};

/**
 * Statuses a resumed run does not retry (a "failed" row, a transient failure, and a "skipped" one,
 * whose vendor was stopped, are tried again).
 */
const DONE = new Set<RowStatus>(["applied", "unchanged", "unapplied", "not-found", "ambiguous", "invalid"]);

/** The journal format written: `row` holds the input file's line number. */
export const JOURNAL_VERSION = 2;

/** The key of a (row, vendor) result: `row` is the file's line number. */
export const keyOf = (line: number, vendor: string) => `${line}\u0000${vendor}`;

/** A result as the journal and the report store it, `row` being the line `line` of the file. */
export function reportLine(result: RowResult, line: number): ReportLine {
  const out: ReportLine = { row: line, vendor: result.vendor, status: result.status, requests: result.requests };
  if (result.id !== undefined) out.id = result.id;
  if (result.email !== undefined) out.email = result.email;
  if (result.error) {
    const e = result.error as Error & { status?: number };
    out.error = { name: e.name, message: e.message };
    if (typeof e.status === "number") out.error.status = e.status;
  }
  return out;
}

/**
 * An append-only JSON Lines file. Each line reaches the file (the OS) before `write` returns; with
 * `sync`, fdatasync runs in the background, coalesced, and {@link LineFile.close} waits for it.
 */
export class LineFile {
  readonly fd: number;
  readonly #sync: boolean;
  /** A sync is running / another is wanted after it (lines were written while it ran). */
  #syncing: Promise<void> | undefined;
  #dirty = false;
  #error: unknown;
  constructor(path: string, flags: "a" | "w", sync: boolean) {
    this.fd = openSync(path, flags);
    this.#sync = sync;
  }
  write(value: unknown): void {
    if (this.#error) throw this.#error;
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
    if (this.#sync) {
      this.#dirty = true;
      this.#syncing ??= this.#flush();
    }
  }
  async #flush(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      await new Promise<void>((resolve) =>
        fdatasync(this.fd, (error) => {
          if (error) this.#error ??= error;
          resolve();
        }),
      );
    }
    this.#syncing = undefined;
  }
  /** Waits for the last sync, then closes; a failed sync is thrown here (or by the next write). */
  async close(): Promise<void> {
    await this.#syncing;
    closeSync(this.fd);
    if (this.#error) throw this.#error;
  }
}

export const inputDigest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

export interface JournalState {
  /** The last result recorded per (row, vendor), for results that are done. */
  done: Map<string, ReportLine>;
  version: number;
}

/**
 * Reads an existing journal for `--resume`: checks it belongs to `digest`, and keeps the last line
 * per (row, vendor). A torn last line (the process was killed mid-write) is ignored. `lines` maps
 * the rows of a version 1 journal (counted from 0) to the file's lines.
 */
export function readJournal(path: string, digest: string, lines: readonly number[]): JournalState {
  const done = new Map<string, ReportLine>();
  if (!existsSync(path)) return { done, version: JOURNAL_VERSION };
  const text = readFileSync(path, "utf8").split("\n");
  type Header = { journal?: number; sha256?: string };
  let version: number | undefined;
  for (const [i, raw] of text.entries()) {
    if (!raw.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      if (i >= text.length - 2) continue; // the torn last line of a killed run
      throw new UsageError(`${path}:${i + 1}: not a journal line`);
    }
    if (version === undefined || (value as Header)?.journal !== undefined) {
      const h = value as Header;
      if (h?.journal !== 1 && h?.journal !== JOURNAL_VERSION) throw new UsageError(`${path}: not a userbridge journal`);
      if (h.sha256 !== digest) {
        throw new UsageError(`${path}: this journal was written for another input file (or the file changed)`);
      }
      version = h.journal;
      continue;
    }
    const line = value as ReportLine;
    if (version === 1) line.row = lines[line.row] ?? -1; // rows counted from 0 → the file's lines
    if (DONE.has(line.status)) done.set(keyOf(line.row, line.vendor), line);
    else done.delete(keyOf(line.row, line.vendor));
  }
  return { done, version: version ?? JOURNAL_VERSION };
}

/**
 * Opens the journal for appending (a new one starts with its header line; one written by an older
 * version gets a new header, after which rows are lines).
 */
export function openJournal(path: string, input: string, digest: string, resume: boolean): LineFile {
  if (!resume && existsSync(path) && readFileSync(path, "utf8").trim()) {
    throw new UsageError(`${path}: a journal already exists: pass --resume to continue it, or remove it`);
  }
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  let current = 0;
  for (const raw of existing.split("\n")) {
    try {
      const v = JSON.parse(raw) as { journal?: number };
      if (typeof v?.journal === "number") current = v.journal;
    } catch {}
  }
  const journal = new LineFile(path, "a", true);
  if (existing !== "" && !existing.endsWith("\n")) writeSync(journal.fd, "\n"); // after a torn last line
  if (current !== JOURNAL_VERSION) journal.write({ journal: JOURNAL_VERSION, input, sha256: digest, row: "line" });
  return journal;
}
