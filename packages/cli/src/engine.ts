/**
 * INTERIM stand-in for `applyChanges` of `@userbridge/bulk` (BULK.md contract), until that package
 * lands on main: the CLI is written against the contract's types, and this file then becomes a
 * re-export. Per vendor, rows are applied one after the other (the connection's meter paces the
 * requests at the vendor's rate); vendors run side by side.
 */
import {
  InvalidInputError,
  NotFoundError,
  type RenderedRequest,
  UnsupportedFieldError,
  type UserbridgeError,
} from "@userbridge/core";
import { type ConnectedUsers, type NormalizedUser, splitByCapability } from "@userbridge/unified";
import type { ChangeRow } from "./input.js";
import type { VendorName } from "./vendors.js";

export type RowStatus = "applied" | "unchanged" | "unapplied" | "not-found" | "ambiguous" | "invalid" | "failed";

export interface RowResult {
  row: number;
  vendor: VendorName;
  id?: string;
  email?: string;
  status: RowStatus;
  requests: number;
  error?: UserbridgeError | Error;
  planned?: RenderedRequest[];
}

export type BulkEvent =
  | { type: "result"; vendor: VendorName; result: RowResult }
  | { type: "throttle"; vendor: VendorName };

// biome-ignore lint/suspicious/noExplicitAny: the five facades differ in their change types
export type AnyConnectedUsers = ConnectedUsers<string, any, any, any>;

export interface ApplyOptions {
  dryRun?: boolean;
  skip?: (row: number, vendor: VendorName) => boolean;
  signal?: AbortSignal;
  onEvent?: (e: BulkEvent) => void;
  /** Interim only: the request counter of each connection (the bulk package counts its own). */
  requestCount?: (vendor: VendorName) => number;
}

type Finder = { find?: (query: { email: string }) => Promise<NormalizedUser> };

/** The vendors a row goes to: its own, or every connected one. */
export function targetsOf(row: ChangeRow, vendors: readonly VendorName[]): VendorName[] {
  return row.vendor ? (vendors.includes(row.vendor) ? [row.vendor] : []) : [...vendors];
}

function statusOf(error: unknown): RowStatus {
  if (error instanceof NotFoundError) return "not-found";
  if (error instanceof InvalidInputError || error instanceof UnsupportedFieldError) return "invalid";
  const name = (error as Error | undefined)?.name;
  if (name === "AmbiguousMatchError") return "ambiguous";
  if (name === "UnappliedChangesError") return "unapplied";
  return "failed";
}

const differs = (user: Record<string, unknown>, changes: Record<string, unknown>) =>
  Object.entries(changes).filter(([k, v]) => k !== "password" && k !== "vendor" && user[k] !== v);

async function applyOne(
  users: AnyConnectedUsers,
  row: ChangeRow,
  index: number,
  vendor: VendorName,
  options: ApplyOptions,
): Promise<RowResult> {
  const count = () => options.requestCount?.(vendor) ?? 0;
  const start = count();
  const result: RowResult = { row: index, vendor, status: "failed", requests: 0 };
  if (row.id !== undefined) result.id = row.id;
  if (row.email !== undefined) result.email = row.email;
  try {
    const { supported } = splitByCapability(row.changes, users.capabilities);
    if (Object.keys(supported).length === 0) {
      result.status = "unchanged";
      return result;
    }
    let current: NormalizedUser | undefined;
    if (row.id === undefined) {
      const find = (users as Finder).find;
      if (!find) throw new Error("find by email needs users.find() (issue 14): give the vendor's id");
      current = await find({ email: row.email as string });
      result.id = current.id;
    }
    const id = result.id as string;
    if (options.dryRun) {
      const plan = await users.plan(id, supported);
      result.planned = [...plan.reads, ...plan.writes];
      result.status = plan.writes.length ? "applied" : "unchanged";
      return result;
    }
    current ??= await users.get(id);
    if (differs(current as Record<string, unknown>, supported).length === 0 && !("password" in supported)) {
      result.status = "unchanged";
      return result;
    }
    const after = await users.update(id, supported);
    result.status = differs(after as Record<string, unknown>, supported).length ? "unapplied" : "applied";
  } catch (error) {
    result.status = statusOf(error);
    result.error = error as Error;
  } finally {
    result.requests = count() - start;
  }
  return result;
}

export async function* applyChanges(
  rows: Iterable<ChangeRow>,
  connections: Partial<Record<VendorName, AnyConnectedUsers>>,
  options: ApplyOptions = {},
): AsyncIterable<RowResult> {
  const list = [...rows];
  const vendors = Object.keys(connections) as VendorName[];
  const ready: RowResult[] = [];
  let wake: (() => void) | undefined;
  let running = vendors.length;
  const worker = async (vendor: VendorName) => {
    const users = connections[vendor] as AnyConnectedUsers;
    try {
      for (const [index, row] of list.entries()) {
        if (options.signal?.aborted) break;
        if (!targetsOf(row, [vendor]).length || options.skip?.(index, vendor)) continue;
        const result = await applyOne(users, row, index, vendor, options);
        options.onEvent?.({ type: "result", vendor, result });
        ready.push(result);
        wake?.();
      }
    } finally {
      running--;
      wake?.();
    }
  };
  const all = Promise.all(vendors.map(worker));
  while (running > 0 || ready.length > 0) {
    if (ready.length === 0) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    while (ready.length > 0) yield ready.shift() as RowResult;
  }
  await all;
}

/** Each vendor's documented limit (requests per minute), as the simulators enforce it. */
export const documentedLimits: Record<VendorName, { perMinute: number; source: string }> = {
  "snipe-it": { perMinute: 120, source: "packages/snipe-it/src/simulator.ts (120 per 60 s)" },
  zluri: { perMinute: 100, source: "packages/zluri/src/simulator.ts (100 per minute)" },
  onlyoffice: { perMinute: 3000, source: "packages/onlyoffice/src/simulator.ts (500 per 10 s)" },
  nexudus: { perMinute: 600, source: "packages/nexudus/src/simulator.ts (1 per 100 ms)" },
  "sailpoint-nerm": { perMinute: 600, source: "packages/sailpoint-nerm/src/simulator.ts (100 per 10 s)" },
};
