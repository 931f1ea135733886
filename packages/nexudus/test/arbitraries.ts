/** fast-check generators derived from the spec's UserUpdate schema (every writable field, valid values). */
import fc from "fast-check";
import { deref, LIST_EDITS, LISTS, REQUIRED, type Rec, type Schema, schemas, WRITABLE } from "./spec.js";

/** Any value the schema accepts. */
export function valid(schema: Schema): fc.Arbitrary<unknown> {
  const s = deref(schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = [s.type ?? "string"].flat();
  return fc.oneof(
    ...types.map((t): fc.Arbitrary<unknown> => {
      if (t === "null") return fc.constant(null);
      if (t === "boolean") return fc.boolean();
      if (t === "integer") return fc.integer({ min: s.minimum ?? -(2 ** 31), max: 2 ** 31 - 1 });
      if (t === "array") return fc.array(valid(s.items ?? {}), { maxLength: 4 });
      if (t === "string") {
        return s.format === "uuid"
          ? fc.uuid()
          : fc.string({ unit: "grapheme", minLength: s.minLength ?? 0, maxLength: 10 });
      }
      throw new Error(`no generator for type ${t}`);
    }),
  );
}

const props = schemas.UserUpdate?.properties ?? {};
const field = (k: string) => valid(props[k] as Schema);
const CHANGEABLE = WRITABLE.filter((k) => k !== "Id");

/**
 * A record as the single-record GET returns it: the required fields, the list fields, any of the
 * other writable fields, the read-only fields, a field our spec does not know, and Added…/Removed…
 * as null. Every writable value is one the PUT accepts (see `legacyRecord` for the others).
 */
const recordModel: Record<string, fc.Arbitrary<unknown>> = {
  ...Object.fromEntries(WRITABLE.filter((k) => !LIST_EDITS.includes(k)).map((k) => [k, field(k)])),
  ...Object.fromEntries(LIST_EDITS.map((k) => [k, fc.constant(null)])),
  UniqueId: fc.uuid(),
  CreatedOn: fc.constant("2017-02-24T23:45:48Z"),
  UpdatedOn: fc.constant("2024-12-31T23:59:59Z"),
  UpdatedBy: fc.constant("someone@example.com"),
  IsNew: fc.constant(false),
  SystemId: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
  TwoFactorEnabled: fc.boolean(),
  DefaultBusinessId: fc.option(fc.nat(), { nil: null }),
  AvatarFileName: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
  PassportNumber: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
  EnablePassportAccess: fc.boolean(),
  FieldAddedByTheVendorLater: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
};

export const storedRecord: fc.Arbitrary<Rec> = fc
  .record(recordModel, {
    requiredKeys: [
      ...REQUIRED,
      ...LISTS,
      ...LIST_EDITS,
      "UniqueId",
      "CreatedOn",
      "UpdatedOn",
      "UpdatedBy",
      "IsNew",
      "TwoFactorEnabled",
    ],
  })
  .map((r) => r as Rec);

/** A stored record holding a value the PUT refuses: Language 0 or 7, or PasswordSalt null. */
export const legacyRecord: fc.Arbitrary<Rec> = fc
  .tuple(
    storedRecord,
    fc.oneof(
      fc.record({ Language: fc.constantFrom(0, 7) }),
      fc.record({ PasswordSalt: fc.constant(null) }),
      fc.record({ Language: fc.constant(0), PasswordSalt: fc.constant(null) }),
    ),
  )
  .map(([record, legacy]) => ({ ...record, ...legacy }));

const pick = (keys: string[]) => fc.record(Object.fromEntries(keys.map((k) => [k, field(k)])));

/** A valid partial change: a few fields (most often) or any subset of every changeable field. */
export const change: fc.Arbitrary<Rec> = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.uniqueArray(fc.constantFrom(...CHANGEABLE), { minLength: 1, maxLength: 3 }).chain(pick),
    },
    { weight: 1, arbitrary: fc.record(Object.fromEntries(CHANGEABLE.map((k) => [k, field(k)])), { requiredKeys: [] }) },
  )
  .filter((c) => Object.keys(c).length > 0)
  .map((c) => c as Rec);

/** The old record with exactly `changes` applied (Added…/Removed… edit the list, which then holds each id once). */
export function applied(old: Rec, changes: Rec): Rec {
  const out: Rec = { ...old, ...changes };
  for (const list of LISTS) {
    const added = (changes[`Added${list}`] ?? []) as number[];
    const removed = (changes[`Removed${list}`] ?? []) as number[];
    if (added.length || removed.length) {
      const base = ((list in changes ? changes[list] : old[list]) ?? []) as number[];
      out[list] = [...new Set([...base.filter((x) => !removed.includes(x)), ...added])];
    }
    out[`Added${list}`] = old[`Added${list}`];
    out[`Removed${list}`] = old[`Removed${list}`];
  }
  return out;
}
