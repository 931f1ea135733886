/** What a command may touch: its streams, environment and directory (a test passes its own). */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean });
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

/**
 * Exit codes: 0 all applied or unchanged, 1 some rows not applied (a vendor stopped included), 2 bad
 * usage or unreadable input, 130 interrupted (SIGINT or SIGTERM: the rows done are journaled).
 */
export const EXIT = { ok: 0, notApplied: 1, usage: 2, interrupted: 130 } as const;

/**
 * `--verbose`: a fetch that prints one line per HTTP request to `out` — vendor, method, path (no
 * query string: it may carry a secret), status and duration; never a header or a body.
 */
export function verboseFetch(vendor: string, out: Io["stderr"], base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = init?.method ?? request?.method ?? "GET";
    const path = new URL(request ? request.url : String(input)).pathname;
    const started = performance.now();
    const ms = () => `${Math.round(performance.now() - started)} ms`;
    try {
      const response = await base(input, init);
      out.write(`[${vendor}] ${method} ${path} ${response.status} ${ms()}\n`);
      return response;
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      const code = e?.cause?.code ? ` (${e.cause.code})` : "";
      out.write(`[${vendor}] ${method} ${path} failed after ${ms()}: ${e?.message ?? String(error)}${code}\n`);
      throw error;
    }
  };
}

/** A request for the terminal: method, URL, headers (as rendered: secrets redacted) and body. */
export function formatRequest(r: { method: string; url: string; headers: Record<string, string>; body?: unknown }) {
  const headers = Object.entries(r.headers).map(([k, v]) => `    ${k}: ${v}`);
  const body = r.body === undefined ? [] : [`    ${JSON.stringify(r.body)}`];
  return [`  ${r.method} ${r.url}`, ...headers, ...body].join("\n");
}
