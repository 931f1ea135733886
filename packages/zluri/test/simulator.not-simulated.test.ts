/**
 * Issue 19, item 4: a route the simulator does not model answers 501 with a JSON body naming the
 * method and path as not simulated (core's default), never a guessed vendor answer. Zluri documents an applications API this simulator does not model.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SIMULATOR_TOKEN, startSimulator } from "../src/simulator.js";

const open: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

describe("zluri simulator: routes it does not model", () => {
  it.each(["GET", "POST", "PATCH"])(
    "%s /applications answers 501 'not simulated' naming the method and path",
    async (method) => {
      const sim = await startSimulator({ rateLimit: false });
      open.push(sim);
      const res = await fetch(`${sim.url}/applications?page=1`, {
        method,
        headers: { ...{ "api-key": SIMULATOR_TOKEN }, "content-type": "application/json" },
        ...(method === "GET" ? {} : { body: "{}" }),
      });
      expect(res.status).toBe(501);
      expect(await res.json()).toEqual({
        error: `not simulated: ${method} /applications`,
        method,
        path: "/applications",
      });
    },
  );
});
