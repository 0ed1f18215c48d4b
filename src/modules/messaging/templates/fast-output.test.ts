// The direct evaluator against LiquidJS itself: for every output of a corpus, on members with full and empty
// fields, it either writes exactly what LiquidJS writes or steps aside (NOT_FAST) — never a different answer,
// never its own error.
import { Context } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { renderScope, sampleMember, SAMPLE_PER_SEND, type RenderMember } from './context.ts';
import { fastOutputOf, NOT_FAST, renderFast } from './fast-output.ts';
import { readerFormat } from './filters.ts';
import { htmlLiquid, READER, textLiquid } from './liquid.ts';

const now = new Date('2026-09-01T09:00:00Z');
const sender = { businessName: 'קפה', address: null, contactEmail: 'c@example.com', contactPhone: null };
const links = {
  portal: 'https://c.test/portal',
  unsubscribe: 'https://c.test/u/T',
  preferences: 'https://c.test/p/T',
};

const full = sampleMember('he', 'Asia/Jerusalem', now);
const empty: RenderMember = {
  ...sampleMember('fa', 'Asia/Tehran', now),
  firstName: null,
  lastName: '',
  tierKey: null,
  tierName: null,
  points: { balance: 0, pending: 0, expiring: 0, expiringAt: null },
};
const hostile: RenderMember = { ...full, firstName: '<b>"Tom" & \'Jerry\'</b>', lastName: '{{ x }}' };

const CORPUS = [
  '{{ member.first_name }}',
  '{{ member.first_name | default: "חבר/ה" }}',
  '{{ member.last_name | default: "x" }}',
  '{{ member.first_name | upcase | append: "!" }}',
  '{{ member.first_name | escape }}',
  '{{ member.first_name | raw }}',
  '{{ member.first_name.size }}',
  '{{ member.tier_name | default: "none", allow_false: true }}',
  '{{ points.balance }}',
  '{{ points.balance | number }}',
  '{{ points.balance | money }}',
  '{{ points.balance | money: "USD" }}',
  '{{ points.balance | plus: 5 | times: 2 }}',
  '{{ points.expiring_at | local_date }}',
  '{{ points.expiring_at | local_date: "dayMonth", "hebrew" }}',
  '{{ points.expiring_at | local_date: "nonsense" }}',
  '{{ points.expiring_at }}',
  '{{ coupon.code | digits }}',
  '{{ coupon.code | default: "-" }}',
  '{{ links.portal }}',
  '{{ links["unsubscribe"] }}',
  '{{ links.referral | default: links.portal }}',
  '{{ program.contact_line }}',
  '{{ program.nothing }}',
  '{{ nothing }}',
  '{{ member.first_name | truncate: 3 }}',
  '{{ member | json }}',
  '{{ "literal" }}',
  '{{ member.first_name | split: "" | first }}',
];

function liquidJs(engine: typeof textLiquid, source: string, env: object): string | Error {
  try {
    return engine.renderSync(engine.parse(source), env) as string;
  } catch (error) {
    return error as Error;
  }
}

describe('the direct output evaluator', () => {
  for (const [name, member] of Object.entries({ full, empty, hostile })) {
    it(`writes what LiquidJS writes, or steps aside (${name} member)`, () => {
      const env = {
        ...renderScope({ member, sender, programName: 'Club', links, perSend: SAMPLE_PER_SEND }),
        [READER]: readerFormat({ ...member, currency: 'ILS' }),
      };
      let compared = 0;
      for (const engine of [textLiquid, htmlLiquid]) {
        for (const source of CORPUS) {
          const fast = fastOutputOf(engine.parse(source)[0]);
          const expected = liquidJs(engine, source, env);
          if (!fast) continue;
          const got = renderFast(fast, env, new Context(env, engine.options));
          if (expected instanceof Error) expect(got, source).toBe(NOT_FAST);
          else if (got !== NOT_FAST) {
            expect(got, source).toBe(expected);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(30);
    });
  }

  it('takes the common outputs directly', () => {
    const env = {
      ...renderScope({ member: full, sender, programName: 'Club', links, perSend: SAMPLE_PER_SEND }),
      [READER]: readerFormat({ ...full, currency: 'ILS' }),
    };
    const direct = [
      '{{ member.first_name | default: "חבר/ה" }}',
      '{{ points.balance | number }}',
      '{{ points.expiring_at | local_date }}',
      '{{ links.unsubscribe }}',
      '{{ program.contact_line }}',
    ];
    for (const source of direct) {
      const fast = fastOutputOf(textLiquid.parse(source)[0]);
      expect(fast, source).toBeDefined();
      expect(renderFast(fast!, env, new Context(env, textLiquid.options)), source).not.toBe(NOT_FAST);
    }
    // A filter argument that is a variable, and a range, are LiquidJS's to evaluate.
    expect(fastOutputOf(textLiquid.parse('{{ links.referral | default: links.portal }}')[0])).toBeUndefined();
    expect(fastOutputOf(textLiquid.parse('{{ (1..3) | join }}')[0])).toBeUndefined();
  });

  it('steps aside when an assign shadows a scope variable', () => {
    const env = {
      ...renderScope({ member: full, sender, programName: 'Club', links, perSend: SAMPLE_PER_SEND }),
      [READER]: readerFormat({ ...full, currency: 'ILS' }),
    };
    const ctx = new Context(env, textLiquid.options);
    textLiquid.renderSync(textLiquid.parse('{% assign member = "someone else" %}'), ctx);
    const fast = fastOutputOf(textLiquid.parse('{{ member.first_name }}')[0])!;
    expect(renderFast(fast, env, ctx)).toBe(NOT_FAST);
  });
});
