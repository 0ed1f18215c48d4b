// Render benchmark: personalised messages per second from one Hebrew marketing template (MJML + Liquid, the
// automatic footer, subject + HTML + text part) for BENCH_MEMBERS (10,000) different members, next to the floor
// measured in the same run: the same template rendered once and personalised by plain string substitution
// (split once at its placeholders; per member the same values formatted the same way — Intl numbers and dates,
// HTML-escaped in the HTML — and joined). No database: this measures rendering alone.
// Each round is timed twice: by the wall clock and by this process's CPU time (process.cpuUsage: user + system,
// every thread, so garbage collection counts). The figures compared are per CPU second — on a machine shared
// with other work the wall clock mostly measures the neighbours (one earlier run's floor rounds spread from 12k
// to 24k/s); the wall-clock rates are in the note.
// Env: BENCH_MEMBERS (10000), BENCH_ROUNDS (5; each side runs this many times, interleaved, best kept).
import {
  compileVariant,
  renderCompiled,
  type CompiledVariant,
} from '../src/modules/messaging/templates/compile.ts';
import {
  renderScope,
  type RenderMember,
  type SenderIdentity,
} from '../src/modules/messaging/templates/context.ts';
import { localDateFilter, numberFilter, readerFormat } from '../src/modules/messaging/templates/filters.ts';

const memberCount = Number(process.env.BENCH_MEMBERS || 10_000);
const rounds = Number(process.env.BENCH_ROUNDS || 5);
const log = (msg: string) => process.stderr.write(`[render] ${msg}\n`);

// One placeholder per personal value, so the floor can substitute exactly what Liquid renders.
const P = {
  name: '{{ member.first_name | default: "חבר/ה" }}',
  balance: '{{ points.balance | number }}',
  expiring: '{{ points.expiring | number }}',
  expiringAt: '{{ points.expiring_at | local_date }}',
  tier: '{{ member.tier_name }}',
  portal: '{{ links.portal }}',
  unsubscribe: '{{ links.unsubscribe }}',
  preferences: '{{ links.preferences }}',
  business: '{{ program.business_name }}',
};

const subject = `פרסומת: ${P.name}, ${P.expiring} נקודות יפוגו בקרוב`;
const body = `<mjml>
<mj-head><mj-attributes><mj-all font-family="Arial, sans-serif" /></mj-attributes></mj-head>
<mj-body background-color="#f4f4f4">
  <mj-section background-color="#1a56db"><mj-column>
    <mj-text color="#ffffff" font-size="22px">שלום ${P.name}!</mj-text>
  </mj-column></mj-section>
  <mj-section background-color="#ffffff"><mj-column>
    <mj-text font-size="16px">יש לך ${P.balance} נקודות בדרגת ${P.tier}.</mj-text>
    <mj-text>${P.expiring} נקודות יפוגו ב־${P.expiringAt} — זה הזמן לממש אותן.</mj-text>
    <mj-button background-color="#1a56db" href="${P.portal}">לאזור האישי</mj-button>
  </mj-column></mj-section>
  <mj-section background-color="#ffffff"><mj-column>
    <mj-image src="https://example.com/summer.png" alt="מבצע קיץ" width="300px" />
  </mj-column><mj-column>
    <mj-text>מבצע הקיץ של ${P.business}: כל קנייה מעל 100 ₪ מזכה בנקודות כפולות.</mj-text>
  </mj-column></mj-section>
</mj-body>
</mjml>`;

const sender: SenderIdentity = {
  businessName: 'קפה לנדוור',
  address: 'דיזנגוף 100, תל אביב',
  contactEmail: 'club@example.com',
  contactPhone: '03-5551234',
};
const NAMES = ['נועה', 'יעל', 'אורי', 'Dana', '<b>', 'מיכל', 'עומר', null];
const members: RenderMember[] = Array.from({ length: memberCount }, (_, i) => ({
  firstName: NAMES[i % NAMES.length] ?? null,
  lastName: null,
  email: `m${i}@example.com`,
  phone: null,
  locale: 'he',
  calendar: i % 3 === 0 ? 'hebrew' : null,
  timeZone: 'Asia/Jerusalem',
  tierKey: 'gold',
  tierName: ['Silver', 'Gold', 'Platinum'][i % 3]!,
  points: {
    balance: (i * 37) % 20_000,
    pending: 0,
    expiring: (i * 13) % 900,
    expiringAt: new Date(Date.UTC(2026, 9, 1 + (i % 28))),
  },
}));
const linksOf = (i: number) => ({
  portal: 'https://club.example.com/portal',
  unsubscribe: `https://club.example.com/u/token${i}`,
  preferences: `https://club.example.com/preferences/token${i}`,
});

const t0 = performance.now();
const result = await compileVariant({
  channel: 'email',
  purpose: 'marketing',
  locale: 'he',
  variant: { subject, body },
});
if (!result.compiled) throw new Error(JSON.stringify(result.problems));
const compiled: CompiledVariant = result.compiled;
const compileMs = performance.now() - t0;

interface Round {
  /** messages per wall-clock second */
  rate: number;
  /** messages per CPU second */
  cpuRate: number;
  bytes: number;
}

function timer(): () => { rate: number; cpuRate: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return {
      rate: members.length / ((performance.now() - start) / 1000),
      cpuRate: members.length / ((used.user + used.system) / 1e6),
    };
  };
}

async function liquidRound(): Promise<Round> {
  let bytes = 0;
  const stop = timer();
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    const out = await renderCompiled(
      compiled,
      renderScope({ member, sender, programName: 'Club', links: linksOf(i) }),
      readerFormat({ ...member, currency: 'ILS' }),
    );
    bytes += out.html!.length + out.text.length + out.subject!.length;
  }
  return { ...stop(), bytes };
}

// The floor: the once-rendered template (MJML's HTML with the placeholders in it, and its text part) split at
// its placeholders once; per member each placeholder gets its value, formatted as the filters format it.
const LIQUID_TOKEN = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const VALUE_OF: Record<string, (i: number) => string> = {
  [P.name]: (i) => members[i]!.firstName ?? 'חבר/ה',
  [P.balance]: (i) => numberFilter(readerOf(i), members[i]!.points.balance),
  [P.expiring]: (i) => numberFilter(readerOf(i), members[i]!.points.expiring),
  [P.expiringAt]: (i) => localDateFilter(readerOf(i), members[i]!.points.expiringAt),
  [P.tier]: (i) => members[i]!.tierName ?? '',
  [P.portal]: (i) => linksOf(i).portal,
  [P.unsubscribe]: (i) => linksOf(i).unsubscribe,
  [P.preferences]: (i) => linksOf(i).preferences,
  [P.business]: () => sender.businessName,
  '{{ program.contact_line }}': () =>
    [sender.businessName, sender.address, sender.contactPhone, sender.contactEmail]
      .filter(Boolean)
      .join(' · '),
};
const readerOf = (i: number) => readerFormat({ ...members[i]!, currency: 'ILS' });
const slots = Object.keys(VALUE_OF);

/** [static, slot, static, slot, …] — the slot is the index of the placeholder in `slots`. */
function splitAtPlaceholders(s: string): Array<string | number> {
  const parts: Array<string | number> = [];
  let last = 0;
  for (const match of s.matchAll(LIQUID_TOKEN)) {
    const slot = slots.indexOf(match[0]);
    if (slot === -1) throw new Error(`the floor has no value for ${match[0]}`);
    parts.push(s.slice(last, match.index), slot);
    last = match.index + match[0].length;
  }
  parts.push(s.slice(last));
  return parts;
}

function floorValues(i: number): string[] {
  return slots.map((slot) => VALUE_OF[slot]!(i));
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function substitute(parts: Array<string | number>, values: string[], escape: boolean): string {
  let out = '';
  for (const part of parts) {
    out += typeof part === 'number' ? (escape ? escapeHtml(values[part]!) : values[part]!) : part;
  }
  return out;
}

function floorRound(parts: {
  subject: Array<string | number>;
  html: Array<string | number>;
  text: Array<string | number>;
}): Round {
  let bytes = 0;
  const stop = timer();
  for (let i = 0; i < members.length; i++) {
    const values = floorValues(i);
    const s = substitute(parts.subject, values, false);
    const h = substitute(parts.html, values, true);
    const t = substitute(parts.text, values, false);
    bytes += s.length + h.length + t.length;
  }
  return { ...stop(), bytes };
}

const floorParts = {
  subject: splitAtPlaceholders(compiled.source.subject!),
  html: splitAtPlaceholders(compiled.source.html!),
  text: splitAtPlaceholders(compiled.source.text),
};
const placeholders = floorParts.html.filter((p) => typeof p === 'number').length;
log(
  `compiled once in ${compileMs.toFixed(0)} ms; ${placeholders} placeholders in the HTML; ${memberCount} members`,
);

let best = { liquid: 0, floor: 0 };
let bestWall = { liquid: 0, floor: 0 };
let sizes = { liquid: 0, floor: 0 };
const pairs: string[] = [];
const wallPairs: string[] = [];
for (let r = 0; r < rounds; r++) {
  const l = await liquidRound();
  const f = floorRound(floorParts);
  log(
    `round ${r + 1}: per CPU second Liquid ${l.cpuRate.toFixed(0)}, floor ${f.cpuRate.toFixed(0)}; ` +
      `per wall-clock second Liquid ${l.rate.toFixed(0)}, floor ${f.rate.toFixed(0)}`,
  );
  best = { liquid: Math.max(best.liquid, l.cpuRate), floor: Math.max(best.floor, f.cpuRate) };
  bestWall = { liquid: Math.max(bestWall.liquid, l.rate), floor: Math.max(bestWall.floor, f.rate) };
  pairs.push(`${l.cpuRate.toFixed(0)}/${f.cpuRate.toFixed(0)}`);
  wallPairs.push(`${l.rate.toFixed(0)}/${f.rate.toFixed(0)}`);
  sizes = { liquid: l.bytes, floor: f.bytes };
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
console.log(
  JSON.stringify({
    bench: 'render',
    value: round(best.liquid, 0),
    unit: 'messages per CPU second',
    limit: round(best.floor, 0),
    ratio: round(best.liquid / best.floor, 3),
    note:
      `one he marketing template (MJML compiled once in ${compileMs.toFixed(0)} ms, footer, subject + HTML + ` +
      `text) for ${memberCount} members, best of ${rounds} interleaved rounds; limit = the same output by ` +
      `string substitution into the once-rendered template; target ratio >= 0.5; rounds per CPU second ` +
      `(Liquid/floor): ${pairs.join(', ')}; by the wall clock: ${wallPairs.join(', ')} (best ` +
      `${bestWall.liquid.toFixed(0)}/${bestWall.floor.toFixed(0)}, ratio ` +
      `${round(bestWall.liquid / bestWall.floor, 3)}); output chars per round ` +
      `${sizes.liquid} (Liquid) vs ${sizes.floor} (floor)`,
  }),
);
