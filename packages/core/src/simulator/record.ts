/** What the simulator records, with secrets redacted (core's redaction plus the simulator's own secrets). */
import { isSecretKey, REDACTED, redactHeaders, redactValue } from "../redact.js";

/** Replaces every occurrence of the given secrets (≥ 4 characters) in every string of a value. */
export function secretScrubber(secrets: readonly (string | undefined)[]): <T>(value: T) => T {
  const list = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  const text = (s: string) => list.reduce((out, secret) => out.split(secret).join(REDACTED), s);
  const deep = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(deep);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]));
    }
    return value;
  };
  return <T>(value: T) => deep(value) as T;
}

/** Query parameters with secret-like names (api_key, token, ...) get "[redacted]" values. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const [name, value] of params) {
    if (isSecretKey(name) && value !== "") {
      params.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params}` : url;
}

export { redactHeaders, redactValue };
