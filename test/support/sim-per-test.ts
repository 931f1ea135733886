import { afterEach } from "vitest";

/**
 * A vendor simulator starter for a test file: every simulator it starts is stopped after each
 * test. `defaults` are merged under the options of each call (e.g. the initial users).
 */
export function simulatorPerTest<O extends object, S extends { stop(): Promise<void> }>(
  start: (options: O) => Promise<S>,
  defaults: NoInfer<O>,
): (options?: O) => Promise<S> {
  const open: S[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.stop()));
  });
  return async (options) => {
    const sim = await start({ ...defaults, ...options });
    open.push(sim);
    return sim;
  };
}
