/**
 * A local node:http server that answers every operation of our specs with the operation's first
 * 2xx response example, as Prism does with static examples, but in-process and in milliseconds.
 * Each vendor lives under its own prefix (`<url>/<vendor>`), so one server serves all five.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { type Received, startServer, type TestServer } from "./server.js";

interface Route {
  method: string;
  pattern: RegExp;
  status: number;
  contentType: string;
  body: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed OpenAPI document, walked by JSON pointer
type Doc = any;

function deref(doc: Doc, node: Doc): Doc {
  let current = node;
  while (current && typeof current.$ref === "string") {
    current = (current.$ref as string)
      .slice(2)
      .split("/")
      .reduce((at: Doc, key: string) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return current;
}

/** method + path template → the first 2xx answer with its example, for every operation of a spec. */
export function exampleRoutes(specFile: string): Route[] {
  const doc = parse(readFileSync(specFile, "utf8"));
  const routes: Route[] = [];
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries<Doc>(item)) {
      if (!operation?.responses) continue;
      const success = Object.entries<Doc>(operation.responses).find(([code]) => /^2\d\d$/.test(code));
      if (!success) continue;
      const response = deref(doc, success[1]);
      const [contentType, media] = Object.entries<Doc>(response.content ?? {})[0] ?? ["application/json", {}];
      const example = media.example ?? deref(doc, Object.values<Doc>(media.examples ?? {})[0])?.value;
      const segments = path.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
      routes.push({
        method: method.toUpperCase(),
        pattern: new RegExp(`${segments.join("[^/]+")}$`),
        status: Number(success[0]),
        contentType,
        body: example,
      });
    }
  }
  return routes;
}

export interface ExampleServer extends TestServer {
  /** The requests each vendor received, in order. */
  by(vendor: string): Received[];
}

/** Serves `specs/<vendor>.yaml` examples under `/<vendor>` for each vendor given. */
export async function startExampleServer(vendors: readonly string[]): Promise<ExampleServer> {
  const specs = resolve(import.meta.dirname, "../../specs");
  const routes = new Map(vendors.map((v) => [v, exampleRoutes(join(specs, `${v}.yaml`))]));
  const server = await startServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const [, vendor = "", ...rest] = url.pathname.split("/");
    const path = `/${rest.join("/")}`;
    const route = routes.get(vendor)?.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "no such route" }));
      return;
    }
    res.writeHead(route.status, { "content-type": route.contentType }).end(JSON.stringify(route.body));
  });
  const vendorOf = (r: Received) => r.url.split("/")[1];
  return { ...server, by: (vendor) => server.received.filter((r) => vendorOf(r) === vendor) };
}
