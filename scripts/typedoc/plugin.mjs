// @ts-check
/**
 * TypeDoc plugin for userbridge:
 * - names each entry point's module by its import specifier (`packages/core/src/mock.ts` →
 *   `@userbridge/core/mock`, `packages/unified/src/adapters/zluri.ts` → `@userbridge/unified/zluri`)
 *   instead of its file path;
 * - documents the generated `paths` / `components` interfaces (openapi-typescript output, never
 *   edited by hand) by naming the spec they come from. Their members carry the spec's descriptions;
 * - links a parameter or return type written as a named type (`changes: UserUpdate`,
 *   `Promise<User>`) to that type's page: TypeDoc converts signatures from the checker's types, and
 *   an alias of a generated schema (`type User = components["schemas"]["User"]`) has no name of
 *   its own there, so every page would inline the whole schema instead.
 */
import { Comment, Converter, ReflectionKind } from "typedoc";
import ts from "typescript";

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

  app.converter.on(Converter.EVENT_CREATE_SIGNATURE, (context, signature, node) => {
    if (!node || !ts.isFunctionLike(node)) return;
    /** The written type, when it is a reference to a named type (`User`, `Promise<User>`). */
    const written = (type) =>
      type && ts.isTypeReferenceNode(type) ? context.converter.convertType(context, type) : undefined;
    node.parameters.forEach((parameter, i) => {
      const reflection = signature.parameters?.[i];
      const type = written(parameter.type);
      if (reflection && type) reflection.type = type;
    });
    const returned = written(node.type);
    if (returned) signature.type = returned;
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
