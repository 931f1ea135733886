/**
 * Progress on stderr: on a terminal, one live bar per vendor (cli-progress) with done/total,
 * request rate, ETA and throttles; otherwise a plain line per vendor every few seconds and at the end.
 */
import cliProgress from "cli-progress";
import type { VendorName } from "./vendors.js";

export interface VendorProgress {
  vendor: VendorName;
  total: number;
  done: number;
  requests: () => number;
  addRequests: (n: number) => void;
  throttles: number;
  /** When the last row finished (its rate is frozen from then on). */
  endedAt?: number;
}

export interface Progress {
  update(vendor: VendorName): void;
  /** A line above the bars (live) or among the progress lines. */
  log(line: string): void;
  stop(): void;
}

const perMinute = (requests: number, ms: number) => (ms > 0 ? Math.round((requests * 60_000) / ms) : 0);

function eta(p: VendorProgress, ms: number): string {
  if (p.done >= p.total) return "done";
  if (p.done === 0) return "…";
  const s = Math.round(((p.total - p.done) * ms) / p.done / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export function startProgress(
  vendors: Map<VendorName, VendorProgress>,
  stream: NodeJS.WriteStream,
  options: { live: boolean; intervalMs?: number },
): Progress {
  const started = performance.now();
  const width = Math.max(...[...vendors.keys()].map((v) => v.length));
  const payload = (p: VendorProgress) => {
    const ms = (p.endedAt ?? performance.now()) - started;
    return {
      name: p.vendor.padEnd(width),
      rate: `${perMinute(p.requests(), ms)} req/min`,
      left: eta(p, ms),
      throttles: p.throttles,
    };
  };
  if (options.live) {
    const multi = new cliProgress.MultiBar(
      {
        stream,
        format: " {name} {bar} {value}/{total} | {rate} | ETA {left} | throttled {throttles}",
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map([...vendors].map(([v, p]) => [v, multi.create(p.total, 0, payload(p))]));
    return {
      update(vendor) {
        const p = vendors.get(vendor);
        if (p) bars.get(vendor)?.update(p.done, payload(p));
      },
      log(line) {
        multi.log(`${line}\n`);
      },
      stop() {
        for (const [v, p] of vendors) bars.get(v)?.update(p.done, payload(p));
        multi.stop();
      },
    };
  }
  const print = () => {
    for (const p of vendors.values()) {
      const { name, rate, left, throttles } = payload(p);
      stream.write(`${name} ${p.done}/${p.total} ${rate} ETA ${left} throttled ${throttles}\n`);
    }
  };
  const timer = setInterval(print, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    update() {},
    log(line) {
      stream.write(`${line}\n`);
    },
    stop() {
      clearInterval(timer);
      print();
    },
  };
}

/** The summary table: one line per vendor, one column per status that occurred. */
export function summaryTable(counts: Map<VendorName, Map<string, number>>, order: readonly string[]): string {
  const statuses = order.filter((s) => [...counts.values()].some((c) => (c.get(s) ?? 0) > 0));
  const header = ["vendor", ...statuses, "total"];
  const rows = [...counts].map(([v, c]) => {
    const cells = statuses.map((s) => String(c.get(s) ?? 0));
    return [v, ...cells, String([...c.values()].reduce((a, b) => a + b, 0))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [fmt(header), ...rows.map(fmt)].join("\n");
}
