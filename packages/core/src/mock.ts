import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** The options of {@link startPrismMock}. */
export interface PrismMockOptions {
  /** Path to an OpenAPI file. */
  spec: string;
  /** Port to listen on; default: a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Generate responses from the schemas instead of serving the examples. */
  dynamic?: boolean;
  /** How long to wait for Prism to answer, in ms. Default 30 000. */
  startTimeoutMs?: number;
}

/** A running Prism mock. */
export interface PrismMock {
  /** `http://<host>:<port>`: pass it as a client's `baseUrl`. */
  url: string;
  /** The port Prism listens on. */
  port: number;
  /** Stops Prism (SIGTERM, then SIGKILL after 3 s); resolves once it has exited. */
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function prismBin(): string {
  const require = createRequire(join(process.cwd(), "noop.js"));
  let pkgJson: string;
  try {
    pkgJson = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    try {
      pkgJson = createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
    } catch {
      throw new Error(
        "startPrismMock needs @stoplight/prism-cli (an optional peer dependency): npm i -D @stoplight/prism-cli@5.14.2",
      );
    }
  }
  const pkg = require(pkgJson) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : (pkg.bin.prism ?? Object.values(pkg.bin)[0]);
  return join(dirname(pkgJson), bin as string);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Starts a Prism mock of `spec` and resolves once it is listening. Rejects when
 * `@stoplight/prism-cli` is not installed, when Prism exits early, or after `startTimeoutMs`.
 */
export async function startPrismMock(options: PrismMockOptions): Promise<PrismMock> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  const args = [prismBin(), "mock", "-h", host, "-p", String(port), ...(options.dynamic ? ["-d"] : []), options.spec];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const url = `http://${host}:${port}`;
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`Prism did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (code ${code}) before listening:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining its output so a chatty Prism never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  child.stdout?.removeAllListeners("data");
  child.stderr?.removeAllListeners("data");
  child.unref();
  return { url, port, stop: () => stopChild(child) };
}
