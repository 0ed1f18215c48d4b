import { describe, expect, it } from 'vitest';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  DummyDriver,
  sql,
} from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { builtInFieldRegistry } from '../fields/built-in.ts';
import { compileRule } from './compile.ts';
import type { CompileContext } from './types.ts';
import { checkRule, MAX_DEPTH } from './validate.ts';

const registry = builtInFieldRegistry();
const ctx: CompileContext = {
  programId: '00000000-0000-4000-8000-000000000001',
  timeZone: 'Asia/Jerusalem',
  currency: 'ILS',
  now: new Date('2026-06-15T10:00:00Z'),
  attributeSchema: { city: { type: 'string' }, plan: { type: 'string', enum: ['basic', 'gold'] } },
};

function rejection(rule: unknown): { code: string; status: number; message: string; path: unknown } {
  try {
    checkRule(rule, registry, ctx);
  } catch (e) {
    if (e instanceof AppError)
      return { code: e.code, status: e.status, message: e.message, path: e.details.path };
    throw e;
  }
  throw new Error('the rule was accepted');
}

const cond = (field: string, op: string, value?: unknown, params?: unknown) => ({
  type: 'condition',
  field,
  op,
  ...(value === undefined ? {} : { value }),
  ...(params === undefined ? {} : { params }),
});

describe('rule validation names the bad node', () => {
  it('unknown field', () => {
    expect(
      rejection({ type: 'and', rules: [cond('member.locale', 'eq', 'he'), cond('member.shoe', 'eq', 1)] }),
    ).toEqual({
      code: 'unknown_field',
      status: 400,
      message: 'rule.rules[1]: unknown field "member.shoe"',
      path: 'rule.rules[1]',
    });
    expect(rejection(cond('attribute.colour', 'eq', 'red')).code).toBe('unknown_field');
  });

  it('wrong operator for the type', () => {
    const r = rejection({ type: 'not', rule: cond('purchase.count', 'contains', 'x') });
    expect(r).toMatchObject({ code: 'invalid_operator', path: 'rule.rule' });
    expect(r.message).toContain('operator "contains" does not apply to purchase.count (a number field)');
  });

  it('impossible values', () => {
    expect(rejection(cond('member.birthday_month', 'eq', 13))).toMatchObject({
      code: 'invalid_value',
      path: 'rule.value',
      message: 'rule.value: must be at most 12',
    });
    expect(rejection(cond('purchase.count', 'gte', 1.5)).message).toContain('must be a whole number');
    expect(rejection(cond('purchase.count', 'gte', -1)).message).toContain('must be at least 0');
    expect(rejection(cond('member.birthday', 'eq', '2026-02-30')).message).toContain('does not exist');
    expect(rejection(cond('member.joined_at', 'between', ['2026-05-01', '2026-04-01'])).message).toContain(
      'is after to',
    );
    expect(rejection(cond('member.joined_at', 'within_last_days', 0)).code).toBe('invalid_value');
    expect(rejection(cond('attribute.plan', 'eq', 'platinum')).message).toContain(
      '"platinum" is not one of basic, gold',
    );
    expect(rejection(cond('member.locale', 'in', [])).code).toBe('invalid_value');
    expect(rejection(cond('member.locale', 'is_set', 'he')).message).toContain('is_set takes no value');
    expect(rejection(cond('member.locale', 'eq')).message).toContain('eq needs a value');
  });

  it('bad parameters', () => {
    expect(rejection(cond('consent.granted', 'is', true, { channel: 'fax' }))).toMatchObject({
      code: 'invalid_params',
      path: 'rule.params',
    });
    expect(rejection(cond('event.count', 'gte', 1, {})).message).toContain('missing "name"');
    expect(rejection(cond('member.locale', 'eq', 'he', { days: 3 })).message).toContain(
      'takes no parameters',
    );
  });

  it('bad shapes and too-deep trees', () => {
    expect(rejection({ type: 'xor', rules: [] })).toMatchObject({ code: 'invalid_rule', path: 'rule' });
    expect(rejection({ type: 'and', rules: [] }).message).toContain('rules');
    expect(
      rejection({ type: 'condition', field: 'member.locale', op: 'eq', value: 'he', extra: 1 }).message,
    ).toContain('unknown property "extra"');
    let deep: unknown = cond('member.locale', 'eq', 'he');
    for (let i = 0; i < MAX_DEPTH; i++) deep = { type: 'not', rule: deep };
    const r = rejection(deep);
    expect(r.code).toBe('rule_too_deep');
    expect(r.path).toBe(`rule${'.rule'.repeat(MAX_DEPTH)}`);
  });
});

describe('compiled SQL', () => {
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const compile = (rule: unknown) =>
    sql`select 1 where ${compileRule(checkRule(rule, registry, ctx), ctx)}`.compile(db);

  it('binds every user value as a parameter, including attribute names and event properties', () => {
    const evil = "x'); drop table members; --";
    const q = compile({
      type: 'and',
      rules: [
        cond('attribute.city', 'eq', evil),
        cond('event.count', 'gte', 1, { name: evil, where: [{ property: evil, op: 'eq', value: evil }] }),
        cond('tag.has', 'includes_any', [evil]),
      ],
    });
    expect(q.sql).not.toContain('drop table');
    expect(q.parameters).toContain(evil);
    expect(q.parameters).toContain(JSON.stringify(evil));
  });

  it('joins an aggregate as exists when members without rows fail, not exists when they pass', () => {
    expect(compile(cond('purchase.count', 'gte', 2)).sql).toMatch(/^select 1 where exists \(/);
    expect(compile(cond('purchase.count', 'lt', 2)).sql).toMatch(/^select 1 where not exists \(/);
    expect(compile(cond('consent.granted', 'is', false, { channel: 'email' })).sql).toMatch(
      /where not exists/,
    );
  });
});
