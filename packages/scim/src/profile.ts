import type { FieldName } from "@userbridge/unified";

/**
 * What the gateway knows about one vendor beyond its adapter's capabilities: which normalized
 * fields it returns without being able to set them (advertised `readOnly`), and what SCIM `userName`
 * is for it.
 */
export interface VendorProfile {
  /**
   * `username`: SCIM userName is the vendor's own login name (normalized `username`).
   * `email`: the vendor logs people in by email and has no separate login name; userName is kept
   * in the ScimStore when it differs from the email, and reads fall back to the email.
   */
  userName: "username" | "email";
  /** Normalized fields the adapter returns but cannot set. */
  readOnly: readonly FieldName[];
}

/**
 * The five vendors (from each adapter's `normalize` in packages/unified/src/adapters/<vendor>.ts:
 * the fields it returns, less its capabilities).
 */
export const VENDOR_PROFILES: Readonly<Record<string, VendorProfile>> = {
  // snipe-it.ts: normalize returns displayName (`name`, derived by Snipe-IT) and locale; neither is settable.
  "snipe-it": { userName: "username", readOnly: ["displayName", "locale"] },
  // zluri.ts: returns only what it can set; no login name (people sign in by email).
  zluri: { userName: "email", readOnly: [] },
  // onlyoffice.ts: returns displayName, userName, mobilePhone, cultureName, isAdmin without setting them.
  // ONLYOFFICE signs people in by email, so SCIM userName is the email (its `userName` is not settable here).
  onlyoffice: { userName: "email", readOnly: ["displayName", "phone", "locale", "admin"] },
  // nexudus.ts: returns only what it can set; Nexudus signs people in by email.
  nexudus: { userName: "email", readOnly: [] },
  // sailpoint-nerm.ts: `login` is the login name (normalized username).
  "sailpoint-nerm": { userName: "username", readOnly: [] },
};

/** The profile for a vendor: a known one, or one derived from its capabilities. */
export function profileFor(vendor: string, capabilities: readonly FieldName[]): VendorProfile {
  return (
    VENDOR_PROFILES[vendor] ?? { userName: capabilities.includes("username") ? "username" : "email", readOnly: [] }
  );
}
