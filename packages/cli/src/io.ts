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

/** Exit codes: 0 all applied or unchanged, 1 some rows not applied, 2 bad usage or unreadable input. */
export const EXIT = { ok: 0, notApplied: 1, usage: 2 } as const;

/** A request for the terminal: method, URL, headers (as rendered: secrets redacted) and body. */
export function formatRequest(r: { method: string; url: string; headers: Record<string, string>; body?: unknown }) {
  const headers = Object.entries(r.headers).map(([k, v]) => `    ${k}: ${v}`);
  const body = r.body === undefined ? [] : [`    ${JSON.stringify(r.body)}`];
  return [`  ${r.method} ${r.url}`, ...headers, ...body].join("\n");
}
