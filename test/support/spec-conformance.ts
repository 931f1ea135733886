/**
 * Spec conformance of a simulator (issue 11 item 3): every answer it recorded must be one our
 * OpenAPI 3.1 spec documents for that operation (status, content type, JSON body valid against the
 * response schema; Ajv draft 2020 + ajv-formats), and every documented response must have been
 * produced at least once, unless listed in `neverProduced` with a reason.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { FormatsPlugin } from "ajv-formats";
import { parse } from "yaml";
import type { RecordedExchange } from "../../packages/core/src/simulator.js";

// ajv-formats is CommonJS whose types declare only a default export; require() gets the plugin
// itself under both Node and vitest.
const addFormats = createRequire(import.meta.url)("ajv-formats") as FormatsPlugin;

/** A simulator's recorded answer. Answers injected by the `fail` option are skipped: they are the test's, not the vendor's. */
export type ExchangeLike = RecordedExchange;

export type ConformanceKind =
  | "unknown-operation"
  | "undocumented-status"
  | "undocumented-content-type"
  | "invalid-body"
  | "never-produced"
  | "stale-never-produced";

export interface ConformanceProblem {
  kind: ConformanceKind;
  /** `"<operationId> <status>"` as documented (or as answered). */
  response: string;
  message: string;
  /** For invalid-body: the JSON pointer of the offending value in the body ("" = the body itself). */
  instancePath?: string;
}

export interface ConformanceResult {
  /** How many exchanges were checked (injected and unrouted ones are not). */
  checked: number;
  problems: ConformanceProblem[];
}

export interface ConformanceOptions {
  /** `"<operationId> <status>"` → why the simulator never produces that documented response. */
  neverProduced?: Record<string, string>;
}

type Json = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SPEC_ID = "https://userbridge.invalid/spec.json";
const pointer = (...parts: string[]) => parts.map((p) => `/${p.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

interface Operation {
  /** JSON pointer of the operation's `responses` object. */
  at: string;
  responses: Json;
}

function operationsOf(spec: Json): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op && typeof op.operationId === "string") {
        ops.set(op.operationId, {
          at: pointer("paths", path, method, "responses"),
          responses: (op.responses ?? {}) as Json,
        });
      }
    }
  }
  return ops;
}

/** Follows local `$ref`s ("#/components/responses/X") to the object and its JSON pointer. */
function deref(spec: Json, node: Json, at: string): { node: Json; at: string } {
  let current = node;
  let where = at;
  for (let hops = 0; typeof current.$ref === "string" && hops < 20; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`spec-conformance: only local $refs are supported, got ${ref}`);
    where = ref.slice(1);
    current = where
      .split("/")
      .slice(1)
      .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((n, key) => (n as Json | undefined)?.[key], spec) as Json;
    if (!current) throw new Error(`spec-conformance: unresolved $ref ${ref}`);
  }
  return { node: current, at: where };
}

/** The documented response key for a status: exact, then "4XX", then "default". */
function responseKey(responses: Json, status: number): string | undefined {
  return [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
}

/** The documented media type for an answered content type: exact, then "type/*", then "*\/*". */
function mediaKey(content: Json, contentType: string): string | undefined {
  return [contentType, `${contentType.split("/")[0]}/*`, "*/*"].find((k) => k in content);
}

const isJson = (mediaType: string) => mediaType === "application/json" || /\+json$/.test(mediaType);

export function checkExchangesAgainstSpec(
  specFile: string,
  exchanges: readonly ExchangeLike[],
  options: ConformanceOptions = {},
): ConformanceResult {
  const spec = parse(readFileSync(specFile, "utf8")) as Json;
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  const ops = operationsOf(spec);
  const problems: ConformanceProblem[] = [];
  const produced = new Set<string>();
  let checked = 0;

  for (const ex of exchanges) {
    if (ex.injected || ex.operationId === undefined) continue;
    checked++;
    const response = `${ex.operationId} ${ex.status}`;
    const op = ops.get(ex.operationId);
    if (!op) {
      problems.push({ kind: "unknown-operation", response, message: `no operation ${ex.operationId} in the spec` });
      continue;
    }
    const key = responseKey(op.responses, ex.status);
    if (!key) {
      problems.push({
        kind: "undocumented-status",
        response,
        message: `${ex.method} ${ex.path} answered ${ex.status}, not documented`,
      });
      continue;
    }
    produced.add(`${ex.operationId} ${key}`);
    const doc = deref(spec, op.responses[key] as Json, `${op.at}${pointer(key)}`);
    const content = (doc.node.content ?? {}) as Json;
    if (ex.contentType === undefined) {
      if (Object.keys(content).length > 0 && ex.status !== 204) {
        problems.push({
          kind: "undocumented-content-type",
          response,
          message: "empty answer; the spec documents a body",
        });
      }
      continue;
    }
    const media = mediaKey(content, ex.contentType);
    if (!media) {
      problems.push({
        kind: "undocumented-content-type",
        response,
        message: `answered ${ex.contentType}; the spec documents ${Object.keys(content).join(", ") || "no body"}`,
      });
      continue;
    }
    const mediaDoc = content[media] as Json;
    // Text answers (a text/plain 401) are checked by content type only.
    if (!isJson(ex.contentType) || !mediaDoc.schema) continue;
    const validate = ajv.getSchema(`${SPEC_ID}#${doc.at}${pointer("content", media, "schema")}`);
    if (!validate) throw new Error(`spec-conformance: cannot compile the schema of ${response}`);
    if (!validate(ex.body)) {
      for (const error of validate.errors ?? []) {
        problems.push({
          kind: "invalid-body",
          response,
          instancePath: error.instancePath,
          message: `${ex.method} ${ex.path}: body${error.instancePath || ""} ${error.message ?? "is invalid"}${
            error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ""
          }`,
        });
      }
    }
  }

  const neverProduced = options.neverProduced ?? {};
  const documented = new Set<string>();
  for (const [operationId, op] of ops) {
    for (const key of Object.keys(op.responses)) {
      const response = `${operationId} ${key}`;
      documented.add(response);
      if (!produced.has(response) && !(response in neverProduced)) {
        problems.push({ kind: "never-produced", response, message: `documented ${response} was never produced` });
      }
    }
  }
  for (const response of Object.keys(neverProduced)) {
    if (produced.has(response) || !documented.has(response)) {
      problems.push({
        kind: "stale-never-produced",
        response,
        message: produced.has(response)
          ? `${response} is listed in neverProduced but was produced`
          : `${response} is listed in neverProduced but is not documented`,
      });
    }
  }
  return { checked, problems };
}

/** `checkExchangesAgainstSpec`, throwing an error that lists every problem. */
export function expectConformance(
  specFile: string,
  exchanges: readonly ExchangeLike[],
  options: ConformanceOptions = {},
): ConformanceResult {
  const result = checkExchangesAgainstSpec(specFile, exchanges, options);
  if (result.problems.length > 0) {
    const lines = result.problems.map((p) => `  - [${p.kind}] ${p.response}: ${p.message}`);
    throw new Error(
      `${result.problems.length} spec-conformance problem(s) in ${result.checked} checked exchange(s) against ${specFile}:\n${lines.join("\n")}`,
    );
  }
  return result;
}
