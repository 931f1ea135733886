import { type VendorName, vendorNames } from "@userbridge/unified";

export { type VendorName, vendorNames };

/** The VENDOR part of `USERBRIDGE_<VENDOR>_URL` / `USERBRIDGE_<VENDOR>_TOKEN`. */
export const ENV_PREFIX: Record<VendorName, string> = {
  "snipe-it": "SNIPE_IT",
  zluri: "ZLURI",
  onlyoffice: "ONLYOFFICE",
  nexudus: "NEXUDUS",
  "sailpoint-nerm": "SAILPOINT_NERM",
};

export const isVendorName = (v: unknown): v is VendorName =>
  typeof v === "string" && (vendorNames as readonly string[]).includes(v);

/** Bad usage or unreadable input: exit code 2, nothing written. `problems` are listed one per line. */
export class UsageError extends Error {
  readonly problems: string[];
  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join("\n"));
    this.name = "UsageError";
    this.problems = list;
  }
}
