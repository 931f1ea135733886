/**
 * Contract-test helpers: a fetch that records what Prism said about every request our client
 * sent. Prism flags a request that breaks the spec with a 422 (when the operation has no 400) or
 * an `sl-violations` header (when it has one); either one fails a contract test.
 */
import { inject } from "vitest";
import "./context.js";

export interface Recorded {
  method: string;
  url: string;
  status: number;
  violations: string | null;
  contentType: string | null;
  requestHeaders: Headers;
  requestBody: string | undefined;
}

export function prismUrl(vendor: string): string {
  const url = inject("prismUrls")[vendor];
  if (!url) throw new Error(`no Prism mock for ${vendor}`);
  return url;
}

/** A fetch that records each exchange. `prefer` sets Prism's `Prefer` header (e.g. "code=404"). */
export function recordingFetch(prefer?: () => string | undefined) {
  const log: Recorded[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const requestBody = request.body ? await request.clone().text() : undefined;
    const p = prefer?.();
    if (p) request.headers.set("Prefer", p);
    const response = await fetch(request);
    log.push({
      method: request.method,
      url: request.url,
      status: response.status,
      violations: response.headers.get("sl-violations"),
      contentType: response.headers.get("content-type"),
      requestHeaders: request.headers,
      requestBody,
    });
    return response;
  };
  /**
   * Every request that Prism found at odds with the spec: an `sl-violations` header, or Prism's own
   * 422 problem (not a vendor's documented 422 example, which a test may ask for).
   */
  const violations = () =>
    log
      .filter((r) => r.violations !== null || (r.status === 422 && (r.contentType ?? "").includes("problem+json")))
      .map((r) => `${r.method} ${r.url} → ${r.status} ${r.violations ?? ""}`);
  return { fetch: fetchImpl, log, violations };
}
