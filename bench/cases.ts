/**
 * What `pnpm bench` measures: per vendor, single-request operations three ways, against the same
 * loopback server: raw `fetch`, bare openapi-fetch (the same call, no userbridge), and the vendor
 * client (same URL, headers and body). The server answers with the vendor's documented example,
 * taken from the spec the package ships (for a write, with the change applied, as the client
 * verifies it). Every case is one request on every side: like is compared with like.
 */
import { readFileSync } from "node:fs";
import * as nexudus from "@userbridge/nexudus";
import * as onlyoffice from "@userbridge/onlyoffice";
import * as nerm from "@userbridge/sailpoint-nerm";
import * as snipeIt from "@userbridge/snipe-it";
import * as zluri from "@userbridge/zluri";
import createOpenapiClient from "openapi-fetch";
import { parse } from "yaml";

type Json = Record<string, unknown>;

export interface BenchCase {
  name: string;
  method: string;
  /** Requests with this method under this path get `answer`. */
  pathPrefix: string;
  answer: unknown;
  make(base: string): { raw: () => Promise<unknown>; bare: () => Promise<unknown>; client: () => Promise<unknown> };
}

/** The first documented 2xx example of an operation, from the vendor's shipped spec. */
function example(vendor: string, operationId: string): unknown {
  const spec = parse(readFileSync(new URL(`../packages/${vendor}/openapi.yaml`, import.meta.url), "utf8")) as Json;
  const deref = (node: Json): Json =>
    typeof node.$ref === "string"
      ? deref(
          node.$ref
            .slice(2)
            .split("/")
            .reduce((n: Json, k) => n[k] as Json, spec),
        )
      : node;
  for (const item of Object.values(spec.paths as Record<string, Json>)) {
    for (const op of Object.values(item) as Json[]) {
      if (op?.operationId !== operationId) continue;
      const responses = op.responses as Record<string, Json>;
      const ok = Object.keys(responses).find((s) => s.startsWith("2")) as string;
      const media = deref(responses[ok] as Json).content as Record<string, Json>;
      const content = media["application/json"] as Json;
      if (content.example !== undefined) return content.example;
      return deref(Object.values(content.examples as Record<string, Json>)[0] as Json).value;
    }
  }
  throw new Error(`${vendor}: no operation ${operationId}`);
}

/**
 * The example answer with `changes` stored at `at` (e.g. `payload`): the documented examples hold
 * other values than the bench sends, and a client verifies every write (an unapplied field throws).
 */
function applied(answer: unknown, at: string, changes: Json): unknown {
  const copy = structuredClone(answer) as Json;
  Object.assign(copy[at] as Json, changes);
  return copy;
}

const headers = (extra: Record<string, string>) => ({
  accept: "application/json",
  "content-type": "application/json",
  ...extra,
});
const getJson = (url: string, h: Record<string, string>) => fetch(url, { headers: headers(h) }).then((r) => r.json());
const sendJson = (method: string, url: string, h: Record<string, string>, body: unknown) =>
  fetch(url, { method, headers: headers(h), body: JSON.stringify(body) }).then((r) => r.json());

const SNIPE = 13;
const ZLURI = "64b7f0c2a1d3e4f5a6b7c8d9";
const GUID = "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a";
const NERM = "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e";
const bearer = { authorization: "Bearer bench-token" };
/** Bare openapi-fetch for a vendor's spec, with the same headers the raw side sends. */
const bare = <P extends {}>(base: string, h: Record<string, string>) =>
  createOpenapiClient<P>({ baseUrl: base, headers: headers(h) });

export const cases: BenchCase[] = [
  {
    name: "snipe-it getUser",
    method: "GET",
    pathPrefix: "/api/v1/users/",
    answer: example("snipe-it", "getUser"),
    make(base) {
      const client = snipeIt.createClient({ baseUrl: base, token: "bench-token" });
      const of = bare<snipeIt.paths>(base, bearer);
      return {
        raw: () => getJson(`${base}/api/v1/users/${SNIPE}`, bearer),
        bare: () => of.GET("/api/v1/users/{id}", { params: { path: { id: SNIPE } } }),
        client: () => snipeIt.getUser(client, SNIPE),
      };
    },
  },
  {
    name: "snipe-it updateUser (PATCH)",
    method: "PATCH",
    pathPrefix: "/api/v1/users/",
    answer: applied(example("snipe-it", "updateUser"), "payload", { jobtitle: "CTO" }),
    make(base) {
      const client = snipeIt.createClient({ baseUrl: base, token: "bench-token" });
      const of = bare<snipeIt.paths>(base, bearer);
      return {
        raw: () => sendJson("PATCH", `${base}/api/v1/users/${SNIPE}`, bearer, { jobtitle: "CTO" }),
        bare: () => of.PATCH("/api/v1/users/{id}", { params: { path: { id: SNIPE } }, body: { jobtitle: "CTO" } }),
        client: () => snipeIt.updateUser(client, SNIPE, { jobtitle: "CTO" }),
      };
    },
  },
  {
    name: "zluri getUser (filtered POST)",
    method: "POST",
    pathPrefix: "/users",
    answer: example("zluri", "listUsers"),
    make(base) {
      const client = zluri.createClient({ baseUrl: base, apiKey: "bench-key" });
      const filter = { filter_by: [{ field_id: "user_id", field_values: [ZLURI] }] };
      const of = bare<zluri.paths>(base, { "api-key": "bench-key" });
      return {
        raw: () => sendJson("POST", `${base}/users`, { "api-key": "bench-key" }, filter),
        bare: () => of.POST("/users", { body: filter }),
        client: () => zluri.getUser(client, ZLURI),
      };
    },
  },
  {
    name: "zluri updateUser (PATCH)",
    method: "PATCH",
    pathPrefix: "/users/",
    answer: applied(example("zluri", "updateUser"), "user", { user_designation: "CTO" }),
    make(base) {
      const client = zluri.createClient({ baseUrl: base, apiKey: "bench-key" });
      const of = bare<zluri.paths>(base, { "api-key": "bench-key" });
      return {
        raw: () => sendJson("PATCH", `${base}/users/${ZLURI}`, { "api-key": "bench-key" }, { user_designation: "CTO" }),
        bare: () =>
          of.PATCH("/users/{user_id}", { params: { path: { user_id: ZLURI } }, body: { user_designation: "CTO" } }),
        client: () => zluri.updateUser(client, ZLURI, { user_designation: "CTO" }),
      };
    },
  },
  {
    name: "onlyoffice getUser",
    method: "GET",
    pathPrefix: "/api/2.0/people/",
    answer: example("onlyoffice", "getUser"),
    make(base) {
      const client = onlyoffice.createClient({ baseUrl: base, token: "bench-token" });
      const of = bare<onlyoffice.paths>(base, { authorization: "bench-token" });
      return {
        raw: () => getJson(`${base}/api/2.0/people/${GUID}`, { authorization: "bench-token" }),
        bare: () => of.GET("/api/2.0/people/{userid}", { params: { path: { userid: GUID } } }),
        client: () => onlyoffice.getUser(client, GUID),
      };
    },
  },
  {
    name: "nexudus getUser",
    method: "GET",
    pathPrefix: "/api/sys/users/",
    answer: example("nexudus", "getUser"),
    make(base) {
      const client = nexudus.createClient({ baseUrl: base, token: "bench-token" });
      const of = bare<nexudus.paths>(base, bearer);
      return {
        raw: () => getJson(`${base}/api/sys/users/87654321`, bearer),
        bare: () => of.GET("/api/sys/users/{id}", { params: { path: { id: 87654321 } } }),
        client: () => nexudus.getUser(client, 87654321),
      };
    },
  },
  {
    name: "sailpoint-nerm getUser",
    method: "GET",
    pathPrefix: "/users/",
    answer: example("sailpoint-nerm", "getUser"),
    make(base) {
      const client = nerm.createClient({ baseUrl: base, token: "bench-token" });
      const of = bare<nerm.paths>(base, bearer);
      return {
        raw: () => getJson(`${base}/users/${NERM}`, bearer),
        bare: () => of.GET("/users/{id}", { params: { path: { id: NERM } } }),
        client: () => nerm.getUser(client, NERM),
      };
    },
  },
  {
    name: "sailpoint-nerm updateUser (PATCH)",
    method: "PATCH",
    pathPrefix: "/users/",
    answer: applied(example("sailpoint-nerm", "updateUser"), "user", { title: "CTO" }),
    make(base) {
      const client = nerm.createClient({ baseUrl: base, token: "bench-token" });
      const of = bare<nerm.paths>(base, bearer);
      return {
        raw: () => sendJson("PATCH", `${base}/users/${NERM}`, bearer, { user: { id: NERM, title: "CTO" } }),
        bare: () =>
          of.PATCH("/users/{id}", { params: { path: { id: NERM } }, body: { user: { id: NERM, title: "CTO" } } }),
        client: () => nerm.updateUser(client, NERM, { title: "CTO" }),
      };
    },
  },
];
