/**
 * A throwaway npm registry for the release test: Verdaccio (root devDependency) on 127.0.0.1, on a
 * free port, with its own storage and config in `dir`, and no uplinks, so nothing it is asked for
 * ever leaves this machine. Publishing needs the token `start()` returns.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** `//127.0.0.1:<port>/`, the prefix of the registry's auth lines in an .npmrc. */
  authPrefix: string;
  token: string;
  log: () => string;
  stop(): Promise<void>;
}

const verdaccio = resolve(import.meta.dirname, "../../node_modules/.bin/verdaccio");

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });

export async function startRegistry(dir: string): Promise<LocalRegistry> {
  mkdirSync(join(dir, "storage"), { recursive: true });
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      `  htpasswd: { file: ${JSON.stringify(join(dir, "htpasswd"))}, max_users: 1 }`,
      "uplinks: {}", // no proxying to any public registry
      "packages:",
      '  "**": { access: $all, publish: $authenticated, unpublish: $authenticated }',
      "web: { enable: false }",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let output = "";
  const child: ChildProcess = spawn(verdaccio, ["--config", config, "--listen", `127.0.0.1:${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill();
    });

  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${url}-/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Verdaccio did not start on ${url}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const user = "release-test";
  const answer = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: user, password: "release-test-password" }),
  });
  const { token } = (await answer.json()) as { token?: string };
  if (!answer.ok || !token) {
    await stop();
    throw new Error(`Verdaccio refused to create a user (${answer.status})`);
  }
  return { url, authPrefix: `//127.0.0.1:${port}/`, token, log: () => output, stop };
}
