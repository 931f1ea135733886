/** Route patterns with `:params`: "/api/v1/users/:id" matches "/api/v1/users/42" → { id: "42" }. */

export interface CompiledPattern {
  readonly segments: readonly string[];
}

/** Empty segments are ignored: "/users/" and "/users" are the same path. */
const split = (path: string) => path.split("/").filter(Boolean);

export function compilePattern(pattern: string): CompiledPattern {
  return { segments: split(pattern) };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The percent-decoded params when `pathname` matches, else undefined. Literal segments compare raw. */
export function matchPattern(pattern: CompiledPattern, pathname: string): Record<string, string> | undefined {
  const parts = split(pathname);
  if (parts.length !== pattern.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of pattern.segments.entries()) {
    const part = parts[i] as string;
    if (segment.startsWith(":")) {
      params[segment.slice(1)] = decode(part);
    } else if (segment !== part) return undefined;
  }
  return params;
}
