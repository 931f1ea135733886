/**
 * The Node-side server every runtime talks to (127.0.0.1 only):
 * - `/prism/<run>/<vendor>/…` forwards to that vendor's Prism mock and records each exchange, so
 *   the test can check what each runtime sent (and that Prism found nothing wrong with it);
 * - `/fault/<run>/<name>/…` answers with a scripted fault: `stall` (headers, then nothing),
 *   `retry` (429 + Retry-After: 1, then Prism's answer), `huge` (a 1 GB chunked answer, sent
 *   with backpressure until the client drops it), `echo` (a 401 echoing the caller's token in a
 *   20 KB body).
 */
import type { ServerResponse } from "node:http";
import { type Received, startServer, streamed } from "../support/server.js";

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
  /** Bytes of the `huge` answer sent before the client dropped it. */
  sent: { bytes: number };
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

function headersOf(from: Received["headers"] | Headers): Record<string, string> {
  const entries = from instanceof Headers ? [...from.entries()] : Object.entries(from);
  return Object.fromEntries(
    entries.filter(([k, v]) => !SKIP.has(k) && typeof v === "string") as Array<[string, string]>,
  );
}

export async function startHub(prismUrls: Record<string, string>): Promise<Hub> {
  const exchanges = new Map<string, Exchange[]>();
  const faults = new Map<string, FaultLog>();
  const faultLog = (key: string) => {
    const log = faults.get(key) ?? { requests: 0, sent: { bytes: 0 }, authorization: [] };
    faults.set(key, log);
    return log;
  };

  async function forward(req: Received, res: ServerResponse, vendor: string, rest: string) {
    const target = prismUrls[vendor];
    if (!target) throw new Error(`no Prism mock for ${vendor}`);
    const answer = await fetch(`${target}${rest}`, {
      method: req.method,
      headers: headersOf(req.headers),
      ...(req.body !== "" ? { body: req.body } : {}),
    });
    const text = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, headersOf(answer.headers)).end(text);
    const problem = answer.status === 422 && (answer.headers.get("content-type") ?? "").includes("problem+json");
    return {
      status: answer.status,
      violation: answer.headers.get("sl-violations") ?? (problem ? text.toString() : null),
    };
  }

  const server = await startServer(async (req, res) => {
    try {
      const [, kind, run = "", name = "", ...restParts] = req.url.split("/");
      const rest = `/${restParts.join("/")}`;
      if (kind === "prism") {
        const { status, violation } = await forward(req, res, name, rest);
        const key = `${run}/${name}`;
        exchanges.set(key, [
          ...(exchanges.get(key) ?? []),
          { method: req.method, path: rest, body: req.body, status, violation },
        ]);
        return;
      }
      const log = faultLog(`${run}/${name}`);
      log.requests++;
      log.authorization.push(String(req.headers.authorization ?? ""));
      if (name === "stall") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"id":');
      } else if (name === "retry" && log.requests === 1) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ status: "error", messages: "Too Many Requests." }));
      } else if (name === "retry") {
        await forward(req, res, "snipe-it", rest);
      } else if (name === "huge") {
        await streamed(GB, log.sent)(req, res, 0);
      } else if (name === "echo") {
        const token = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
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
  return {
    url: server.url,
    exchanges: (run, vendor) => exchanges.get(`${run}/${vendor}`) ?? [],
    fault: (run, name) => faultLog(`${run}/${name}`),
    close: server.close,
  };
}
