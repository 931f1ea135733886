/** What `pnpm bench` measures: per vendor, one client call and the equivalent raw fetch. */

import { readFileSync } from "node:fs";
import * as snipeIt from "@userbridge/snipe-it";
import createOpenapiClient from "openapi-fetch";
import { parse } from "yaml";

export interface BenchCase {
  name: string;
  /** Requests under this path get `answer`. */
  pathPrefix: string;
  answer: unknown;
  make(base: string): { raw: () => Promise<unknown>; client: () => Promise<unknown> };
}

const json = (init: RequestInit = {}) => ({
  ...init,
  headers: { "content-type": "application/json", accept: "application/json", ...init.headers },
});

/** The vendor's documented example answer, from the spec the package ships. */
function example(vendor: string, pointer: string[]): unknown {
  const spec = parse(readFileSync(new URL(`../packages/${vendor}/openapi.yaml`, import.meta.url), "utf8"));
  return pointer.reduce((node, key) => (node as Record<string, unknown>)[key], spec as unknown);
}

const snipeUser = example("snipe-it", [
  "components",
  "responses",
  "UserResult",
  "content",
  "application/json",
  "examples",
  "success",
  "value",
]);

export const cases: BenchCase[] = [
  {
    name: "reference: bare openapi-fetch GET",
    pathPrefix: "/api/v1/users/",
    answer: snipeUser,
    make(base) {
      const client = createOpenapiClient<snipeIt.paths>({
        baseUrl: base,
        headers: { authorization: "Bearer bench-token", accept: "application/json" },
      });
      return {
        raw: () =>
          fetch(`${base}/api/v1/users/13`, json({ headers: { authorization: "Bearer bench-token" } })).then((r) =>
            r.json(),
          ),
        client: () => client.GET("/api/v1/users/{id}", { params: { path: { id: 13 } } }),
      };
    },
  },
  {
    name: "snipe-it updateUser (PATCH)",
    pathPrefix: "/api/v1/users/",
    answer: snipeUser,
    make(base) {
      const client = snipeIt.createClient({ baseUrl: base, token: "bench-token" });
      return {
        raw: () =>
          fetch(
            `${base}/api/v1/users/13`,
            json({
              method: "PATCH",
              body: JSON.stringify({ jobtitle: "CTO" }),
              headers: { authorization: "Bearer bench-token" },
            }),
          ).then((r) => r.json()),
        client: () => snipeIt.updateUser(client, 13, { jobtitle: "CTO" }),
      };
    },
  },
  {
    name: "snipe-it getUser (GET)",
    pathPrefix: "/api/v1/users/",
    answer: snipeUser,
    make(base) {
      const client = snipeIt.createClient({ baseUrl: base, token: "bench-token" });
      return {
        raw: () =>
          fetch(`${base}/api/v1/users/13`, json({ headers: { authorization: "Bearer bench-token" } })).then((r) =>
            r.json(),
          ),
        client: () => snipeIt.getUser(client, 13),
      };
    },
  },
];
