/** Helpers for the tests of `userbridge scim serve`: the real binary as a child process, spoken to over HTTP. */
import { spawnCli } from "./support.js";

export const GATEWAY_TOKEN = "gateway-test-token-0123456789";
export const SCIM = "application/scim+json";

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  body: any;
}

/** A running `userbridge scim serve`. */
export interface GatewayProcess {
  /** `scim <vendor> <base-url>` as printed. */
  bases: Record<string, string>;
  /** http://host:port */
  origin: string;
  /** Sends one SCIM request to `<base of vendor><path>`. */
  send(vendor: string, method: string, path: string, body?: unknown, token?: string): Promise<Answer>;
  /** The JSON log lines printed so far. */
  logs(): Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exit: Promise<number | null>;
  pid: number;
}

/** Starts `userbridge scim serve --port 0 …args` and resolves once it printed the base URL of every one of `vendors`. */
export async function startGatewayProcess(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  vendors: readonly string[],
): Promise<GatewayProcess> {
  const p = spawnCli(["scim", "serve", "--port", "0", ...args], { USERBRIDGE_SCIM_TOKENS: GATEWAY_TOKEN, ...env }, cwd);
  const bases: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${p.stderr()}`)), 30_000);
    const check = () => {
      for (const line of p.stdout().split("\n")) {
        const m = /^scim (\S+) (\S+)$/.exec(line);
        if (m) bases[m[1] as string] = m[2] as string;
      }
      if (vendors.every((v) => bases[v])) {
        clearTimeout(timer);
        resolve();
      }
    };
    p.child.stdout.on("data", check);
    p.exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}):\n${p.stderr()}`));
    });
  });
  const origin = new URL(Object.values(bases)[0] as string).origin;
  return {
    bases,
    origin,
    pid: p.child.pid as number,
    exit: p.exit,
    stdout: p.stdout,
    stderr: p.stderr,
    logs: () =>
      p
        .stdout()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    async send(vendor, method, path, body, token = GATEWAY_TOKEN) {
      const response = await fetch(`${bases[vendor]}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { "content-type": SCIM } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    async stop(signal = "SIGTERM") {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
      return p.exit;
    },
  };
}

/** A filter query as the identity providers send it. */
export const q = (filter: string, paging = "") => `/Users?filter=${encodeURIComponent(filter)}${paging}`;

/**
 * The vendors whose facade adapter has a lifecycle factory (`<vendor>Lifecycle`: create, list), which
 * the gateway uses (all five now); a vendor without one answers 501 to POST /Users.
 */
export const CREATES: Record<string, boolean> = {
  "snipe-it": true,
  zluri: true,
  onlyoffice: true,
  nexudus: true,
  "sailpoint-nerm": true,
};
