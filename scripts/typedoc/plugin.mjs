// @ts-check
/**
 * TypeDoc plugin for userbridge:
 * - names each entry point's module by its import specifier (`packages/core/src/mock.ts` →
 *   `@userbridge/core/mock`, `packages/unified/src/adapters/zluri.ts` → `@userbridge/unified/zluri`)
 *   instead of its file path;
 * - documents the generated `paths` / `components` interfaces (openapi-typescript output, never
 *   edited by hand) by naming the spec they come from. Their members carry the spec's descriptions.
 */
import { Comment, Converter, ReflectionKind } from "typedoc";

const GENERATED = /packages\/([^/]+)\/src\/generated\/schema\.ts$/;
const WHAT = {
  paths: "Every path and operation of the spec, as openapi-fetch's `Client<paths>` uses them",
  components: "The spec's schemas, responses and parameters",
};

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const m = /^(?:\.\/)?(?:packages\/)?([^/]+)\/src(?:\/(?:adapters\/)?(.+))?$/.exec(reflection.name);
    if (!m) return;
    const [, pkg, sub] = m;
    reflection.name = !sub || sub === "index" ? `@userbridge/${pkg}` : `@userbridge/${pkg}/${sub}`;
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const found of context.project.getReflectionsByKind(ReflectionKind.Interface)) {
      const reflection = /** @type {import("typedoc").DeclarationReflection} */ (found);
      const what = WHAT[/** @type {keyof typeof WHAT} */ (reflection.name)];
      const vendor = reflection.sources?.map((s) => GENERATED.exec(s.fullFileName)?.[1]).find(Boolean);
      if (!what || !vendor || reflection.hasComment()) continue;
      reflection.comment = new Comment([
        { kind: "text", text: `${what}: generated from \`specs/${vendor}.yaml\` by openapi-typescript.` },
      ]);
    }
  });
}
