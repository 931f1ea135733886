import type { FieldName } from "@userbridge/unified";
import type { ScimBackend } from "./backend.js";

/**
 * What the gateway knows about one vendor beyond its capabilities, as the backend declares it
 * (from the unified adapter: its `readOnly`, `signsInBy` and `mandatory`): which normalized fields it returns
 * without being able to set them (advertised `readOnly`), and what SCIM `userName` is for it.
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
  /** Normalized fields every user has at the vendor (advertised `required`). */
  required: readonly FieldName[];
}

/** The profile a backend declares, or one derived from its capabilities where it declares none. */
export function profileFor(
  backend: Pick<ScimBackend, "capabilities" | "readOnly" | "signsInBy" | "mandatory">,
): VendorProfile {
  return {
    userName: backend.signsInBy ?? (backend.capabilities.includes("username") ? "username" : "email"),
    readOnly: backend.readOnly ?? [],
    required: backend.mandatory ?? [],
  };
}
