import { describe, expect, it } from 'vitest';
import { applyAttributes, attributeSchemaOf, type AttributeSchema } from './attributes.ts';

const schema: AttributeSchema = {
  shoe_size: { type: 'integer', minimum: 20, maximum: 50 },
  weight_kg: { type: 'number', minimum: 0 },
  vip: { type: 'boolean' },
  favourite_store: { type: 'string', enum: ['tel-aviv', 'haifa'] },
  note: { type: 'string', maxLength: 5 },
  joined_on: { type: 'date' },
  card_no: { type: 'string', required: true },
};

const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    const err = e as { code: string; message: string; details: { issues: { attribute: string }[] } };
    return { code: err.code, message: err.message, attributes: err.details.issues.map((i) => i.attribute) };
  }
  return undefined;
};

describe('applyAttributes', () => {
  it('accepts values that fit their definitions', () => {
    const value = {
      card_no: 'A1',
      shoe_size: 42,
      weight_kg: 70.5,
      vip: true,
      favourite_store: 'haifa',
      note: 'שלום',
      joined_on: '2024-02-29',
    };
    expect(applyAttributes(schema, undefined, value)).toEqual(value);
  });

  it('rejects unknown names, naming the known ones', () => {
    const p = problems(() => applyAttributes(schema, undefined, { card_no: 'A1', colour: 'red' }));
    expect(p?.code).toBe('invalid_attributes');
    expect(p?.message).toContain('"colour" is not defined for this program');
    expect(p?.message).toContain('shoe_size');
    expect(problems(() => applyAttributes({}, undefined, { colour: 'red' }))?.message).toContain(
      'defines no attributes',
    );
  });

  it('checks type, range, enum, length and dates', () => {
    const p = problems(() =>
      applyAttributes(schema, undefined, {
        card_no: 7,
        shoe_size: 42.5,
        weight_kg: -1,
        vip: 'yes',
        favourite_store: 'eilat',
        note: 'toolong',
        joined_on: '2023-02-29',
      }),
    );
    expect(p?.attributes.sort()).toEqual(
      ['card_no', 'favourite_store', 'joined_on', 'note', 'shoe_size', 'vip', 'weight_kg'].sort(),
    );
    expect(
      problems(() => applyAttributes(schema, undefined, { card_no: 'x', shoe_size: 51 }))?.message,
    ).toContain('at most 50');
  });

  it('requires required attributes on create but tolerates their absence on later updates', () => {
    expect(problems(() => applyAttributes(schema, undefined, { vip: true }))?.attributes).toEqual([
      'card_no',
    ]);
    expect(applyAttributes(schema, { legacy: 1 }, { vip: true })).toEqual({ legacy: 1, vip: true });
  });

  it('merges updates and removes with null, but never a required attribute', () => {
    expect(applyAttributes(schema, { card_no: 'A1', vip: true }, { vip: null, shoe_size: 40 })).toEqual({
      card_no: 'A1',
      shoe_size: 40,
    });
    expect(problems(() => applyAttributes(schema, { card_no: 'A1' }, { card_no: null }))?.attributes).toEqual(
      ['card_no'],
    );
  });

  it('ignores malformed entries in a stored schema', () => {
    expect(attributeSchemaOf({ ok: { type: 'string' }, broken: 5, other: { label: 'x' } })).toEqual({
      ok: { type: 'string' },
    });
  });
});
