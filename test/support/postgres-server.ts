/**
 * A real PostgreSQL server on a loopback port, data in a temporary folder, for the scale tests.
 * Uses the machine's server binaries (Debian: apt-get install postgresql →
 * /usr/lib/postgresql/<major>/bin). PostgreSQL refuses to run as root: as root the cluster is
 * created and run as the `postgres` user (which the Debian package creates).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./redis-server.js";

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  stop(): Promise<void>;
}

/** The folder holding initdb and postgres: PG_BIN, else the newest /usr/lib/postgresql/<major>/bin. */
function binaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, "bin", "initdb"))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("no PostgreSQL server binaries (apt-get install postgresql, or set PG_BIN)");
  return join(root, newest, "bin");
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binaries();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "userbridge-pg-"));
  const data = join(dir, "data");
  // As root, hand the folder to the postgres user and run the server binaries as that user.
  let as: { uid: number; gid: number } | Record<string, never> = {};
  if (process.getuid?.() === 0) {
    as = {
      uid: Number(execFileSync("id", ["-u", "postgres"]).toString()),
      gid: Number(execFileSync("id", ["-g", "postgres"]).toString()),
    };
    chownSync(dir, as.uid, as.gid);
    chmodSync(dir, 0o700);
  }
  const initdb = ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"];
  execFileSync(join(bin, "initdb"), initdb, { stdio: "ignore", cwd: dir, ...as });
  const settings = [
    "listen_addresses=127.0.0.1",
    `unix_socket_directories=${dir}`,
    "fsync=off",
    "synchronous_commit=off",
  ];
  const child: ChildProcess = spawn(
    join(bin, "postgres"),
    ["-D", data, "-p", String(port), ...settings.flatMap((s) => ["-c", s])],
    { stdio: ["ignore", "pipe", "pipe"], cwd: dir, ...as },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`postgres did not start in 30 s:\n${out}`)), 30_000);
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${code}):\n${out}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGINT"); // fast shutdown
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
