import { fileURLToPath } from "node:url";
import { type PrismMock, type PrismMockOptions, startPrismMock } from "@userbridge/core/mock";

/** The spec this package was generated from (shipped as ./openapi.yaml). */
export const specPath: string = fileURLToPath(new URL("../openapi.yaml", import.meta.url));

/** Starts a Prism mock of Nexudus from the bundled spec (needs @stoplight/prism-cli installed). */
export function startMock(options: Omit<PrismMockOptions, "spec"> = {}): Promise<PrismMock> {
  return startPrismMock({ ...options, spec: specPath });
}
export type { PrismMock };
