import {
  type CallOptions,
  type Issue,
  type PlannedRequest,
  type RenderedRequest,
  renderRequest,
  type UpdatePlan,
} from "@userbridge/core/internal";
import type { FieldName, NormalizedFields, NormalizedUser } from "./model.js";

/** One normalized field → vendor field(s): how a value is converted. */
export type FieldMapping<Native> = {
  [K in FieldName]?: (value: NormalizedFields[K]) => Native;
};

/**
 * What an adapter gives the facade. An adapter only maps fields and values; the vendor's
 * semantics (envelopes, read-merge-write, auth) stay in the vendor package it calls.
 */
export interface Adapter<V extends string, Caps extends FieldName, Native, Raw> {
  readonly vendor: V;
  readonly capabilities: readonly Caps[];
  /** Normalized fields `normalize` returns but the vendor cannot set here (derived or read-only at the vendor). */
  readonly readOnly: readonly FieldName[];
  /**
   * How the vendor signs people in: by a login name of its own (`username`, the normalized
   * field) or by email (it has no separate login name, or none settable here).
   */
  readonly signsInBy: "username" | "email";
  /** Normalized fields every user of this vendor has: the vendor refuses an update that clears them. */
  readonly mandatory: readonly FieldName[];
  /** Normalized field → a partial vendor update. */
  readonly mapping: { [K in Caps]: (value: NormalizedFields[K]) => Native };
  /** A vendor record → the normalized user. */
  normalize(raw: Raw): NormalizedUser<V, Raw>;
  /** Our string id → the vendor's id, or issues when it cannot be one. */
  vendorId(id: string): { id: string | number } | { issues: Issue[] };
  /** Reads the vendor's record (the vendor package's `getUser`). */
  get(id: string | number, options?: CallOptions): Promise<Raw>;
  /** The one record with this email (NotFoundError / AmbiguousMatchError otherwise). */
  find?(email: string, options?: CallOptions): Promise<Raw>;
  /** The one record with this login name, through the vendor's own filter (NotFoundError / AmbiguousMatchError otherwise). */
  findByUsername?(username: string, options?: CallOptions): Promise<Raw>;
  /** The requests `update` would send, none sent (the vendor package's `planUpdate`). */
  plan(id: string | number, update: Native, options?: CallOptions): Promise<UpdatePlan>;
  /** Applies the update (the vendor package's `updateUser`) and returns the stored record. */
  update(id: string | number, update: Native, options?: CallOptions): Promise<Raw>;
  /** A planned request as the client would send it (URL, redacted headers, body), not sent. */
  render(request: PlannedRequest): Promise<RenderedRequest>;
}

/** Decimal integer ids (Snipe-IT, Nexudus). */
export function integerId(id: string): { id: number } | { issues: Issue[] } {
  if (/^[1-9]\d{0,15}$/.test(id) && Number.isSafeInteger(Number(id))) return { id: Number(id) };
  return { issues: [{ path: "id", message: "must be a positive integer id" }] };
}

/** Ids the vendor package validates itself (ObjectIds, GUIDs, UUIDs). */
export function stringId(id: string): { id: string } {
  return { id };
}

/** Drops null and undefined values (a vendor's null means "not set" in the normalized view). */
export { defined } from "@userbridge/core/internal";

/** Thrown by a mapping that cannot convert a value; the facade reports it as an issue on that field. */
export class MappingRefusal extends Error {}

/** Refuses a normalized value this vendor cannot represent (e.g. a locale Nexudus lacks). */
export function refuse(message: string): never {
  throw new MappingRefusal(message);
}

/** The three functions every vendor package exports, over its own client, id and update types. */
interface VendorFunctions<C, Id, Update, User> {
  getUser(client: C, id: Id, options?: CallOptions): Promise<User>;
  findUserByEmail?(client: C, email: string, options?: CallOptions): Promise<User>;
  planUpdate(client: C, id: Id, changes: Update, options?: CallOptions): Promise<UpdatePlan>;
  updateUser(client: C, id: Id, changes: Update, options?: CallOptions): Promise<User>;
}

/** An adapter's calls into its vendor package: the same wiring for every vendor. */
export function bindVendor<C extends object, Id extends string | number, Update, User>(
  client: C,
  vendor: VendorFunctions<C, Id, Update, User>,
): Pick<Adapter<string, never, Update, User>, "get" | "find" | "plan" | "update" | "render"> {
  const find = vendor.findUserByEmail;
  return {
    get: (id, options) => vendor.getUser(client, id as Id, options),
    ...(find ? { find: (email: string, options?: CallOptions) => find(client, email, options) } : {}),
    plan: (id, update, options) => vendor.planUpdate(client, id as Id, update, options),
    update: (id, update, options) => vendor.updateUser(client, id as Id, update, options),
    render: (request) => renderRequest(client as never, request),
  };
}

/** Options of `users.delete`: `deactivateFirst` (ONLYOFFICE: terminate an active user, then delete it). */
export interface DeleteOptions {
  deactivateFirst?: boolean;
}

/** What `users.list` filters on (`email` exact, case-insensitive; `active` as the normalized value), and how it pages. */
export interface ListQuery {
  email?: string;
  active?: boolean;
  /** Records per request; default the vendor's largest page. */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * A new user in normalized terms: the vendor's required fields required, the others it takes on a
 * create optional, plus `vendor`, its own create fields, for what the model does not cover.
 */
export type NewUser<Req extends FieldName, Opt extends FieldName, CreateNative> = {
  [K in Req]: NormalizedFields[K];
} & { [K in Opt]?: NormalizedFields[K] } & { vendor?: Partial<CreateNative> };

/**
 * How an adapter creates, lists and (where the vendor can) deletes users: vendor calls and field
 * mapping only, like the rest of an adapter. `deletes` says at the type level whether it can.
 */
export interface AdapterLifecycle<
  V extends string,
  Raw,
  Req extends FieldName,
  Opt extends FieldName,
  CreateNative,
  ListRaw,
  D extends boolean,
> {
  /** Normalized fields a create requires. */
  readonly required: readonly Req[];
  /** Normalized fields a create takes besides the required ones. */
  readonly optional: readonly Opt[];
  /** Normalized field → part of the vendor's create body. */
  readonly createMapping: { [K in Req | Opt]: (value: NormalizedFields[K]) => Partial<CreateNative> };
  /** What the facade sends when the caller does not say (documented per adapter). */
  readonly createDefaults?: Partial<CreateNative>;
  /** The vendor package's `createUser`. */
  create(input: CreateNative): Promise<Raw>;
  /** The vendor package's `planCreate`. */
  planCreate(input: CreateNative): Promise<UpdatePlan>;
  /**
   * The vendor package's `listUsers`, normalized, with the filters the vendor can apply itself;
   * the facade checks every record against the query again (the others cost a full listing).
   */
  list(query: ListQuery): AsyncIterable<NormalizedUser<V, ListRaw>>;
  readonly deletes: D;
  /** The vendor package's `deleteUser` (present when `deletes`); `options` as the facade's `delete` takes them. */
  remove?(id: string | number, options?: DeleteOptions): Promise<void>;
  /** The vendor package's `planDelete` (present when `deletes`). */
  planRemove?(id: string | number, options?: DeleteOptions): Promise<UpdatePlan>;
  /**
   * The facade's code for these verbs, carried by the adapter (imported by the lifecycle adapter,
   * never by `connect`), so that an app that only updates bundles none of it.
   */
  readonly verbs: LifecycleVerbsFactory;
}

/** Builds the lifecycle verbs of a connection (see `lifecycleVerbs` in lifecycle.ts). */
export type LifecycleVerbsFactory = (
  /** The lifecycle adapter itself (its own types are checked where it is built). */
  adapter: never,
  vendorId: (id: string, operation: string) => string | number,
  render: (plan: UpdatePlan) => Promise<UpdatePreviewShape>,
) => object;

/** The shape of a dry run (`UpdatePreview` in connect.ts), repeated here to keep this file type-only for connect. */
export interface UpdatePreviewShape {
  vendor: string;
  reads: RenderedRequest[];
  writes: RenderedRequest[];
  notes: string[];
}

/** An adapter that also creates, lists and (when `D`) deletes. */
export interface LifecycleAdapter<
  V extends string,
  Caps extends FieldName,
  Native,
  Raw,
  Req extends FieldName,
  Opt extends FieldName,
  CreateNative,
  ListRaw,
  D extends boolean,
> extends Adapter<V, Caps, Native, Raw> {
  readonly lifecycle: AdapterLifecycle<V, Raw, Req, Opt, CreateNative, ListRaw, D>;
}
