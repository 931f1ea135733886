/**
 * createScimHandler: a SCIM 2.0 service provider (RFC 7644, the Users resource) per vendor at
 * `<basePath>/<vendor>/…`, as a `(Request) => Promise<Response>` that runs on any runtime with
 * standard fetch types (Node ≥ 20, Bun, Deno, Cloudflare Workers).
 */
import { AmbiguousMatchError, InvalidInputError, NotFoundError, UnsupportedFieldError } from "@userbridge/core";
import { FIELD_NAMES, type FieldName, type NormalizedUser } from "@userbridge/unified";
import type { FieldChanges, ScimBackend } from "./backend.js";
import { keyLock } from "./claims.js";
import { ScimError, toScimError } from "./errors.js";
import { type FilterSchema, type Lookup, matches, parseFilter, plan } from "./filter.js";
import { errorResponse, etagOf, readJson, scimJson, tokenIndex } from "./http.js";
import {
  canonicalResource,
  fromScim,
  type ScimInput,
  type ScimResource,
  splitAttributePath,
  toScim,
} from "./mapping.js";
import { applyPatch, patchOperations } from "./patch.js";
import { profileFor, type VendorProfile } from "./profile.js";
import {
  ENTERPRISE_SCHEMA,
  extensionsFor,
  type FieldAccess,
  fieldAccess,
  LIST_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SPC_SCHEMA,
  schemaAttributes,
  schemaResource,
  USER_SCHEMA,
  USERBRIDGE_SCHEMA,
} from "./schemas.js";
import { type ScimStore, StoreBusyError, StoreConflictError, type StoredState } from "./store.js";

/** What happens at the vendor on `DELETE /Users/{id}`. */
export type DeleteMode = "deactivate" | "delete";

/** One structured log line per write (never a token or a password: the gateway token by its index). */
export interface ScimLogEntry {
  time: string;
  vendor: string;
  operation: "create" | "replace" | "patch" | "delete";
  /** The vendor id (absent when a create failed). */
  id?: string;
  status: number;
  durationMs: number;
  /** Which of `tokens` authenticated the request (its index), or -1 when anonymous. */
  token: number;
}

/** What `createScimHandler` serves, and how. */
export interface ScimHandlerOptions {
  /** The vendors served, by the URL segment under `basePath` (e.g. "snipe-it"). */
  vendors: Readonly<Record<string, ScimBackend>>;
  /** Bearer tokens the gateway accepts (several, for rotation). Required unless `allowAnonymous`. */
  tokens?: readonly string[];
  /** Serve without authentication (tests, or behind a proxy that authenticates). Default false. */
  allowAnonymous?: boolean;
  /** Where externalId (and userName at email-login vendors) are kept. */
  store: ScimStore;
  /** The path the vendors are served under. Default "/scim/v2". */
  basePath?: string;
  /** DELETE /Users/{id}: "deactivate" (default: active=false, reversible) or "delete"; per vendor or for all. */
  deleteMode?: DeleteMode | Readonly<Record<string, DeleteMode>>;
  /** Largest request body accepted, in bytes (413 beyond). Default 65,536. */
  maxBodyBytes?: number;
  /** Largest page a list answers (the `filter.maxResults` advertised). Default 200. */
  maxResults?: number;
  /** Receives one entry per write. */
  log?: (entry: ScimLogEntry) => void;
  /**
   * Most SCIM requests one vendor may have in progress (waiting for the vendor's pacing included).
   * One more is answered 429 with `Retry-After: retryAfterSeconds` at once, instead of queueing
   * until the identity provider times out; Okta and Entra both honour it. Default 50.
   */
  maxPending?: number;
  /** The `Retry-After` of that 429, in seconds. Default 5. */
  retryAfterSeconds?: number;
}

interface Vendor {
  name: string;
  backend: ScimBackend;
  profile: VendorProfile;
  access: FieldAccess;
  extensions: string[];
  schema: FilterSchema;
  deleteMode: DeleteMode;
  /** SCIM requests in progress for this vendor. */
  pending: number;
}

interface Loaded {
  user: NormalizedUser;
  state: StoredState | undefined;
  resource: ScimResource;
  etag: string;
}

/** Every normalized field writable: what a POST body asserts, before the create says what it takes. */
const ALL_WRITABLE: FieldAccess = { writable: new Set(FIELD_NAMES), readable: new Set(FIELD_NAMES) };

const ENTERPRISE_AND_OWN = [ENTERPRISE_SCHEMA, USERBRIDGE_SCHEMA];

const RESERVED = ["ServiceProviderConfig", "ResourceTypes", "Schemas", "Users", "Groups", "Bulk", "Me"];

/** Builds the gateway. Throws TypeError for options it cannot serve with. */
export function createScimHandler(options: ScimHandlerOptions): (request: Request) => Promise<Response> {
  const tokens = options.tokens ?? [];
  if (tokens.length === 0 && options.allowAnonymous !== true)
    throw new TypeError("createScimHandler needs at least one token (or allowAnonymous: true)");
  if (tokens.some((t) => typeof t !== "string" || t.length < 16))
    throw new TypeError("every gateway token must be a string of at least 16 characters");
  const basePath = (options.basePath ?? "/scim/v2").replace(/\/+$/, "");
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  const maxResults = options.maxResults ?? 200;
  const maxPending = options.maxPending ?? 50;
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  const { store } = options;
  const vendors = new Map<string, Vendor>();
  const localClaim = keyLock();
  for (const [name, backend] of Object.entries(options.vendors)) {
    const profile = profileFor(backend);
    const access = fieldAccess(backend.capabilities, profile);
    const extensions = extensionsFor(access, profile);
    const schema: FilterSchema = new Map(
      [USER_SCHEMA, ...extensions].map((s) => [s, schemaAttributes(s, access, profile)] as const),
    );
    const mode = options.deleteMode;
    const deleteMode = typeof mode === "string" ? mode : (mode?.[name] ?? "deactivate");
    vendors.set(name, { name, backend, profile, access, extensions, schema, deleteMode, pending: 0 });
  }

  /** The user behind a `/Users/{id}` URL: 404 when the vendor has none, or when it was deleted through SCIM (a tombstone). */
  async function load(v: Vendor, id: string): Promise<Loaded> {
    let user: NormalizedUser;
    try {
      user = await v.backend.get(id);
    } catch (error) {
      // An id the vendor could never have issued (NERM's are UUIDs): no such resource (RFC 7644 §3.12), not a bad request.
      if (error instanceof InvalidInputError) throw new ScimError(404, `${v.name}: no User ${id}`);
      throw error;
    }
    const loaded = await present(v, user);
    // RFC 7644 §3.6: a resource deleted but kept by the service provider is 404 for every operation.
    if (loaded.state?.deleted) throw new ScimError(404, `${v.name}: User ${id} was deleted`);
    return loaded;
  }

  async function present(v: Vendor, user: NormalizedUser): Promise<Loaded> {
    const state = await store.get(v.name, user.id);
    const resource = toScim(user, state, v.access, v.profile, v.extensions);
    const etag = await etagOf({ raw: user.raw ?? resource, state: state ?? {} });
    return { user, state, resource, etag };
  }

  const withMeta = (base: string, loaded: Loaded): ScimResource => ({
    ...loaded.resource,
    meta: {
      resourceType: "User",
      location: `${base}/Users/${encodeURIComponent(loaded.user.id)}`,
      version: loaded.etag,
    },
  });

  function checkIfMatch(request: Request, loaded: Loaded): void {
    const header = request.headers.get("if-match");
    if (header === null) return;
    const tags = header.split(",").map((t) => t.trim());
    if (tags.includes("*") || tags.includes(loaded.etag)) return;
    throw new ScimError(412, `the User changed since version ${header} (now ${loaded.etag})`);
  }

  /**
   * Users a lookup finds (none for an unknown id, a malformed one, or a stale store entry). `seen` (per SCIM request) keeps each email's answer, so that the checks of
   * one request ask the vendor about an email once.
   */
  async function lookup(
    v: Vendor,
    l: Lookup,
    seen?: Map<string, Promise<NormalizedUser[]>>,
  ): Promise<NormalizedUser[]> {
    const byId = async (id: string | undefined): Promise<NormalizedUser[]> => {
      if (id === undefined) return [];
      try {
        return [await v.backend.get(id)];
      } catch (error) {
        if (error instanceof NotFoundError || error instanceof InvalidInputError) return [];
        throw error;
      }
    };
    const byEmail = (email: string): Promise<NormalizedUser[]> => {
      const key = email.toLowerCase();
      const known = seen?.get(key);
      if (known) return known;
      const answer = byEmailAtVendor(email);
      seen?.set(key, answer);
      return answer;
    };
    /** The users a vendor finder answers: none, one, or every one it names as ambiguous. */
    const found = async (find: (value: string) => Promise<NormalizedUser>, value: string) => {
      try {
        return [await find(value)];
      } catch (error) {
        if (error instanceof NotFoundError || error instanceof InvalidInputError) return [];
        if (error instanceof AmbiguousMatchError) return (await Promise.all(error.ids.map(byId))).flat();
        throw error;
      }
    };
    const byEmailAtVendor = async (email: string): Promise<NormalizedUser[]> => {
      const { find, list } = v.backend;
      if (!find) {
        if (!list) throw new ScimError(400, `${v.name} can neither find users by email nor list them`, "invalidFilter");
        const out: NormalizedUser[] = [];
        for await (const u of list()) if (u.email?.toLowerCase() === email.toLowerCase()) out.push(u);
        return out;
      }
      return found(find, email);
    };
    switch (l.by) {
      case "id":
        return byId(l.value);
      case "externalId":
        return byId(await store.findBy(v.name, "externalId", l.value));
      case "userName": {
        const stored = await byId(await store.findBy(v.name, "userName", l.value));
        if (v.profile.userName === "email")
          return [...stored, ...(l.value.includes("@") ? await byEmail(l.value) : [])];
        const { findByUsername, list } = v.backend;
        // The vendor's own filter (one request); only a backend without one lists every user.
        if (findByUsername) return found(findByUsername, l.value);
        if (list) {
          const out: NormalizedUser[] = [];
          for await (const u of list()) if (u.username?.toLowerCase() === l.value.toLowerCase()) out.push(u);
          return out;
        }
        // Without a listing, a login name that is an email is looked up by email (and the filter checked on the result).
        return l.value.includes("@") ? byEmail(l.value) : [];
      }
      case "email":
        return byEmail(l.value);
    }
  }

  function pageParams(url: URL | Record<string, unknown>): { startIndex: number; count: number } {
    const read = (key: string): number | undefined => {
      const raw = url instanceof URL ? url.searchParams.get(key) : url[key];
      if (raw === null || raw === undefined || raw === "") return undefined;
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new ScimError(400, `${key} must be an integer`, "invalidValue");
      return n;
    };
    // RFC 7644 §3.4.2.4: startIndex < 1 is 1; a negative count is 0; above the maximum, the maximum.
    const startIndex = Math.max(1, read("startIndex") ?? 1);
    const count = Math.min(maxResults, Math.max(0, read("count") ?? maxResults));
    return { startIndex, count };
  }

  async function search(
    v: Vendor,
    base: string,
    query: { filter?: string; startIndex: number; count: number },
    shape: (resource: ScimResource) => ScimResource = (r) => r,
  ): Promise<Response> {
    const ast =
      query.filter !== undefined && query.filter.trim() !== "" ? parseFilter(query.filter, v.schema) : undefined;
    const page: ScimResource[] = [];
    let total = 0;
    const consider = async (user: NormalizedUser) => {
      const loaded = await present(v, user);
      // RFC 7644 §3.6: a deleted resource is not returned by queries.
      if (loaded.state?.deleted) return;
      if (ast && !matches(ast, loaded.resource, v.schema)) return;
      total++;
      if (total >= query.startIndex && page.length < query.count) page.push(shape(withMeta(base, loaded)));
    };
    // At a vendor whose userName is its login name, only its own filter or a listing finds users by it for sure.
    const weak = (l: Lookup) =>
      l.by === "userName" && v.profile.userName === "username" && !v.backend.findByUsername && !v.backend.list;
    const lookups = ast ? plan(ast, weak) : undefined;
    if (lookups) {
      const seen = new Set<string>();
      for (const l of lookups) {
        for (const user of await lookup(v, l)) {
          if (seen.has(user.id)) continue;
          seen.add(user.id);
          await consider(user);
        }
      }
    } else {
      const { list } = v.backend;
      if (!list)
        throw ast
          ? new ScimError(
              400,
              `${v.name}: this filter needs a listing of every user, which this vendor's connection does not offer; filter by id, externalId, userName or emails.value with eq`,
              "invalidFilter",
            )
          : new ScimError(501, `${v.name}: listing users is not available for this vendor; use a filter`);
      for await (const user of list()) await consider(user);
    }
    return scimJson({
      schemas: [LIST_SCHEMA],
      totalResults: total,
      startIndex: query.startIndex,
      itemsPerPage: page.length,
      Resources: page,
    });
  }

  /**
   * userName and externalId uniqueness (409 uniqueness) before any vendor write. With `deleted` (a
   * create), users deleted through SCIM that hold the userName are collected there instead: the
   * create re-provisions one of them.
   */
  async function checkUnique(
    v: Vendor,
    id: string | undefined,
    input: ScimInput,
    seen?: Map<string, Promise<NormalizedUser[]>>,
    deleted?: Loaded[],
  ): Promise<void> {
    if (typeof input.externalId === "string") {
      const holder = await store.findBy(v.name, "externalId", input.externalId);
      if (holder !== undefined && holder !== id)
        throw new ScimError(
          409,
          `externalId ${JSON.stringify(input.externalId)} is already used by User ${holder}`,
          "uniqueness",
        );
    }
    if (input.userName !== undefined) {
      const found = await lookup(v, { by: "userName", value: input.userName }, seen);
      for (const other of found) {
        if (other.id === id) continue;
        const loaded = await present(v, other);
        if (String(loaded.resource.userName ?? "").toLowerCase() !== input.userName.toLowerCase()) continue;
        if (deleted && loaded.state?.deleted) {
          deleted.push(loaded);
          continue;
        }
        throw new ScimError(
          409,
          `userName ${JSON.stringify(input.userName)} is already used by User ${other.id}`,
          "uniqueness",
        );
      }
    }
  }

  /**
   * RFC 7644 §3.5.2.2: "If an attribute is removed or becomes unassigned and is defined as a
   * required attribute or a read-only attribute", 400 mutability (before any vendor call). The
   * vendors' booleans (active, admin) cannot be unassigned either: the same answer, not a silent no-op.
   */
  function checkRemovals(v: Vendor, before: ScimResource, after: ScimResource): void {
    const at = (r: ScimResource, schema: string, names: string[]): unknown => {
      let o: unknown = schema === USER_SCHEMA ? r : r[schema];
      for (const n of names) o = typeof o === "object" && o !== null ? (o as Record<string, unknown>)[n] : undefined;
      return o === "" || o === null || (Array.isArray(o) && o.length === 0) ? undefined : o;
    };
    for (const [schema, attrs] of v.schema) {
      for (const a of attrs) {
        const leaves =
          a.type === "complex" && !a.multiValued ? (a.subAttributes ?? []).map((s) => [a, s] as const) : [[a] as const];
        for (const path of leaves) {
          const def = path[path.length - 1] as (typeof attrs)[number];
          // A boolean the vendor keeps always has a value: removing it cannot be honoured either.
          if (def.mutability !== "readOnly" && !def.required && def.type !== "boolean") continue;
          const names = path.map((p) => p.name);
          if (at(before, schema, names) !== undefined && at(after, schema, names) === undefined)
            throw new ScimError(
              400,
              `${names.join(".")} is ${def.required ? "required" : def.mutability === "readOnly" ? "read-only" : "a boolean that always has a value"} at ${v.name}: it cannot be removed`,
              "mutability",
            );
        }
      }
    }
  }

  /** The stored state after a write: externalId as asserted, userName kept only where the vendor cannot hold it. */
  function nextState(v: Vendor, before: StoredState | undefined, input: ScimInput, user: NormalizedUser): StoredState {
    const state: StoredState = { ...before };
    if (input.externalId === null) delete state.externalId;
    else if (input.externalId !== undefined) state.externalId = input.externalId;
    if (v.profile.userName === "email" && input.userName !== undefined) {
      if (input.userName.toLowerCase() === user.email?.toLowerCase()) delete state.userName;
      else state.userName = input.userName;
    }
    return state;
  }

  async function saveState(v: Vendor, id: string, state: StoredState): Promise<void> {
    try {
      await store.put(v.name, id, state);
    } catch (error) {
      if (error instanceof StoreConflictError)
        throw new ScimError(409, `${error.field} is already used by User ${error.holder}`, "uniqueness");
      throw error;
    }
  }

  /** The changes that take `before` (what the vendor holds) to `after` (what the client asserts). */
  function diff(before: FieldChanges, after: FieldChanges, removals: boolean): FieldChanges {
    const changes: Record<string, unknown> = {};
    const b = before as Record<string, unknown>;
    for (const [field, value] of Object.entries(after)) if (b[field] !== value) changes[field] = value;
    if (removals) {
      for (const [field, value] of Object.entries(before)) {
        if (field in after || typeof value !== "string" || value === "") continue;
        changes[field] = "";
      }
    }
    return changes as FieldChanges;
  }

  async function write(v: Vendor, current: Loaded, input: ScimInput, removals: boolean): Promise<Loaded> {
    const before = fromScim(current.resource, v.access, v.profile);
    const changes = diff(before.fields, input.fields, removals);
    // Uniqueness is checked only for what changes (a PATCH or PUT that keeps them costs no lookup).
    const moved: ScimInput = { fields: {} };
    if (input.externalId != null && input.externalId !== before.externalId) moved.externalId = input.externalId;
    if (input.userName !== undefined && input.userName.toLowerCase() !== before.userName?.toLowerCase())
      moved.userName = input.userName;
    await checkUnique(v, current.user.id, moved);
    const user = Object.keys(changes).length > 0 ? await v.backend.update(current.user.id, changes) : current.user;
    const state = nextState(v, current.state, input, user);
    if (JSON.stringify(state) !== JSON.stringify(current.state ?? {})) await saveState(v, user.id, state);
    return present(v, user);
  }

  /** RFC 7644 §3.9: `attributes` / `excludedAttributes` on any operation that returns a resource. */
  const shapeOf = (url: URL) =>
    projector(url.searchParams.get("attributes"), url.searchParams.get("excludedAttributes"));

  /** The attribute paths of an `attributes` / `excludedAttributes` parameter (comma-separated, or a list in /.search). */
  function selection(raw: unknown, key: string): { schema: string; names: string[] }[] {
    if (raw === undefined || raw === null) return [];
    const items = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : undefined;
    if (!items || items.some((i) => typeof i !== "string"))
      throw new ScimError(400, `${key} must be a comma-separated string or a list of attribute names`, "invalidSyntax");
    const out: { schema: string; names: string[] }[] = [];
    for (const item of items as string[]) {
      const name = item.trim();
      if (name === "") continue;
      // A schema URN alone names its whole extension.
      const whole = [USER_SCHEMA, ...ENTERPRISE_AND_OWN].find((u) => u.toLowerCase() === name.toLowerCase());
      if (whole) {
        out.push({ schema: whole, names: [] });
        continue;
      }
      const split = splitAttributePath(name);
      if (split) out.push(split); // names no schema has: nothing to return or leave out
    }
    return out;
  }

  /**
   * RFC 7644 §3.4.2.5 (and §3.9 for single resources): `attributes` returns only those named (with
   * sub-attributes: "name.givenName"), `excludedAttributes` all but those; attributes returned
   * "always" (id, schemas; meta describes the resource) cannot be left out.
   */
  function projector(attributes: unknown, excludedAttributes: unknown): (resource: ScimResource) => ScimResource {
    const wanted = selection(attributes, "attributes");
    const excluded = selection(excludedAttributes, "excludedAttributes");
    if (wanted.length === 0 && excluded.length === 0) return (r) => r;
    const ALWAYS = ["schemas", "id", "meta"];
    const containerOf = (r: ScimResource, schema: string): Record<string, unknown> | undefined =>
      schema === USER_SCHEMA ? r : (r[schema] as Record<string, unknown> | undefined);
    return (resource) => {
      if (wanted.length > 0) {
        const out: ScimResource = {};
        for (const k of ALWAYS) if (k in resource) out[k] = resource[k];
        for (const w of wanted) {
          const from = containerOf(resource, w.schema);
          if (!from) continue;
          if (w.names.length === 0) {
            out[w.schema] = structuredClone(from);
            continue;
          }
          if (w.schema !== USER_SCHEMA) out[w.schema] ??= {};
          const to = containerOf(out, w.schema) as Record<string, unknown>;
          const [top, sub] = w.names as [string, string | undefined];
          if (!(top in from) || ALWAYS.includes(top)) continue;
          const value = from[top];
          if (sub === undefined) to[top] = structuredClone(value);
          else if (Array.isArray(value)) {
            const have = (Array.isArray(to[top]) ? to[top] : value.map(() => ({}))) as Record<string, unknown>[];
            to[top] = value.map((item, i) => {
              const o = item as Record<string, unknown>;
              return { ...have[i], ...(sub in o ? { [sub]: o[sub] } : {}) };
            });
          } else if (typeof value === "object" && value !== null && sub in value) {
            to[top] = { ...(to[top] as object | undefined), [sub]: (value as Record<string, unknown>)[sub] };
          }
        }
        return out;
      }
      const out = structuredClone(resource);
      for (const e of excluded) {
        if (e.names.length === 0) {
          if (e.schema !== USER_SCHEMA) delete out[e.schema];
          continue;
        }
        const from = containerOf(out, e.schema);
        if (!from) continue;
        const [top, sub] = e.names as [string, string | undefined];
        if (e.schema === USER_SCHEMA && ALWAYS.includes(top)) continue;
        if (sub === undefined) delete from[top];
        else {
          const value = from[top];
          for (const item of Array.isArray(value) ? value : [value])
            if (typeof item === "object" && item !== null) delete (item as Record<string, unknown>)[sub];
          const empty = (x: unknown) => typeof x === "object" && x !== null && Object.keys(x).length === 0;
          if (Array.isArray(value) ? value.every(empty) : empty(value)) delete from[top];
        }
        if (e.schema !== USER_SCHEMA && Object.keys(from).length === 0) delete out[e.schema];
      }
      return out;
    };
  }

  async function users(
    v: Vendor,
    request: Request,
    url: URL,
    base: string,
    id: string | undefined,
    token: number,
  ): Promise<Response> {
    const method = request.method.toUpperCase();
    if (id === undefined) {
      if (method === "GET") {
        const filter = url.searchParams.get("filter") ?? undefined;
        const shape = projector(url.searchParams.get("attributes"), url.searchParams.get("excludedAttributes"));
        return search(v, base, { ...(filter !== undefined ? { filter } : {}), ...pageParams(url) }, shape);
      }
      if (method === "POST") return logged(v, "create", token, () => create(v, request, base));
      throw new ScimError(405, `${method} is not allowed on /Users`);
    }
    if (id === ".search") {
      if (method !== "POST") throw new ScimError(405, `${method} is not allowed on /Users/.search`);
      const body = await readJson(request, maxBodyBytes);
      const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
      if (b.filter !== undefined && typeof b.filter !== "string")
        throw new ScimError(400, "filter must be a string", "invalidFilter");
      // RFC 7644 §3.4.3: the search request's attributes and excludedAttributes, as the query's.
      const shape = projector(b.attributes, b.excludedAttributes);
      return search(
        v,
        base,
        { ...(typeof b.filter === "string" ? { filter: b.filter } : {}), ...pageParams(b) },
        shape,
      );
    }
    if (method === "GET") {
      const loaded = await load(v, id);
      if (
        request.headers
          .get("if-none-match")
          ?.split(",")
          .map((t) => t.trim())
          .includes(loaded.etag)
      )
        return new Response(null, { status: 304, headers: { etag: loaded.etag } });
      const shape = projector(url.searchParams.get("attributes"), url.searchParams.get("excludedAttributes"));
      return scimJson(shape(withMeta(base, loaded)), 200, { etag: loaded.etag });
    }
    if (method === "PUT") {
      return logged(v, "replace", token, async () => {
        const body = await readJson(request, maxBodyBytes);
        if (typeof body !== "object" || body === null || Array.isArray(body))
          throw new ScimError(400, "a PUT body must be a User object", "invalidSyntax");
        const input = fromScim(canonicalResource(body as Record<string, unknown>), v.access, v.profile);
        if (input.userName === undefined) throw new ScimError(400, "userName is required", "invalidValue");
        const current = await load(v, id);
        checkIfMatch(request, current);
        const after = await write(v, current, input, false);
        return [scimJson(shapeOf(url)(withMeta(base, after)), 200, { etag: after.etag }), after.user.id];
      });
    }
    if (method === "PATCH") {
      return logged(v, "patch", token, async () => {
        const operations = patchOperations(await readJson(request, maxBodyBytes));
        const current = await load(v, id);
        checkIfMatch(request, current);
        const patched = applyPatch(current.resource, operations);
        checkRemovals(v, current.resource, patched);
        const input = fromScim(canonicalResource(patched), v.access, v.profile);
        if (current.resource.userName !== undefined && input.userName === undefined)
          throw new ScimError(400, "userName is required: it cannot be removed", "mutability");
        if (!("externalId" in patched) && current.state?.externalId !== undefined) input.externalId = null;
        const after = await write(v, current, input, true);
        return [scimJson(shapeOf(url)(withMeta(base, after)), 200, { etag: after.etag }), after.user.id];
      });
    }
    if (method === "DELETE") {
      return logged(v, "delete", token, async () => {
        const current = await load(v, id);
        checkIfMatch(request, current);
        if (v.deleteMode === "delete") {
          if (!v.backend.delete) throw new ScimError(501, `${v.name}: deleting users is not available for this vendor`);
          await v.backend.delete(id);
          await store.delete(v.name, id);
        } else {
          if (!v.access.writable.has("active"))
            throw new ScimError(501, `${v.name}: users cannot be deactivated at this vendor`);
          if (current.user.active !== false) await v.backend.update(id, { active: false });
          // The vendor keeps the user, inactive; the gateway answers 404 for it from now on (RFC 7644 §3.6)
          // and releases its externalId and userName. A POST for the same person re-provisions it.
          await saveState(v, id, { deleted: true });
        }
        return [new Response(null, { status: 204 }), id];
      });
    }
    throw new ScimError(405, `${method} is not allowed on /Users/{id}`);
  }

  async function create(v: Vendor, request: Request, base: string): Promise<[Response, string | undefined]> {
    const body = await readJson(request, maxBodyBytes);
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new ScimError(400, "a POST body must be a User object", "invalidSyntax");
    const input = fromScim(canonicalResource(body as Record<string, unknown>), v.access, v.profile);
    if (input.userName === undefined) throw new ScimError(400, "userName is required", "invalidValue");
    const { userName, externalId } = input;
    const email = v.profile.userName === "email" ? input.fields.email : undefined;
    // The person's keys: while this create holds them, no other create of the same person runs
    // (in this process, and in every gateway sharing a store that can claim).
    const keys = [
      `userName:${userName.toLowerCase()}`,
      ...(typeof externalId === "string" ? [`externalId:${externalId}`] : []),
      ...(typeof email === "string" ? [`email:${email.toLowerCase()}`] : []),
    ];
    const checkAndCreate = async (): Promise<[Response, string | undefined]> => {
      const seen = new Map<string, Promise<NormalizedUser[]>>();
      const deleted: Loaded[] = [];
      await checkUnique(v, undefined, input, seen, deleted);
      if (v.profile.userName === "email" && input.fields.email) {
        const existing: NormalizedUser[] = [];
        for (const user of await lookup(v, { by: "email", value: input.fields.email }, seen)) {
          if (deleted.some((d) => d.user.id === user.id)) continue;
          const loaded = await present(v, user);
          if (loaded.state?.deleted) deleted.push(loaded);
          else existing.push(user);
        }
        if (existing.length > 0)
          throw new ScimError(
            409,
            `${v.name} already has a User with this email (${existing.map((u) => u.id).join(", ")})`,
            "uniqueness",
          );
      }
      // A login name that only a listing finds, at a vendor that cannot list: the deleted person by email.
      if (deleted.length === 0 && v.profile.userName === "username" && !v.backend.list && input.fields.email) {
        for (const user of await lookup(v, { by: "email", value: input.fields.email }, seen)) {
          const loaded = await present(v, user);
          if (loaded.state?.deleted) deleted.push(loaded);
        }
      }
      const revived = deleted[0];
      if (revived) return reprovision(v, revived, input, base, request);
      const { create: createUser } = v.backend;
      if (!createUser) throw new ScimError(501, `${v.name}: creating users is not available for this vendor`);
      // A create may take fields an update cannot (a password at NERM): offer every field the body
      // asserts; the facade names those its create does not take (UnsupportedFieldError, before any
      // request), which are set by an update right after, where the vendor can set them.
      const every = fromScim(canonicalResource(body as Record<string, unknown>), ALL_WRITABLE, v.profile).fields;
      const fields: Record<string, unknown> = { ...every, ...input.fields };
      const later: Record<string, unknown> = {};
      let user: NormalizedUser | undefined;
      for (let attempt = 0; user === undefined; attempt++) {
        try {
          user = await createUser(fields as FieldChanges);
        } catch (error) {
          if (!(error instanceof UnsupportedFieldError) || attempt > 2) throw error;
          for (const f of error.fields) {
            if (v.access.writable.has(f as FieldName) && f in input.fields) later[f] = fields[f];
            delete fields[f];
          }
        }
      }
      if (Object.keys(later).length > 0) user = await v.backend.update(user.id, later as FieldChanges);
      const state = nextState(v, undefined, input, user);
      if (Object.keys(state).length > 0) await saveState(v, user.id, state);
      const loaded = await present(v, user);
      const location = `${base}/Users/${encodeURIComponent(user.id)}`;
      return [
        scimJson(shapeOf(new URL(request.url))(withMeta(base, loaded)), 201, { location, etag: loaded.etag }),
        user.id,
      ];
    };
    return localClaim(
      keys.map((k) => `${v.name}\u0000${k}`),
      () => (store.exclusive ? store.exclusive(v.name, keys, checkAndCreate) : checkAndCreate()),
    ).catch((error: unknown) => {
      if (error instanceof StoreBusyError)
        throw new ScimError(429, `${v.name}: another gateway is creating this User; retry`, undefined, {
          "Retry-After": retryAfter,
        });
      throw error;
    });
  }

  /**
   * A POST for a person the vendor still keeps after a SCIM DELETE (deleteMode "deactivate"): the
   * same vendor user is updated with what the body asserts (as a PUT: attributes left out keep the
   * vendor's values), reactivated unless the body says `active: false`, and its tombstone replaced
   * by the new state; 201 as for a new user. Never a second user at the vendor.
   */
  async function reprovision(
    v: Vendor,
    current: Loaded,
    input: ScimInput,
    base: string,
    request: Request,
  ): Promise<[Response, string | undefined]> {
    const before = fromScim(current.resource, v.access, v.profile);
    const wanted: FieldChanges = { ...input.fields };
    if (wanted.active === undefined && v.access.writable.has("active")) wanted.active = true;
    const changes = diff(before.fields, wanted, false);
    const user = Object.keys(changes).length > 0 ? await v.backend.update(current.user.id, changes) : current.user;
    await saveState(v, user.id, nextState(v, undefined, input, user));
    const loaded = await present(v, user);
    const location = `${base}/Users/${encodeURIComponent(user.id)}`;
    return [
      scimJson(shapeOf(new URL(request.url))(withMeta(base, loaded)), 201, { location, etag: loaded.etag }),
      user.id,
    ];
  }

  async function logged(
    v: Vendor,
    operation: ScimLogEntry["operation"],
    token: number,
    run: () => Promise<[Response, string | undefined]>,
  ): Promise<Response> {
    const started = Date.now();
    let status = 500;
    let id: string | undefined;
    try {
      const [response, written] = await run();
      status = response.status;
      id = written;
      return response;
    } catch (error) {
      status = toScimError(error, v.name).status;
      throw error;
    } finally {
      options.log?.({
        time: new Date(started).toISOString(),
        vendor: v.name,
        operation,
        ...(id !== undefined ? { id } : {}),
        status,
        durationMs: Date.now() - started,
        token,
      });
    }
  }

  function discovery(v: Vendor, base: string, resource: string, rest: string | undefined): Response {
    if (resource === "ServiceProviderConfig" && rest === undefined) {
      return scimJson({
        schemas: [SPC_SCHEMA],
        documentationUri: "https://github.com/userbridge/userbridge/tree/main/packages/scim#readme",
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults },
        changePassword: { supported: v.access.writable.has("password") },
        sort: { supported: false },
        etag: { supported: true },
        authenticationSchemes: [
          {
            type: "oauthbearertoken",
            name: "Bearer token",
            description: "A static bearer token configured at the gateway (Authorization: Bearer <token>).",
            primary: true,
          },
        ],
        meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
      });
    }
    if (resource === "ResourceTypes") {
      const user = {
        schemas: [RESOURCE_TYPE_SCHEMA],
        id: "User",
        name: "User",
        endpoint: "/Users",
        description: `A person's account at ${v.name}`,
        schema: USER_SCHEMA,
        schemaExtensions: v.extensions.map((schema) => ({ schema, required: false })),
        meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
      };
      if (rest === undefined) return scimJson(list([user]));
      if (rest === "User") return scimJson(user);
      throw new ScimError(404, `no ResourceType ${rest}`);
    }
    if (resource === "Schemas") {
      const all = [USER_SCHEMA, ...v.extensions].map((s) => schemaResource(s, v.access, v.profile, base));
      if (rest === undefined) return scimJson(list(all));
      const one = all.find((s) => s.id.toLowerCase() === rest.toLowerCase());
      if (!one) throw new ScimError(404, `no Schema ${rest}`);
      return scimJson(one);
    }
    throw new ScimError(404, `no endpoint /${resource}${rest ? `/${rest}` : ""}`);
  }

  return async function handle(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      if (url.pathname === "/health" && request.method === "GET") return scimJson({ status: "ok" });
      if (!url.pathname.startsWith(`${basePath}/`)) throw new ScimError(404, `no endpoint ${url.pathname}`);
      const token = await tokenIndex(request.headers.get("authorization"), tokens);
      if (token < 0 && options.allowAnonymous !== true) {
        const e = new ScimError(401, "a valid bearer token is required", undefined, {
          "WWW-Authenticate": 'Bearer realm="userbridge-scim"',
        });
        return errorResponse(e);
      }
      const [vendorName, resource, rest, ...extra] = url.pathname
        .slice(basePath.length + 1)
        .split("/")
        .map((s) => {
          try {
            return decodeURIComponent(s);
          } catch {
            throw new ScimError(404, `no endpoint ${url.pathname}`);
          }
        });
      const v = vendors.get(vendorName ?? "");
      if (!v)
        throw new ScimError(
          404,
          `no vendor ${JSON.stringify(vendorName)} at this gateway (known: ${[...vendors.keys()].join(", ")})`,
        );
      const base = `${url.origin}${basePath}/${encodeURIComponent(v.name)}`;
      if (extra.length > 0 || resource === undefined) throw new ScimError(404, `no endpoint ${url.pathname}`);
      const segment = RESERVED.find((r) => r.toLowerCase() === resource.toLowerCase()) ?? resource;
      if (segment === "Users") {
        if (v.pending >= maxPending)
          throw new ScimError(429, `${v.name}: ${v.pending} requests are already waiting for this vendor`, undefined, {
            "Retry-After": retryAfter,
          });
        v.pending++;
        try {
          return await users(v, request, url, base, rest === "" ? undefined : rest, token);
        } finally {
          v.pending--;
        }
      }
      // RFC 7644 §3.11: a service provider without /Me SHOULD answer 501; /Bulk likewise (§3.7, bulk.supported false).
      if (segment === "Me" || segment === "Bulk")
        throw new ScimError(501, `/${segment} is not implemented by this gateway`);
      if (request.method !== "GET") throw new ScimError(405, `${request.method} is not allowed on /${segment}`);
      return discovery(v, base, segment, rest === "" ? undefined : rest);
    } catch (error) {
      const vendor = (() => {
        try {
          return new URL(request.url).pathname.slice(basePath.length + 1).split("/")[0] ?? "";
        } catch {
          return "";
        }
      })();
      return errorResponse(toScimError(error, vendor));
    }
  };
}

function list(resources: unknown[]) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
