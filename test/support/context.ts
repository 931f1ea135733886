// What the Prism globalSetup provides to tests (`inject("prismUrls")`): vendor → mock URL.
declare module "vitest" {
  export interface ProvidedContext {
    prismUrls: Record<string, string>;
  }
}

export {};
