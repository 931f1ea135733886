/**
 * The journal: an append-only JSON Lines file, one line per (row, vendor) result, handed to the
 * operating system with `fs.writeSync` before the next result is handled, so a crash or SIGKILL of
 * the process loses at most the rows in flight; `fdatasync` then takes it to the disk in the
 * background (one sync covers every line written while the previous one ran, so the event loop
 * never waits ~2 ms per row for the disk), and closing waits for the last one. Its first line names the input (path and SHA-256), so that
 * `--resume` refuses a journal written for another file.
 *
 * The same line shape is the report's: `{ row, vendor, id, email, status, requests, error? }`.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fdatasync, openSync, readFileSync, writeSync } from "node:fs";
import type { RowResult, RowStatus } from "@userbridge/bulk";
import { UsageError } from "./vendors.js";

/** A result as the journal and the report store it: the bulk API's RowResult with its error summarized. */
export type ReportLine = Omit<RowResult, "error" | "planned"> & {
  error?: { name: string; message: string; status?: number };
};

/** Statuses a resumed run does not retry (a "failed" row, a transient failure, is tried again). */
const DONE = new Set<RowStatus>(["applied", "unchanged", "unapplied", "not-found", "ambiguous", "invalid"]);

export const keyOf = (row: number, vendor: string) => `${row}\u0000${vendor}`;

export function reportLine(result: RowResult): ReportLine {
  const line: ReportLine = { row: result.row, vendor: result.vendor, status: result.status, requests: result.requests };
  if (result.id !== undefined) line.id = result.id;
  if (result.email !== undefined) line.email = result.email;
  if (result.error) {
    const e = result.error as Error & { status?: number };
    line.error = { name: e.name, message: e.message };
    if (typeof e.status === "number") line.error.status = e.status;
  }
  return line;
}

/**
 * An append-only JSON Lines file. Each line reaches the file (the OS) before `write` returns; with
 * `sync`, fdatasync runs in the background, coalesced, and {@link LineFile.close} waits for it.
 */
export class LineFile {
  readonly #fd: number;
  readonly #sync: boolean;
  /** A sync is running / another is wanted after it (lines were written while it ran). */
  #syncing: Promise<void> | undefined;
  #dirty = false;
  #error: unknown;
  constructor(path: string, flags: "a" | "w", sync: boolean) {
    this.#fd = openSync(path, flags);
    this.#sync = sync;
  }
  write(value: unknown): void {
    if (this.#error) throw this.#error;
    writeSync(this.#fd, `${JSON.stringify(value)}\n`);
    if (this.#sync) {
      this.#dirty = true;
      this.#syncing ??= this.#flush();
    }
  }
  async #flush(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      await new Promise<void>((resolve) =>
        fdatasync(this.#fd, (error) => {
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
    closeSync(this.#fd);
    if (this.#error) throw this.#error;
  }
}

export const inputDigest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

export interface JournalState {
  /** The last result recorded per (row, vendor), for results that are done. */
  done: Map<string, ReportLine>;
}

/**
 * Reads an existing journal for `--resume`: checks it belongs to `digest`, and keeps the last line
 * per (row, vendor). A torn last line (the process was killed mid-write) is ignored.
 */
export function readJournal(path: string, digest: string): JournalState {
  const done = new Map<string, ReportLine>();
  if (!existsSync(path)) return { done };
  const lines = readFileSync(path, "utf8").split("\n");
  type Header = { journal?: number; sha256?: string };
  let header: Header | undefined;
  for (const [i, text] of lines.entries()) {
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (i >= lines.length - 2) continue; // the torn last line of a killed run
      throw new UsageError(`${path}:${i + 1}: not a journal line`);
    }
    if (header === undefined) {
      const h = value as Header;
      header = h;
      if (h?.journal !== 1) throw new UsageError(`${path}: not a userbridge journal`);
      if (h.sha256 !== digest) {
        throw new UsageError(`${path}: this journal was written for another input file (or the file changed)`);
      }
      continue;
    }
    const line = value as ReportLine;
    if (DONE.has(line.status)) done.set(keyOf(line.row, line.vendor), line);
    else done.delete(keyOf(line.row, line.vendor));
  }
  return { done };
}

/** Opens the journal for appending (a new one starts with its header line). */
export function openJournal(path: string, input: string, digest: string, resume: boolean): LineFile {
  if (!resume && existsSync(path) && readFileSync(path, "utf8").trim()) {
    throw new UsageError(`${path}: a journal already exists: pass --resume to continue it, or remove it`);
  }
  const fresh = !existsSync(path) || !readFileSync(path, "utf8").trim();
  const journal = new LineFile(path, "a", true);
  if (fresh) journal.write({ journal: 1, input, sha256: digest });
  return journal;
}
