import { InvalidInputError, type Issue, IssueList } from "./errors.js";
import { at } from "./safe-copy.js";

/** The shape of an Ajv error, as emitted by our generated standalone validators. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A generated validator (Ajv standalone code): returns true, or false with `errors` set. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** Words for a failed keyword (the generated validators carry no messages, to stay small). */
function describe(e: ValidatorError): string {
  const p = e.params;
  switch (e.keyword) {
    case "type":
      return `must be ${String(p.type).replace(/,/g, " or ")}`;
    case "format":
      return `must be a valid ${p.format}`;
    case "pattern":
      return `must match ${p.pattern}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems": {
      const min = e.keyword.startsWith("min"); // "at least" (singular for 1), or "at most" (always plural)
      const noun = e.keyword.endsWith("Length") ? "character" : "item";
      return `must have at ${min ? "least" : "most"} ${p.limit} ${noun}${min && p.limit === 1 ? "" : "s"}`;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${p.comparison} ${p.limit}`;
    case "uniqueItems":
      return `must not repeat items (${p.j} and ${p.i} are equal)`;
    case "not":
      return "is not allowed";
    case "truncated":
      return `has more invalid items than listed (the first ${p.listed} are)`;
    default:
      return `fails ${e.keyword}`;
  }
}

function dotted(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** Turns validator errors into issues a person can read, one per problem, without duplicates. */
export function issuesFrom(errors: readonly ValidatorError[] | null | undefined, prefix = ""): Issue[] {
  const issues = new IssueList();
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.add(path, message);
    }
  };
  const list = errors ?? [];
  // A oneOf/anyOf failure is explained by its branches' errors; keep it only when it stands alone.
  const explained = new Set(
    list.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf").map((e) => e.instancePath),
  );
  for (const e of list) {
    const path = at(prefix, dotted(e.instancePath));
    const p = e.params;
    switch (e.keyword) {
      case "required":
        add(at(path, String(p.missingProperty)), "is required");
        break;
      case "additionalProperties":
        add(at(path, String(p.additionalProperty)), "is not a known field");
        break;
      case "enum":
        add(path, `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`);
        break;
      case "oneOf":
      case "anyOf":
        if (!explained.has(e.instancePath)) add(path, "does not match any allowed shape");
        break;
      case "minProperties":
        add(path, path ? "is empty" : "no field to change");
        break;
      default:
        add(path, e.message ?? describe(e));
    }
  }
  return issues.done();
}

/** One check: a generated validator, the data, and where its issues sit ("" = top level). */
export type Check = readonly [validate: Validator, data: unknown, path?: string];

/** The issues every check finds (for packages that add checks of their own before throwing). */
export function collectIssues(...checks: Check[]): Issue[] {
  // Bounded (IssueList), so callers may spread the result into their own list.
  const issues = new IssueList();
  for (const [validate, data, path] of checks) {
    if (!validate(data)) issues.addAll(issuesFrom(validate.errors, path));
  }
  return issues.done();
}

/** Throws one InvalidInputError naming every issue, if there is any. */
export function assertNoIssues(ctx: { vendor: string; operation: string }, issues: Issue[]): void {
  if (issues.length > 0) throw new InvalidInputError(issues, { vendor: ctx.vendor, operation: ctx.operation });
}

/** Runs every check and throws one InvalidInputError naming every problem found by any of them. */
export function assertValid(ctx: { vendor: string; operation: string }, ...checks: Check[]): void {
  assertNoIssues(ctx, collectIssues(...checks));
}
