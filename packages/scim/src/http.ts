/** HTTP plumbing of the gateway, on the standard Request/Response of every runtime. */
import { ScimError } from "./errors.js";

/** The SCIM media type (RFC 7644 §8.1). */
export const SCIM_CONTENT_TYPE = "application/scim+json";

/** A SCIM JSON answer. */
export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": `${SCIM_CONTENT_TYPE}; charset=utf-8`, ...headers },
  });
}

/** A SCIM error answer (RFC 7644 §3.12). */
export function errorResponse(error: ScimError): Response {
  return scimJson(error.toJSON(), error.status, error.headers);
}

/**
 * The request's JSON body, read with a size bound (413 beyond it, before parsing) and a content
 * type check (RFC 7644 §3.1: application/scim+json; application/json is accepted too).
 */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type");
  if (type && !/^application\/(scim\+)?json\b/i.test(type.trim()))
    throw new ScimError(415, `content type ${type} is not application/scim+json`);
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw new ScimError(413, `the request body is larger than ${maxBytes} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new ScimError(413, `the request body is larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") throw new ScimError(400, "the request needs a JSON body", "invalidSyntax");
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "the request body is not valid JSON", "invalidSyntax");
  }
}

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** A strong ETag of a value (RFC 7232 §2.3): its SHA-256, base64url, quoted. */
export async function etagOf(value: unknown): Promise<string> {
  const digest = await sha256(JSON.stringify(value));
  let bin = "";
  for (const b of digest) bin += String.fromCharCode(b);
  return `"${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "").slice(0, 27)}"`;
}

/**
 * Which of the gateway's tokens the request's bearer token is (its index), or -1. Every token is
 * compared, each through SHA-256 so that lengths do not show, in time independent of where they differ.
 */
export async function tokenIndex(header: string | null, tokens: readonly string[]): Promise<number> {
  const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? "");
  const given = await sha256(m?.[1] ?? "");
  let found = -1;
  for (const [i, token] of tokens.entries()) {
    const want = await sha256(token);
    let diff = 0;
    for (let j = 0; j < want.length; j++) diff |= (want[j] as number) ^ (given[j] as number);
    if (diff === 0 && m && found === -1) found = i;
  }
  return found;
}
