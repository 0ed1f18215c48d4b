// The building blocks of the API's TypeBox schemas, shared by the server (which validates and serialises with them)
// and the web apps (which import only the types, `Wire<typeof Schema>`, so no schema code reaches the bundle).
// Response views that the web reads live beside these in src/contracts/<module>.ts.
import { Type, type Static, type TSchema } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
/** Serialised as an ISO 8601 string; handlers may return a Date. */
export const IsoDateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/** A string enum whose TypeScript type keeps the literals. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: Record<string, unknown> = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The schema, or null. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

export const LOCALES = ['he', 'fa', 'en'] as const;
export const Locale = StringEnum(LOCALES);
/** Points and money in minor units: integers only. */
export const Points = Type.Integer({ minimum: -1_000_000_000_000, maximum: 1_000_000_000_000 });
export const MinorUnits = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as ?cursor= for the next page',
    }),
  });
}

/** A value as it arrives over the wire: what the server may hold as a Date is an ISO string in JSON. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The type a client receives for a response schema. */
export type Wire<S extends TSchema> = Json<Static<S>>;
