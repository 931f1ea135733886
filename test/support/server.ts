/**
 * A local node:http server for fault and state tests: each test scripts the answers; the server
 * records what it received. Loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (req: Received, res: ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** Starts a server whose n-th request is answered by handlers[n] (the last one repeats). */
export async function startServer(handlers: Handler | Handler[]): Promise<TestServer> {
  const list = Array.isArray(handlers) ? handlers : [handlers];
  const received: Received[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const r: Received = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    const index = received.push(r) - 1;
    const handler = list[Math.min(index, list.length - 1)] as Handler;
    await handler(r, res, index);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * `startServer` for a test file: every server it starts is closed after each test. Call once at
 * the top of the file: `const serve = serverPerTest();` then `server = await serve(handlers)`.
 */
export function serverPerTest(): (handlers: Handler | Handler[]) => Promise<TestServer> {
  const open: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (handlers) => {
    const server = await startServer(handlers);
    open.push(server);
    return server;
  };
}

/** Answers with JSON. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

/** Answers with an HTML page (a proxy's error page). */
export const html =
  (status: number, text = "<html><body><h1>Bad Gateway</h1></body></html>"): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "text/html" });
    res.end(text);
  };

/**
 * Streams `total` bytes (Infinity: endless) as a chunked JSON answer (no Content-Length), minding
 * backpressure, until done or the client drops the connection; `sent.bytes` counts what went out.
 * The body is `head` then spaces; `status` defaults to 200.
 */
export const streamed =
  (total: number, sent: { bytes: number }, answer: { status?: number; head?: string; type?: string } = {}): Handler =>
  async (_req, res) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    res.writeHead(answer.status ?? 200, { "content-type": answer.type ?? "application/json" });
    if (answer.head) {
      sent.bytes += Buffer.byteLength(answer.head);
      res.write(answer.head);
    }
    let closed = false;
    res.on("close", () => {
      closed = true;
    });
    while (!closed && sent.bytes < total) {
      sent.bytes += chunk.byteLength;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done).off("close", done);
            resolve();
          };
          res.on("drain", done).on("close", done);
        });
      }
    }
    res.end();
  };

/** Never answers. */
export const hang: Handler = () => new Promise<void>(() => {});

/** Drops the connection without an answer. */
export const reset: Handler = (_req, res) => {
  res.socket?.destroy();
};
