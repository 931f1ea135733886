import type { VendorName } from "@userbridge/unified";

/** Each vendor's documented request limit, per minute, and where it is documented. */
export const documentedLimits: Record<VendorName, { perMinute: number; source: string }> = {
  "snipe-it": {
    perMinute: 120,
    source:
      "snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054:config/app.php:392 (api_throttle_per_minute, default 120)",
  },
  zluri: { perMinute: 100, source: "https://developers.zluri.com/reference/rate-limits (100 requests per minute)" },
  onlyoffice: {
    perMinute: 3000,
    source: "https://api.onlyoffice.com/portals/workspaceapi, Rate limiting (500 requests per 10 s)",
  },
  nexudus: {
    // The tighter of "1 request per 100 ms" and "120 per minute" (writes 60/min) in request-limits.md.
    perMinute: 120,
    source: "shared/vendor-docs/nexudus.md (REST docs request-limits.md: 1 per 100 ms, 120/min, writes 60/min)",
  },
  "sailpoint-nerm": {
    perMinute: 600,
    source:
      "inferred: SailPoint's gateway limit, 100 requests per 10 s (https://developer.sailpoint.com/discuss/t/the-remote-server-returned-an-error-429/4653)",
  },
};
