// A rule's conditions and caps in plain words ("on Friday · category pastry · at most 100 points a month"),
// for the rules list. Days, dates and money follow the user's language, calendar and digits.
import { isolate } from '../../../shared/format.ts';
import type { I18n } from '../../../shared/i18n/index.tsx';
import type { RuleCaps, RuleConditions, Tier } from '../../../../../src/contracts/loyalty.ts';
import { tierName } from '../../tiers.ts';

/** 0 = Sunday … 6 = Saturday (as the API counts), in the user's language. */
export function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2026-03-01 was a Sunday.
  return Array.from({ length: 7 }, (_, d) => format.format(Date.UTC(2026, 2, 1 + d)));
}

export function ruleSummary(
  i18n: I18n,
  conditions: RuleConditions,
  caps: RuleCaps,
  currency: string | undefined,
  tiers: Tier[] | undefined,
): string[] {
  const { t, locale, number, money, date } = i18n;
  const or = new Intl.ListFormat(locale, { type: 'disjunction' });
  // Data (categories, SKUs, tier names typed by the club) is isolated so mixed directions keep their order.
  const list = (items: string[]) => or.format(items.map(isolate));
  const parts: string[] = [];
  const c = conditions;
  if (c.daysOfWeek?.length) {
    const names = weekdayNames(locale);
    parts.push(t('rule.cond.days', { days: or.format(c.daysOfWeek.map((d) => names[d] ?? String(d))) }));
  }
  if (c.categories?.length) parts.push(t('rule.cond.categories', { list: list(c.categories) }));
  if (c.skus?.length) parts.push(t('rule.cond.skus', { list: list(c.skus) }));
  if (c.channels?.length) parts.push(t('rule.cond.channels', { list: list(c.channels) }));
  if (c.stores?.length) parts.push(t('rule.cond.stores', { list: list(c.stores) }));
  if (c.tiers?.length)
    parts.push(t('rule.cond.tiers', { list: list(c.tiers.map((k) => tierName(tiers, k, locale))) }));
  if (c.from) parts.push(t('rule.cond.from', { date: date(c.from) }));
  if (c.until) parts.push(t('rule.cond.until', { date: date(c.until) }));
  if (c.minTotal !== undefined)
    parts.push(
      t('rule.cond.minTotal', { amount: currency ? money(c.minTotal, currency) : number(c.minTotal) }),
    );
  if (c.birthdayMonth) parts.push(t('rule.cond.birthday'));
  if (caps.perMemberPerDay !== undefined) parts.push(t('rule.cap.day', { points: caps.perMemberPerDay }));
  if (caps.perMemberPerMonth !== undefined)
    parts.push(t('rule.cap.month', { points: caps.perMemberPerMonth }));
  if (caps.programBudget !== undefined) parts.push(t('rule.cap.budget', { points: caps.programBudget }));
  return parts;
}
