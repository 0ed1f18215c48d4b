// A rule in plain words, in the screen's language: "Bought pastries at least 3 times in the last 60 days and
// (consent by e-mail is yes or tier is gold)". Field, operator, option and parameter words come from the
// catalogues (segment-words.ts for labels); values are shown as typed (list and campaign names when known).
import { hasMessage, type MessageKey } from '../../../shared/i18n/index.tsx';
import {
  needsValue,
  type DraftFilter,
  type DraftGroup,
  type DraftNode,
  type FieldInfo,
} from './rule-draft.ts';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface SummaryWords {
  t: T;
  /** Names for ids the rule holds (lists, campaigns), by id. */
  names?: Record<string, string>;
  /** Tier names in the screen's language, by tier key. */
  tierNames?: Record<string, string>;
}

export function fieldLabel(t: T, field: FieldInfo): string {
  const key = `segments.field.${field.key}`;
  return hasMessage(key) ? t(key) : field.key.startsWith('attribute.') ? field.key.slice(10) : field.label;
}

export function groupLabel(t: T, group: string): string {
  const key = `segments.group.${group}`;
  return hasMessage(key) ? t(key) : group;
}

/** An option of an enum field or parameter in words (RFM segments, churn risk, channels …). */
export function optionLabel(t: T, field: string, option: string): string {
  for (const key of [`segments.option.${field}.${option}`, `rfm.${option}`, `segments.option.${option}`])
    if ((field === 'rfm.segment' || !key.startsWith('rfm.')) && hasMessage(key)) return t(key);
  return option;
}

function valueWords(field: FieldInfo, op: string, raw: string, w: SummaryWords): string {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const word = (v: string) =>
    field.type === 'boolean'
      ? w.t(v === 'false' ? 'segments.false' : 'segments.true')
      : field.type === 'enum'
        ? optionLabel(w.t, field.key, v)
        : field.key === 'loyalty.tier'
          ? (w.tierNames?.[v] ?? v)
          : (w.names?.[v] ?? v);
  if (op === 'between')
    return w.t('segments.summary.range', { from: word(items[0] ?? ''), to: word(items[1] ?? '') });
  if (field.type === 'boolean') return word(raw || 'true');
  return items.map(word).join(w.t('segments.summary.listJoin')) || '…';
}

function paramWords(field: FieldInfo, params: Record<string, string>, w: SummaryWords): string[] {
  const out: string[] = [];
  for (const key of Object.keys(field.params?.properties ?? {})) {
    const v = params[key];
    const schema = field.params!.properties![key]!;
    const shown =
      v === undefined || v === '' ? (schema.default === undefined ? undefined : String(schema.default)) : v;
    if (shown === undefined) continue;
    if (key === 'days') out.push(w.t('segments.summary.days', { days: Number(shown) }));
    else if (key === 'months') out.push(w.t('segments.summary.months', { months: Number(shown) }));
    else if (key === 'campaignId')
      out.push(w.t('segments.summary.campaign', { name: w.names?.[shown] ?? shown }));
    else if (key === 'scale') continue;
    else
      out.push(
        `${w.t(`segments.param.${key}` as MessageKey)}: ${schema.enum ? optionLabel(w.t, key, shown) : shown}`,
      );
  }
  return out;
}

/** An event's property filters: "plan is gold, amount at least 100". */
function filterWords(filters: DraftFilter[], w: SummaryWords): string[] {
  return filters
    .filter((f) => f.property.trim() !== '')
    .map((f) =>
      w.t('segments.summary.condition', {
        field: f.property.trim(),
        op: w.t(`segments.op.${f.op}` as MessageKey),
        value: f.kind === 'boolean' ? w.t(f.value === 'false' ? 'segments.false' : 'segments.true') : f.value,
      }),
    );
}

function conditionWords(n: Extract<DraftNode, { kind: 'condition' }>, fields: FieldInfo[], w: SummaryWords) {
  const field = fields.find((f) => f.key === n.field);
  if (!field) return n.field;
  const params = [...paramWords(field, n.params, w), ...filterWords(n.where, w)];
  const subject = params.length
    ? `${fieldLabel(w.t, field)} (${params.join(w.t('segments.summary.listJoin'))})`
    : fieldLabel(w.t, field);
  const op = w.t(`segments.op.${n.op}` as MessageKey);
  const days = Number(n.value);
  const text =
    n.op === 'within_last_days'
      ? w.t('segments.summary.withinDays', { field: subject, days })
      : n.op === 'more_than_days_ago'
        ? w.t('segments.summary.daysAgo', { field: subject, days })
        : needsValue(n.op)
          ? w.t('segments.summary.condition', {
              field: subject,
              op,
              value: valueWords(field, n.op, n.value, w),
            })
          : w.t('segments.summary.conditionNoValue', { field: subject, op });
  return n.negate ? w.t('segments.summary.not', { rule: text }) : text;
}

/** The draft in words; groups inside groups are in parentheses. Empty groups say nothing. */
export function summarise(root: DraftGroup, fields: FieldInfo[], w: SummaryWords): string {
  const visit = (n: DraftNode, nested: boolean): string => {
    if (n.kind === 'condition') return conditionWords(n, fields, w);
    const parts = n.children.map((c) => visit(c, true)).filter(Boolean);
    if (parts.length === 0) return '';
    const joined = parts.join(w.t(n.match === 'and' ? 'segments.summary.and' : 'segments.summary.or'));
    const text = nested && parts.length > 1 ? `(${joined})` : joined;
    return n.negate ? w.t('segments.summary.not', { rule: nested ? text : `(${text})` }) : text;
  };
  return visit(root, false);
}
