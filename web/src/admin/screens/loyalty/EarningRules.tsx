import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { CheckboxField, SelectField, TextField, formValues } from '../../../shared/components/forms.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { fromMinorUnits, isolate, parseLocaleInteger, toMinorUnits } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type I18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgramDetails } from '../../program-details.ts';
import { useProgram } from '../../session.tsx';
import { NamesFields, namesToSend } from '../../../shared/components/NamesFields.tsx';
import { fieldErrors } from '../../../shared/field-errors.ts';
import { localName, type Names } from '../../../shared/labels.ts';
import { useTiers } from '../../tiers.ts';
import { DryRun } from './DryRun.tsx';
import { RuleConditionsFields, readConditions } from './RuleConditionsFields.tsx';
import { ruleSummary } from './rule-summary.ts';
import type { EarningRuleView, RuleEffect } from '../../../../../src/contracts/loyalty.ts';

const KNOWN_EVENTS = [
  'signup',
  'first_purchase',
  'birthday_month',
  'profile_completed',
  'survey_answered',
  'referral_qualified',
];

/** "On joining the club" for the signup event; a custom event by its name, isolated. */
export function triggerLabel(t: I18n['t'], rule: Pick<EarningRuleView, 'trigger' | 'event'>): string {
  if (rule.trigger === 'purchase' || !rule.event) return t(`rule.trigger.${rule.trigger}`);
  if (KNOWN_EVENTS.includes(rule.event)) return t(`rule.event.${rule.event}` as MessageKey);
  return t('rule.event.custom', { event: isolate(rule.event) });
}

export function EarningRules() {
  const i18n = useI18n();
  const { t, number, money, locale } = i18n;
  const tiers = useTiers();
  const program = useProgram();
  const currency = useProgramDetails()?.currency;
  const rules = useResource(
    (signal) => api.get<{ items: EarningRuleView[] }>(program.api('/earning-rules'), { signal }),
    [program.programId],
  );
  const [editing, setEditing] = useState<EarningRuleView | 'new'>();
  const [dryRunVersion, setDryRunVersion] = useState(0);
  const canWrite = program.can('loyalty:write');

  const describe = (e: RuleEffect) =>
    e.type === 'per_spend'
      ? t('rule.perSpendText', { points: e.points, per: currency ? money(e.per, currency) : number(e.per) })
      : e.type === 'multiplier'
        ? t('rule.multiplierText', { factor: number(e.factor) })
        : t('rule.bonusText', { points: e.points });

  return (
    <div className="grid" style={{ alignItems: 'start' }}>
      <section className="card">
        <div className="page-head">
          <h2>{t('loyalty.rules')}</h2>
          {canWrite && (
            <button type="button" className="btn" onClick={() => setEditing('new')}>
              {t('rule.new')}
            </button>
          )}
        </div>
        {rules.error ? (
          <ErrorState error={rules.error} onRetry={rules.reload} />
        ) : !rules.data ? (
          <Loading />
        ) : rules.data.items.length === 0 && editing === undefined ? (
          <EmptyState title={t('rule.empty')} />
        ) : (
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {rules.data.items.map((r) => (
              <li
                key={r.id}
                style={{ borderBlockEnd: '1px solid var(--c-border)', paddingBlock: 'var(--space-3)' }}
              >
                <div className="btn-row" style={{ justifyContent: 'space-between' }}>
                  <strong>{localName(r, locale)}</strong>
                  <span className={r.active ? 'badge badge-success' : 'badge'}>
                    {r.active ? t('rule.active') : t('rule.inactive')}
                  </span>
                </div>
                <div className="muted" data-testid="rule-summary">
                  {[
                    triggerLabel(t, r),
                    describe(r.effect),
                    ...ruleSummary(i18n, r.conditions ?? {}, r.caps ?? {}, currency, tiers),
                  ].join(' · ')}
                </div>
                {canWrite && (
                  <button type="button" className="btn btn-link" onClick={() => setEditing(r)}>
                    {t('rule.edit', { name: localName(r, locale) })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {editing !== undefined && (
          <RuleForm
            key={editing === 'new' ? 'new' : editing.id}
            rule={editing === 'new' ? undefined : editing}
            onDone={() => {
              setEditing(undefined);
              rules.reload();
              setDryRunVersion((v) => v + 1);
            }}
            onCancel={() => setEditing(undefined)}
          />
        )}
      </section>
      <DryRun version={dryRunVersion} />
    </div>
  );
}

function RuleForm(props: { rule?: EarningRuleView; onDone(): void; onCancel(): void }) {
  const { t, locale } = useI18n();
  const [names, setNames] = useState<Names>(props.rule?.names ?? {});
  const program = useProgram();
  const details = useProgramDetails();
  const currency = details?.currency ?? 'ILS';
  const timeZone = details?.timeZone ?? 'UTC';
  const [type, setType] = useState<RuleEffect['type']>(props.rule?.effect.type ?? 'per_spend');
  const [error, setError] = useState<unknown>();
  const effect = props.rule?.effect;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    const int = (name: string) => parseLocaleInteger(v[name] ?? '') ?? 0;
    const newEffect: RuleEffect =
      type === 'per_spend'
        ? { type, points: int('points'), per: toMinorUnits(v.per ?? '', currency) ?? 0 }
        : type === 'multiplier'
          ? { type, factor: Number(v.factor) }
          : { type, points: int('points') };
    const { conditions, caps } = readConditions(event.currentTarget, currency, timeZone);
    const body = {
      name: v.name,
      names: namesToSend(names),
      conditions,
      caps,
      active: event.currentTarget.querySelector<HTMLInputElement>('input[name=active]')!.checked,
      effect: newEffect,
      ...(props.rule ? {} : { trigger: 'purchase' }),
    };
    try {
      if (props.rule) await api.patch(program.api(`/earning-rules/${props.rule.id}`), body);
      else await api.post(program.api('/earning-rules'), body);
      props.onDone();
    } catch (err) {
      setError(err);
    }
  }
  const errors = error === undefined ? {} : fieldErrors(error, t);

  return (
    <form onSubmit={submit} aria-label={t('rule.form')} style={{ marginBlockStart: 'var(--space-4)' }}>
      <h3>{props.rule ? t('rule.edit', { name: localName(props.rule, locale) }) : t('rule.new')}</h3>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <div className="form-grid">
        <TextField
          label={t('names.fallback')}
          name="name"
          defaultValue={props.rule?.name}
          required
          maxLength={200}
          error={errors.name}
        />
        <NamesFields
          names={names}
          onChange={setNames}
          errors={{ he: errors['names.he'], fa: errors['names.fa'], en: errors['names.en'] }}
        />
      </div>
      <SelectField
        label={t('rule.effect')}
        value={type}
        onChange={(e) => setType(e.target.value as RuleEffect['type'])}
        options={(['per_spend', 'multiplier', 'bonus'] as const).map((x) => ({
          value: x,
          label: t(`rule.effect.${x}`),
        }))}
      />
      <div className="form-grid">
        {type !== 'multiplier' && (
          <TextField
            label={t('rule.points')}
            name="points"
            inputMode="numeric"
            required
            defaultValue={effect && 'points' in effect ? String(effect.points) : '1'}
          />
        )}
        {type === 'per_spend' && (
          <TextField
            label={t('rule.per', { currency })}
            name="per"
            inputMode="decimal"
            required
            hint={t('rule.perHint')}
            defaultValue={effect?.type === 'per_spend' ? fromMinorUnits(effect.per, currency) : '1'}
          />
        )}
        {type === 'multiplier' && (
          <TextField
            label={t('rule.factor')}
            name="factor"
            type="number"
            step="0.1"
            min="1.1"
            required
            defaultValue={effect?.type === 'multiplier' ? String(effect.factor) : '2'}
          />
        )}
      </div>
      <RuleConditionsFields rule={props.rule} currency={currency} errors={errors} />
      <CheckboxField label={t('rule.active')} name="active" defaultChecked={props.rule?.active ?? true} />
      <div className="btn-row">
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
