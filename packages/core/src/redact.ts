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
  if (typeof value !== "string" || value.length < 4) return;
  // As given, and as it reads inside a URL or a JSON string.
  for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) knownSecrets.add(form);
}

/** Control characters (C0, DEL, C1): a credential holding one could split or inject a header. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether any known secret occurs in the text. */
function holdsSecret(text: unknown): boolean {
  if (typeof text !== "string") return false;
  for (const secret of knownSecrets) if (text.includes(secret)) return true;
  return false;
}

/**
 * The cause of an error, safe to keep: an Error whose message, stack or own cause mentions a known
 * secret is replaced by a scrubbed copy (same name, message, stack, and cause chain); other values
 * are redacted like any data.
 */
export function scrubCause(cause: unknown, depth = 0): unknown {
  if (!(cause instanceof Error)) return redactValue(cause);
  const inner = (cause as { cause?: unknown }).cause;
  const scrubbedInner = inner === undefined || depth > 8 ? inner : scrubCause(inner, depth + 1);
  if (!holdsSecret(cause.message) && !holdsSecret(cause.stack) && scrubbedInner === inner) return cause;
  const copy = new Error(scrubText(cause.message), scrubbedInner === undefined ? undefined : { cause: scrubbedInner });
  copy.name = cause.name;
  copy.stack = scrubText(cause.stack ?? `${cause.name}: ${cause.message}`);
  for (const [k, v] of Object.entries(cause))
    if (k !== "cause") (copy as unknown as Record<string, unknown>)[k] = redactValue(v);
  return copy;
}

/** `text` with every registered secret (see {@link registerSecret}) replaced by {@link REDACTED}. */
export function scrubText(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Keys never copied from input: they would reach (or replace) an object's prototype. */
/**
 * A server URL fit for a message: `redis://user:secret@host:6379/0` → `redis://host:6379/0`
 * (`invalid` for what does not parse), so a password in a connection URL never reaches an error.
 */
export function withoutCredentials(url: string, invalid = "(an invalid URL)"): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return invalid;
  }
}

export const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** A deep copy with secret-like keys replaced by "[redacted]" and known secrets scrubbed from strings. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth > 8) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (FORBIDDEN.has(k)) continue;
    out[scrubText(k)] =
      isSecretKey(k) && v !== null && v !== undefined && v !== "" ? REDACTED : redactValue(v, depth + 1);
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
