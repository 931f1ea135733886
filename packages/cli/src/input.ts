/**
 * Reads a change file, all of it, before anything is sent: JSON Lines (one ChangeRow per line) or
 * CSV (columns `action,vendor,id,email,<normalized fields>`, an empty cell meaning "no change"; an
 * empty or absent `action` is `update`). Every problem is collected and reported at once (exit 2,
 * nothing written).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { type ChangeRow, rowIssues } from "@userbridge/bulk";
import { FIELD_NAMES } from "@userbridge/unified";
import { parse } from "csv-parse/sync";
import { UsageError, type VendorName } from "./vendors.js";

export type { ChangeRow };

/** The rows of a change file, each with the file's line number it starts on (what every message and report names). */
export interface Rows {
  rows: ChangeRow[];
  /** `lines[i]`: the line of the file where row `i` starts (1-based; a CSV's line 1 is its header). */
  lines: number[];
}

const FIELDS = new Set<string>(FIELD_NAMES);
const BOOLEANS = new Set(["active", "admin"]);
const MAX_PROBLEMS = 20;

function cellValue(field: string, cell: string, where: string, problems: string[]): unknown {
  if (!BOOLEANS.has(field)) return cell;
  const v = cell.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  problems.push(`${where}: ${field} must be true or false, got ${JSON.stringify(cell.slice(0, 40))}`);
  return undefined;
}

/**
 * Parses a CSV of changes (`vendor,id,email,<normalized fields>`; an empty cell means "no change")
 * into rows; any problem is a UsageError naming each `file:line`.
 */
export function parseCsv(text: string, file: string): Rows {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Line endings as LF, so that csv-parse counts lines as an editor does (a quoted cell may span lines).
    records = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      info: true,
    });
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  const [head, ...body] = records;
  const header = head?.record;
  if (!header) throw new UsageError(`${file}: empty file`);
  const columns = header.map((h) => h.trim());
  const problems: string[] = [];
  for (const c of columns) {
    if (c !== "action" && c !== "vendor" && c !== "id" && c !== "email" && !FIELDS.has(c)) {
      problems.push(
        `${file}: unknown column "${c}" (use action, vendor, id, email and normalized fields: ${FIELD_NAMES.join(", ")})`,
      );
    }
  }
  if (!columns.includes("id") && !columns.includes("email")) problems.push(`${file}: needs an id or an email column`);
  if (problems.length) throw new UsageError(problems);
  // info.lines is the record's last line: back by the line breaks inside its quoted cells.
  const lines = body.map(({ record, info }) => info.lines - record.join("").split("\n").length + 1);
  const rows = body.map(({ record: cells }, i) => {
    const where = `${file}:${lines[i]}`;
    const row: ChangeRow = { changes: {} };
    columns.forEach((column, c) => {
      const cell = cells[c] ?? "";
      if (cell === "") return; // an empty cell: no change
      if (column === "action") row.action = cell.trim().toLowerCase() as ChangeRow["action"] & string;
      else if (column === "vendor") row.vendor = cell.trim() as VendorName;
      else if (column === "id") row.id = cell.trim();
      else if (column === "email")
        row.email = cell.trim(); // the lookup key, or a create's new email (JSONL changes.email sets an email)
      else {
        const value = cellValue(column, cell, where, problems);
        if (value !== undefined) row.changes[column] = value;
      }
    });
    return row;
  });
  return { rows: check(rows, file, (i) => `${file}:${lines[i]}`, problems), lines };
}

/** Parses JSON Lines of `{ vendor?, id?, email?, changes }` into rows; any problem is a UsageError naming each `file:line`. */
export function parseJsonl(text: string, file: string): Rows {
  const problems: string[] = [];
  const rows: ChangeRow[] = [];
  // A byte order mark (Windows editors write one) is not part of the first line's JSON.
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const lineOf: number[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${file}:${i + 1}: not valid JSON`);
      return;
    }
    const v = value as Record<string, unknown>;
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      problems.push(`${file}:${i + 1}: expected {"action"?, "vendor"?, "id"?, "email"?, "changes": {...}}`);
      return;
    }
    for (const key of Object.keys(v)) {
      if (!["action", "vendor", "id", "email", "changes"].includes(key))
        problems.push(`${file}:${i + 1}: unknown key "${key}"`);
    }
    // A delete (or a create with nothing but the email) may leave `changes` out.
    if (v.changes === undefined && (v.action === "delete" || v.action === "create")) v.changes = {};
    rows.push(v as unknown as ChangeRow); // checked below, with the bulk API's rules
    lineOf.push(i + 1);
  });
  return { rows: check(rows, file, (i) => `${file}:${lineOf[i]}`, problems), lines: lineOf };
}

/** The bulk API's own row rules (known vendor, an id or an email, an id only with its vendor, values' types). */
function check(rows: ChangeRow[], file: string, where: (i: number) => string, problems: string[]): ChangeRow[] {
  rows.forEach((row, i) => {
    for (const issue of rowIssues(row))
      problems.push(`${where(i)}: ${issue.path ? `${issue.path} ` : ""}${issue.message}`);
  });
  if (rows.length === 0 && problems.length === 0) problems.push(`${file}: no rows`);
  if (problems.length) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more problems`);
    throw new UsageError(shown);
  }
  return rows;
}

/** Reads `file` by its extension (.csv, .jsonl/.ndjson); messages name it as `shown` (the path as given). */
export function readRows(file: string, shown = file): Rows {
  const ext = extname(file).toLowerCase();
  if (ext !== ".csv" && ext !== ".jsonl" && ext !== ".ndjson") {
    throw new UsageError(`${shown}: expected a .csv or .jsonl file`);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return ext === ".csv" ? parseCsv(text, shown) : parseJsonl(text, shown);
}
