// Every condition and cap of an earning rule, editable: days of the week, categories, SKUs, channels, stores,
// tiers, dates, minimum total, birthday month; limits per member per day and month and in all. Uncontrolled
// inputs read back by readConditions when the rule form is submitted.
import { CheckboxField, TextField } from '../../../shared/components/forms.tsx';
import { fromMinorUnits, parseLocaleInteger, toMinorUnits } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { localName } from '../../../shared/labels.ts';
import { useProgramDetails } from '../../program-details.ts';
import { useTiers } from '../../tiers.ts';
import { weekdayNames } from './rule-summary.ts';
import type { EarningRuleView, RuleCaps, RuleConditions } from '../../../../../src/contracts/loyalty.ts';

const LISTS = [
  ['categories', 'rule.categoriesField'],
  ['skus', 'rule.skusField'],
  ['channels', 'rule.channelsField'],
  ['stores', 'rule.storesField'],
] as const;
const CAPS = [
  ['perMemberPerDay', 'rule.capDayField'],
  ['perMemberPerMonth', 'rule.capMonthField'],
  ['programBudget', 'rule.capBudgetField'],
] as const;

/** The calendar day of an instant in the program's time zone, as an <input type=date> value. */
function dayIn(iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/** Midnight at the start of a calendar day in the program's time zone, as an ISO instant. */
function startOfDayIn(day: string, timeZone: string): string {
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(`${day}T12:00:00Z`))
      .find((p) => p.type === 'timeZoneName')
      ?.value.replace('GMT', '') || '+00:00';
  return new Date(`${day}T00:00:00${offset}`).toISOString();
}

export function RuleConditionsFields(props: {
  rule: EarningRuleView | undefined;
  currency: string;
  errors: Record<string, string>;
}) {
  const { t, locale } = useI18n();
  const tiers = useTiers();
  const timeZone = useProgramDetails()?.timeZone ?? 'UTC';
  const c = props.rule?.conditions ?? {};
  const caps = props.rule?.caps ?? {};
  const days = weekdayNames(locale);
  const err = (name: string) => props.errors[`conditions.${name}`] ?? props.errors[`caps.${name}`];
  return (
    <>
      <fieldset data-testid="rule-conditions">
        <legend>{t('rule.conditions')}</legend>
        <fieldset className="check-row">
          <legend>{t('rule.days')}</legend>
          {days.map((name, d) => (
            <CheckboxField
              key={d}
              label={name}
              name={`day-${d}`}
              defaultChecked={c.daysOfWeek?.includes(d) ?? false}
            />
          ))}
        </fieldset>
        <div className="form-grid">
          {LISTS.map(([field, label]) => (
            <TextField
              key={field}
              label={t(label)}
              name={`cond-${field}`}
              dir="auto"
              defaultValue={(c[field] ?? []).join(', ')}
              error={err(field)}
            />
          ))}
          <TextField
            label={t('rule.fromField')}
            name="cond-from"
            type="date"
            defaultValue={dayIn(c.from, timeZone)}
            error={err('from')}
          />
          <TextField
            label={t('rule.untilField')}
            name="cond-until"
            type="date"
            defaultValue={dayIn(c.until, timeZone)}
            error={err('until')}
          />
          <TextField
            label={t('rule.minTotalField', { currency: props.currency })}
            name="cond-minTotal"
            inputMode="decimal"
            defaultValue={c.minTotal === undefined ? '' : fromMinorUnits(c.minTotal, props.currency)}
            error={err('minTotal')}
          />
        </div>
        {tiers && tiers.length > 0 && (
          <fieldset className="check-row">
            <legend>{t('rule.tiersField')}</legend>
            {tiers.map((tier) => (
              <CheckboxField
                key={tier.key}
                label={localName(tier, locale)}
                name={`tier-${tier.key}`}
                defaultChecked={c.tiers?.includes(tier.key) ?? false}
              />
            ))}
          </fieldset>
        )}
        <CheckboxField
          label={t('rule.birthdayField')}
          name="cond-birthday"
          defaultChecked={c.birthdayMonth}
        />
      </fieldset>
      <fieldset>
        <legend>{t('rule.caps')}</legend>
        <div className="form-grid">
          {CAPS.map(([field, label]) => (
            <TextField
              key={field}
              label={t(label)}
              name={`cap-${field}`}
              inputMode="numeric"
              defaultValue={caps[field] === undefined ? '' : String(caps[field])}
              error={err(field)}
            />
          ))}
        </div>
      </fieldset>
    </>
  );
}

/** The conditions and caps as the form says them; an empty field is no condition. */
export function readConditions(
  form: HTMLFormElement,
  currency: string,
  timeZone = 'UTC',
): { conditions: RuleConditions; caps: RuleCaps } {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const conditions: RuleConditions = {};
  const daysOfWeek = [0, 1, 2, 3, 4, 5, 6].filter((d) => data.get(`day-${d}`) !== null);
  if (daysOfWeek.length) conditions.daysOfWeek = daysOfWeek;
  for (const [field] of LISTS) {
    const items = text(`cond-${field}`)
      .split(/[,،;]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length) conditions[field] = items;
  }
  const tiers = [...data.keys()].filter((k) => k.startsWith('tier-')).map((k) => k.slice('tier-'.length));
  if (tiers.length) conditions.tiers = tiers;
  if (text('cond-from')) conditions.from = startOfDayIn(text('cond-from'), timeZone);
  if (text('cond-until')) conditions.until = startOfDayIn(text('cond-until'), timeZone);
  if (text('cond-minTotal')) {
    const minor = toMinorUnits(text('cond-minTotal'), currency);
    // Not a number: sent as is, so the API's message shows on the field.
    conditions.minTotal = minor ?? (text('cond-minTotal') as unknown as number);
  }
  if (data.get('cond-birthday') !== null) conditions.birthdayMonth = true;
  const caps: RuleCaps = {};
  for (const [field] of CAPS) {
    const value = text(`cap-${field}`);
    if (value) caps[field] = parseLocaleInteger(value) ?? (value as unknown as number);
  }
  return { conditions, caps };
}
