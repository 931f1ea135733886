/**
 * The Node-side server every runtime talks to (127.0.0.1 only):
 * - `/prism/<run>/<vendor>/…` forwards to that vendor's Prism mock and records each exchange, so
 *   the test can check what each runtime sent (and that Prism found nothing wrong with it);
 * - `/fault/<run>/<name>/…` answers with a scripted fault: `stall` (headers, then nothing),
 *   `retry` (429 + Retry-After: 1, then Prism's answer), `huge` (a 1 GB chunked answer, sent
 *   with backpressure until the client drops it), `echo` (a 401 echoing the caller's token in a
 *   20 KB body).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Exchange {
  method: string;
  path: string;
  body: string;
  status: number;
  /** Prism's `sl-violations` header, or its own 422 problem: the request broke the spec. */
  violation: string | null;
}

export interface FaultLog {
  requests: number;
  sentBytes: number;
  authorization: string[];
}

export interface Hub {
  url: string;
  exchanges(run: string, vendor: string): Exchange[];
  fault(run: string, name: string): FaultLog;
  close(): Promise<void>;
}

const GB = 1024 ** 3;
const SKIP = new Set(["host", "connection", "content-length", "transfer-encoding", "content-encoding", "keep-alive"]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function headersOf(from: IncomingMessage["headers"] | Headers): Record<string, string> {
  const entries = from instanceof Headers ? [...from.entries()] : Object.entries(from);
  return Object.fromEntries(
    entries.filter(([k, v]) => !SKIP.has(k) && typeof v === "string") as Array<[string, string]>,
  );
}

export async function startHub(prismUrls: Record<string, string>): Promise<Hub> {
  const exchanges = new Map<string, Exchange[]>();
  const faults = new Map<string, FaultLog>();
  const faultLog = (key: string) => {
    const log = faults.get(key) ?? { requests: 0, sentBytes: 0, authorization: [] };
    faults.set(key, log);
    return log;
  };

  async function forward(req: IncomingMessage, res: ServerResponse, vendor: string, rest: string, body: Buffer) {
    const target = prismUrls[vendor];
    if (!target) throw new Error(`no Prism mock for ${vendor}`);
    const answer = await fetch(`${target}${rest}`, {
      method: req.method ?? "GET",
      headers: headersOf(req.headers),
      ...(body.byteLength > 0 ? { body: new Uint8Array(body) } : {}),
    });
    const text = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, headersOf(answer.headers)).end(text);
    const problem = answer.status === 422 && (answer.headers.get("content-type") ?? "").includes("problem+json");
    return {
      status: answer.status,
      violation: answer.headers.get("sl-violations") ?? (problem ? text.toString() : null),
    };
  }

  async function streamHuge(res: ServerResponse, log: FaultLog) {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    res.writeHead(200, { "content-type": "application/json" });
    let closed = false;
    res.on("close", () => {
      closed = true;
    });
    while (!closed && log.sentBytes < GB) {
      log.sentBytes += chunk.byteLength;
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
    }
    res.end();
  }

  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const [, kind, run = "", name = "", ...restParts] = (req.url ?? "/").split("/");
      const rest = `/${restParts.join("/")}`;
      if (kind === "prism") {
        const { status, violation } = await forward(req, res, name, rest, body);
        const key = `${run}/${name}`;
        exchanges.set(key, [
          ...(exchanges.get(key) ?? []),
          { method: req.method ?? "", path: rest, body: body.toString(), status, violation },
        ]);
        return;
      }
      const log = faultLog(`${run}/${name}`);
      log.requests++;
      log.authorization.push(req.headers.authorization ?? "");
      if (name === "stall") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"id":');
      } else if (name === "retry" && log.requests === 1) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ status: "error", messages: "Too Many Requests." }));
      } else if (name === "retry") {
        await forward(req, res, "snipe-it", rest, body);
      } else if (name === "huge") {
        await streamHuge(res, log);
      } else if (name === "echo") {
        const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `Unauthenticated: ${token}`, token, detail: `${token} `.repeat(700) }));
      } else {
        res.writeHead(404).end();
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges: (run, vendor) => exchanges.get(`${run}/${vendor}`) ?? [],
    fault: (run, name) => faultLog(`${run}/${name}`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
