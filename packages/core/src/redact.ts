/** Redaction: secrets never reach an error message, its JSON, its inspect output or a log line. */

export const REDACTED = "[redacted]";

const SECRET_KEY =
  /pass(word|wd)?|secret|token|authori[sz]ation|api[-_]?key|cookie|session|credential|totp|salt|private/i;

/** Whether a key names something secret-like (password, token, api-key, authorization, ...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const knownSecrets = new Set<string>();

/**
 * Remember a secret value (a token, a password) so that it is scrubbed from any text we produce,
 * even where it appears under an innocent key or inside a vendor's message.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === "string" && value.length >= 4) knownSecrets.add(value);
}

/** `text` with every registered secret (see {@link registerSecret}) replaced by {@link REDACTED}. */
export function scrubText(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A deep copy with secret-like keys replaced by "[redacted]" and known secrets scrubbed from strings. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth > 8) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "__proto__" || k === "constructor" || k === "prototype") continue;
    out[k] = isSecretKey(k) && v !== null && v !== undefined && v !== "" ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}

/** Header values with Authorization-like names cut to their scheme: `Bearer [redacted]`. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (isSecretKey(name)) {
      const scheme = /^(Bearer|Basic|Token)\s/i.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      out[name] = scrubText(value);
    }
  }
  return out;
}

/** What `util.inspect(error)` prints: the stack (scrubbed) and the redacted own fields. */
export function safeInspect(error: Error): string {
  const fields = Object.entries(error)
    .map(([k, v]) => `  ${k}: ${JSON.stringify(redactValue(v))}`)
    .join(",\n");
  const head = scrubText(error.stack ?? `${error.name}: ${error.message}`);
  return fields ? `${head} {\n${fields}\n}` : head;
}
