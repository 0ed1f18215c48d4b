// The segment field extension point. A field is data plus one function that says how its values reach SQL;
// the compiler and the validator know nothing about any particular field. Modules contribute fields through
// the registry (docs/adr/segment-fields.md).
import type { TObject } from 'typebox';
import type { CompileContext, FieldSource, ValueType } from '../rules/types.ts';

export interface SegmentField<P = Record<string, unknown>> {
  /** Stable key used in saved rules: `<group>.<name>`, e.g. `purchase.spend`. */
  key: string;
  /** For the builder's field picker: member, consent, lists, loyalty, purchases, events, value, rfm … */
  group: string;
  /** English label; screens translate known keys and fall back to this. */
  label: string;
  type: ValueType;
  /** enum: the allowed values (a value outside them is an impossible value). */
  options?: readonly string[];
  /** number: bounds and whether only whole numbers make sense. */
  minimum?: number;
  maximum?: number;
  integer?: boolean;
  /** What a number means: money in minor units of the program currency, points, days, a plain count. */
  unit?: 'minor_units' | 'points' | 'days' | 'count' | 'score';
  /** The field's parameters as a TypeBox object schema (closed); absent: the field takes none. */
  params?: TObject;
  /** How the field's values reach SQL, given checked parameters. Never string-build user input. */
  source(ctx: CompileContext, params: P): FieldSource;
}

/** A family of fields that depends on the program, e.g. one field per custom attribute. */
export type FieldFamily = (ctx: Pick<CompileContext, 'attributeSchema'>) => SegmentField[];

/** Erases the parameter type so fields with different parameters sit in one list. */
export function defineField<P>(field: SegmentField<P>): SegmentField {
  return field as unknown as SegmentField;
}
