/**
 * A stateful fake of Nexudus's two user endpoints, on node:http (test/support/server.ts):
 *   GET /api/sys/users/{id}  the stored record (404 "Not found" if none)
 *   PUT /api/sys/users       validates the body with the generated validator (400 WasSuccessful:false
 *                            with Errors[] if it fails), then REPLACES the whole record like the vendor:
 *                            a writable field left out is gone; read-only fields stay; the secrets
 *                            (Password, NewPassword, AccessToken, TwoFactorSecret) stay when left out;
 *                            Added…/Removed… edit the list sent; UpdatedOn/UpdatedBy are stamped.
 * `hook` runs before each request and may answer it itself (return true): throttles, other writers.
 */
import type { ServerResponse } from "node:http";
import { issuesFrom } from "@userbridge/core";
import { type Received, startServer } from "../../../test/support/server.js";
import { validateUpdateUserBody } from "../src/generated/validate.js";
import { LISTS, SECRETS, WRITABLE } from "./spec.js";

export type Rec = Record<string, unknown>;

export interface Fake {
  url: string;
  records: Map<number, Rec>;
  received: Received[];
  hook: ((req: Received, res: ServerResponse) => boolean | undefined | Promise<boolean | undefined>) | undefined;
  /** What a PUT with this body does to the stored record (another writer uses it too). */
  put(body: Rec): { status: number; answer: unknown };
  close(): Promise<void>;
}

let tick = 0;
/** A fresh UpdatedOn, later than any before it. */
export const stamp = () => new Date(Date.UTC(2025, 0, 1) + ++tick * 1000).toISOString().replace(".000", "");

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};

export async function startFake(): Promise<Fake> {
  const records = new Map<number, Rec>();
  const put = (body: Rec) => {
    if (!validateUpdateUserBody(body)) {
      const issues = issuesFrom(validateUpdateUserBody.errors);
      return {
        status: 400,
        answer: {
          Message: issues.map((i) => `${i.path}: ${i.message}`).join("\n"),
          Value: null,
          Errors: issues.map((i) => ({ AttemptedValue: null, Message: i.message, PropertyName: i.path })),
          WasSuccessful: false,
        },
      };
    }
    const id = body.Id as number;
    const old = records.get(id);
    if (!old) return { status: 404, answer: "Not found" };
    const next: Rec = {};
    for (const [k, v] of Object.entries(old)) {
      if (!WRITABLE.includes(k) || (SECRETS.includes(k) && !(k in body))) next[k] = v;
    }
    Object.assign(next, body);
    for (const list of LISTS) {
      const added = (body[`Added${list}`] ?? []) as number[];
      const removed = (body[`Removed${list}`] ?? []) as number[];
      if (added.length || removed.length) {
        next[list] = [...((next[list] ?? []) as number[]).filter((x) => !removed.includes(x)), ...added];
      }
      next[`Added${list}`] = null;
      next[`Removed${list}`] = null;
    }
    next.UpdatedOn = stamp();
    next.UpdatedBy = "fake-admin@example.com";
    records.set(id, next);
    return {
      status: 200,
      answer: {
        Status: 200,
        Message: "User was successfully updated.",
        Value: { Id: id },
        OpenInDialog: false,
        OpenInWindow: false,
        RedirectURL: null,
        JavaScript: null,
        UpdatedOn: next.UpdatedOn,
        UpdatedBy: next.UpdatedBy,
        Errors: null,
        WasSuccessful: true,
      },
    };
  };
  const fake: Fake = {
    url: "",
    records,
    received: [],
    hook: undefined,
    put,
    close: async () => {},
  };
  const server = await startServer(async (req, res) => {
    if (await fake.hook?.(req, res)) return;
    const get = /^\/api\/sys\/users\/(\d+)$/.exec(req.url);
    if (req.method === "GET" && get) {
      const record = records.get(Number(get[1]));
      return record ? send(res, 200, record) : send(res, 404, "Not found");
    }
    if (req.method === "PUT" && req.url === "/api/sys/users") {
      let body: Rec;
      try {
        body = JSON.parse(req.body) as Rec;
      } catch {
        return send(res, 400, { Message: "The request is invalid.", WasSuccessful: false });
      }
      const { status, answer } = put(body);
      return send(res, status, answer);
    }
    send(res, 404, "Not found");
  });
  fake.url = server.url;
  fake.received = server.received;
  fake.close = server.close;
  return fake;
}

/** The bodies of the PUTs the fake received. */
export const puts = (fake: Fake): Rec[] =>
  fake.received.filter((r) => r.method === "PUT").map((r) => JSON.parse(r.body) as Rec);
