/**
 * The facade's create, list and delete. Only the lifecycle adapters (`nexudusLifecycle`, …)
 * import this module, and they hand it to `connect` through `adapter.lifecycle.verbs`: an app that
 * connects an update-only adapter bundles none of it.
 */
import {
  InvalidInputError,
  type Issue,
  safeCopy,
  UnsupportedFieldError,
  type UpdatePlan,
} from "@userbridge/core/internal";
import {
  type DeleteOptions,
  type LifecycleAdapter,
  type ListQuery,
  MappingRefusal,
  type UpdatePreviewShape,
} from "./adapter.js";
import { FIELD_NAMES, type FieldName, type NormalizedUser } from "./model.js";

const KNOWN = new Set<string>(FIELD_NAMES);
const BOOLEAN_FIELDS = new Set<string>(["active", "admin"]);

type AnyLifecycleAdapter = LifecycleAdapter<
  string,
  FieldName,
  unknown,
  unknown,
  FieldName,
  FieldName,
  unknown,
  unknown,
  boolean
>;

/** The verbs `connect` adds for a lifecycle adapter (typed by `ConnectedLifecycle` in connect.ts). */
export function lifecycleVerbs(
  adapter: AnyLifecycleAdapter,
  vendorId: (id: string, operation: string) => string | number,
  render: (plan: UpdatePlan) => Promise<UpdatePreviewShape>,
) {
  const { vendor } = adapter;
  const life = adapter.lifecycle;
  const allowed = new Set<string>([...life.required, ...life.optional]);

  /** Normalized new user → the vendor's create body, refusing every problem at once. */
  function toVendor(input: unknown, operation: string): unknown {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw new InvalidInputError([{ path: "", message: "the new user must be an object" }], { vendor, operation });
    }
    const copy = safeCopy(input) as Record<string, unknown>;
    const unsupported = Object.keys(copy).filter((k) => KNOWN.has(k) && !allowed.has(k));
    if (unsupported.length > 0) throw new UnsupportedFieldError(unsupported, { vendor, operation });
    const issues: Issue[] = [];
    for (const key of Object.keys(copy)) {
      if (key !== "vendor" && !KNOWN.has(key)) issues.push({ path: key, message: "is not a normalized field" });
    }
    for (const key of life.required) {
      if (copy[key] === undefined || copy[key] === "") issues.push({ path: key, message: `is required by ${vendor}` });
    }
    const out: Record<string, unknown> = {};
    const from: Record<string, string> = {};
    for (const [key, value] of Object.entries(copy)) {
      if (key === "vendor" || !allowed.has(key) || value === undefined) continue;
      const expected = BOOLEAN_FIELDS.has(key) ? "boolean" : "string";
      if (typeof value !== expected) {
        issues.push({ path: key, message: `must be a ${expected}` });
        continue;
      }
      try {
        const mapped = (life.createMapping as Record<string, (v: unknown) => Record<string, unknown>>)[key]?.(value);
        for (const [field, v] of Object.entries(mapped ?? {})) {
          out[field] = v;
          from[field] = key;
        }
      } catch (error) {
        if (!(error instanceof MappingRefusal)) throw error;
        issues.push({ path: key, message: error.message });
      }
    }
    const native = copy.vendor;
    if (native !== undefined) {
      if (typeof native !== "object" || native === null || Array.isArray(native)) {
        issues.push({ path: "vendor", message: "must be an object of the vendor's own fields" });
      } else {
        for (const [field, v] of Object.entries(native)) {
          if (field in from) issues.push({ path: `vendor.${field}`, message: `is also set by ${from[field]}` });
          out[field] = v;
        }
      }
    }
    if (issues.length > 0) throw new InvalidInputError(issues, { vendor, operation });
    return { ...life.createDefaults, ...out };
  }

  function checkQuery(query: unknown): ListQuery {
    if (query === undefined) return {};
    const issues: Issue[] = [];
    if (typeof query !== "object" || query === null || Array.isArray(query)) {
      issues.push({ path: "", message: "the query must be an object" });
    } else {
      const q = query as Record<string, unknown>;
      for (const key of Object.keys(q)) {
        if (!["email", "active", "pageSize", "signal"].includes(key))
          issues.push({ path: key, message: "is not a filter" });
      }
      if (q.email !== undefined && typeof q.email !== "string")
        issues.push({ path: "email", message: "must be a string" });
      if (q.active !== undefined && typeof q.active !== "boolean") {
        issues.push({ path: "active", message: "must be a boolean" });
      }
    }
    if (issues.length > 0) throw new InvalidInputError(issues, { vendor, operation: "list" });
    return query as ListQuery;
  }

  const verbs = {
    async create(input: unknown) {
      return adapter.normalize(await life.create(toVendor(input, "create")));
    },
    async planCreate(input: unknown) {
      return render(await life.planCreate(toVendor(input, "planCreate")));
    },
    list(query?: ListQuery): AsyncIterable<NormalizedUser> {
      return {
        async *[Symbol.asyncIterator]() {
          const q = checkQuery(query);
          const email = q.email?.toLowerCase();
          // The vendor filters what it can; every record is checked again here (a vendor filter may
          // be a search, and a filter the vendor lacks is applied here only).
          for await (const user of life.list(q)) {
            if (email !== undefined && user.email?.toLowerCase() !== email) continue;
            if (q.active !== undefined && user.active !== q.active) continue;
            yield user;
          }
        },
      };
    },
  };
  const { remove, planRemove } = life;
  if (!life.deletes || !remove || !planRemove) return verbs; // no delete to offer: none at all
  return {
    ...verbs,
    async delete(id: string, options?: DeleteOptions) {
      const vid = vendorId(id, "delete");
      await (options === undefined ? remove(vid) : remove(vid, options));
    },
    async planDelete(id: string, options?: DeleteOptions) {
      const vid = vendorId(id, "planDelete");
      return render(await (options === undefined ? planRemove(vid) : planRemove(vid, options)));
    },
  };
}
