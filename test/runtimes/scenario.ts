/**
 * The runtime-matrix scenario: the same code runs in Node, Bun, Deno and workerd against the BUILT
 * packages (dist/, ESM, resolved through node_modules by each runtime), and returns plain JSON that
 * the Node-side test (runtimes.test.ts) checks. It imports nothing but our client path: no
 * `node:` module, no Node global, so it is itself a check that the client path needs none.
 */
import { AuthenticationError, ResponseTooLargeError, TimeoutError, UserbridgeError } from "@userbridge/core";
import * as nexudusPackage from "@userbridge/nexudus";
import * as onlyofficePackage from "@userbridge/onlyoffice";
import * as nermPackage from "@userbridge/sailpoint-nerm";
import * as snipeItPackage from "@userbridge/snipe-it";
import { connect } from "@userbridge/unified";
import { nexudus } from "@userbridge/unified/nexudus";
import { onlyoffice } from "@userbridge/unified/onlyoffice";
import { sailpointNerm } from "@userbridge/unified/sailpoint-nerm";
import { snipeIt } from "@userbridge/unified/snipe-it";
import { zluri } from "@userbridge/unified/zluri";
import * as zluriPackage from "@userbridge/zluri";

export interface ScenarioConfig {
  /** `${hub}/prism/<run>/<vendor>` reaches that vendor's Prism mock through the recording hub. */
  hub: string;
  /** Names this run's requests on the hub (a runtime name). */
  run: string;
}

export interface CaseResult {
  ok: boolean;
  ms: number;
  /** What the case saw: a user's id and changed field, or the error's name and fields. */
  value?: Record<string, unknown>;
  error?: { name: string; message: string };
}

export interface ScenarioResult {
  runtime: string;
  cases: Record<string, CaseResult>;
}

/** The secret of the redaction case: the fault server echoes it back in its 401 body. */
export const SECRET = "tok-runtime-matrix-9f8e7d6c";
export const IDS = {
  "snipe-it": "13",
  zluri: "64b7f0c2a1d3e4f5a6b7c8d9",
  onlyoffice: "0f4bd8a2-6c1d-4c6e-9a7b-3b2f1e0d9c8a",
  nexudus: "87654321",
  "sailpoint-nerm": "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e",
} as const;
/** The change every vendor call and facade call makes (all five can set an email). */
export const NEW_EMAIL = "ada.lovelace@example.org";

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

async function timed(run: () => Promise<Record<string, unknown>>): Promise<CaseResult> {
  const started = Date.now();
  try {
    const value = await run();
    return { ok: true, ms: Date.now() - started, value };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, ms: Date.now() - started, error: { name: e.name, message: e.message } };
  }
}

/** A fault case: the call must throw; its error is described for the Node side to check. */
async function throws(run: () => Promise<unknown>, describe: (e: unknown) => Record<string, unknown>) {
  return timed(async () => {
    try {
      await run();
    } catch (error) {
      return describe(error);
    }
    throw new Error("the call did not fail");
  });
}

export async function runScenario(config: ScenarioConfig): Promise<ScenarioResult> {
  const prism = (vendor: string) => `${config.hub}/prism/${config.run}/${vendor}`;
  const fault = (name: string) => `${config.hub}/fault/${config.run}/${name}`;
  // verify: false — Prism answers its example, not what was stored, so verification would (rightly) fail.
  const common = { maxRetries: 0, verify: false };
  const cases: Record<string, CaseResult> = {};
  const user = (id: unknown, email: unknown) => ({ id: String(id), email });

  /** Each vendor package: getUser, then updateUser with the new email; each answer as { id, email }. */
  async function vendorPackage<U>(
    vendor: string,
    get: () => Promise<U>,
    update: () => Promise<U>,
    seen: (u: U) => [id: unknown, email: unknown],
  ) {
    const shown = (u: U) => user(...seen(u));
    cases[`${vendor} getUser`] = await timed(async () => shown(await get()));
    cases[`${vendor} updateUser`] = await timed(async () => shown(await update()));
  }

  const snipe = snipeItPackage.createClient({ baseUrl: prism("snipe-it"), token: "tok-snipe-1", ...common });
  await vendorPackage(
    "snipe-it",
    () => snipeItPackage.getUser(snipe, Number(IDS["snipe-it"])),
    () => snipeItPackage.updateUser(snipe, Number(IDS["snipe-it"]), { email: NEW_EMAIL }),
    (u) => [u.id, u.email],
  );
  const zl = zluriPackage.createClient({ baseUrl: prism("zluri"), apiKey: "key-zluri-1", ...common });
  await vendorPackage(
    "zluri",
    () => zluriPackage.getUser(zl, IDS.zluri),
    () => zluriPackage.updateUser(zl, IDS.zluri, { user_email: NEW_EMAIL }),
    (u) => [u.user_id, u.user_email],
  );
  const oo = onlyofficePackage.createClient({ baseUrl: prism("onlyoffice"), token: "tok-oo-1", ...common });
  await vendorPackage(
    "onlyoffice",
    () => onlyofficePackage.getUser(oo, IDS.onlyoffice),
    () => onlyofficePackage.updateUser(oo, IDS.onlyoffice, { email: NEW_EMAIL }),
    (u) => [u.id, u.email],
  );
  const nx = nexudusPackage.createClient({ baseUrl: prism("nexudus"), token: "tok-nx-1", ...common });
  await vendorPackage(
    "nexudus",
    () => nexudusPackage.getUser(nx, Number(IDS.nexudus)),
    () => nexudusPackage.updateUser(nx, Number(IDS.nexudus), { Email: NEW_EMAIL }),
    (u) => [u.Id, u.Email],
  );
  const nerm = nermPackage.createClient({ baseUrl: prism("sailpoint-nerm"), token: "tok-nerm-1", ...common });
  await vendorPackage(
    "sailpoint-nerm",
    () => nermPackage.getUser(nerm, IDS["sailpoint-nerm"]),
    () => nermPackage.updateUser(nerm, IDS["sailpoint-nerm"], { email: NEW_EMAIL }),
    (u) => [u.id, u.email],
  );

  // The facade: connect(adapter).update with the same normalized change for all five.
  const facades = [
    ["snipe-it", connect(snipeIt({ baseUrl: prism("snipe-it"), token: "tok-snipe-1", ...common }))],
    ["zluri", connect(zluri({ baseUrl: prism("zluri"), apiKey: "key-zluri-1", ...common }))],
    ["onlyoffice", connect(onlyoffice({ baseUrl: prism("onlyoffice"), token: "tok-oo-1", ...common }))],
    ["nexudus", connect(nexudus({ baseUrl: prism("nexudus"), token: "tok-nx-1", ...common }))],
    ["sailpoint-nerm", connect(sailpointNerm({ baseUrl: prism("sailpoint-nerm"), token: "tok-nerm-1", ...common }))],
  ] as const;
  for (const [vendor, users] of facades) {
    cases[`${vendor} facade update`] = await timed(async () => {
      // A union of five generic `update`s is not callable as one; each accepts `{ email }` (every
      // adapter can set it), which the per-vendor type tests check.
      const facade = users as unknown as {
        update(id: string, changes: { email: string }): Promise<{ vendor: string; id: string }>;
      };
      const u = await facade.update(IDS[vendor], { email: NEW_EMAIL });
      return { vendor: u.vendor, id: u.id };
    });
  }

  // Fault cases, one each, through the Snipe-IT client against the hub's scripted answers.
  const faulty = (name: string, options: { timeoutMs?: number; maxRetries?: number } = {}) =>
    snipeItPackage.createClient({ baseUrl: fault(name), token: SECRET, ...options });
  const errorFields = (e: unknown) => ({
    name: e instanceof Error ? e.name : typeof e,
    userbridge: e instanceof UserbridgeError,
  });

  cases["timeout: a stalled answer"] = await throws(
    () => snipeItPackage.getUser(faulty("stall", { timeoutMs: 500, maxRetries: 0 }), 13),
    (e) => ({ ...errorFields(e), timeout: e instanceof TimeoutError }),
  );
  cases["retry: 429 + Retry-After, then 200"] = await timed(async () => {
    const started = Date.now();
    const u = await snipeItPackage.getUser(faulty("retry", { maxRetries: 2 }), 13);
    return { ...user(u.id, u.email), waitedMs: Date.now() - started };
  });
  cases["size cap: a 1 GB streamed answer"] = await throws(
    () => snipeItPackage.getUser(faulty("huge", { maxRetries: 2 }), 13),
    (e) => ({
      ...errorFields(e),
      tooLarge: e instanceof ResponseTooLargeError,
      limitBytes: e instanceof ResponseTooLargeError ? e.limitBytes : undefined,
    }),
  );
  cases["redaction: a 401 echoing the token"] = await throws(
    () => snipeItPackage.getUser(faulty("echo", { maxRetries: 0 }), 13),
    (e) => {
      const err = e as AuthenticationError;
      const shown = [err.message, String(err), err.stack ?? "", JSON.stringify(err), JSON.stringify(err.body)];
      return {
        ...errorFields(e),
        authentication: e instanceof AuthenticationError,
        leaked: shown.some((text) => text.includes(SECRET)),
        bodyBytes: utf8Bytes(typeof err.body === "string" ? err.body : JSON.stringify(err.body)),
      };
    },
  );

  // Node 20 has no `navigator` (Node 21+ does); every other runtime here names itself in it.
  return { runtime: globalThis.navigator?.userAgent ?? "(no navigator)", cases };
}
