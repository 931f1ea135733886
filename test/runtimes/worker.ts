/**
 * workerd entry (bundled with esbuild, run by Miniflare): a POST with the scenario's config runs
 * it inside the Worker and answers with its result as JSON.
 */
import { runScenario, type ScenarioConfig } from "./scenario.ts";

export default {
  async fetch(request: Request): Promise<Response> {
    const config = (await request.json()) as ScenarioConfig;
    return Response.json(await runScenario(config));
  },
};
