// The tier ladder (ordered, lowest first) and the rules for moving between tiers. Saving replaces the ladder
// (PUT /tiers) and the tier settings (PATCH /loyalty-settings); the API's validation errors show on the fields.
import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { fieldErrors } from '../../../shared/field-errors.ts';
import { CheckboxField, SelectField, TextField } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { parseLocaleInteger } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { forgetTiers } from '../../tiers.ts';
import { NamesFields, namesToSend } from '../../../shared/components/NamesFields.tsx';
import { localName, type Names } from '../../../shared/labels.ts';
import type { Tier } from '../../../../../src/contracts/loyalty.ts';

interface TierSettings {
  tierMetric: 'points' | 'spend' | 'purchases';
  tierWindowDays: number;
  tierGraceDays: number;
}

interface Row {
  id: number;
  key: string;
  name: string;
  names: Names;
  threshold: string;
  multiplier: string;
  earlyAccess: boolean;
  rest: Tier['benefits'];
}

let nextRowId = 1;
const toRow = (tier: Tier): Row => {
  const { earnMultiplier, earlyAccess, ...rest } = tier.benefits;
  return {
    id: nextRowId++,
    key: tier.key,
    name: tier.name,
    names: tier.names ?? {},
    threshold: String(tier.threshold),
    multiplier: String(earnMultiplier ?? 1),
    earlyAccess: earlyAccess ?? false,
    rest,
  };
};

export function Tiers() {
  const program = useProgram();
  const data = useResource(
    async (signal) => {
      const [tiers, settings] = await Promise.all([
        api.get<{ items: Tier[] }>(program.api('/tiers'), { signal }),
        api.get<TierSettings>(program.api('/loyalty-settings'), { signal }),
      ]);
      return { tiers: [...tiers.items].sort((a, b) => a.rank - b.rank), settings };
    },
    [program.programId],
  );
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  return <TierEditor tiers={data.data.tiers} settings={data.data.settings} onSaved={data.reload} />;
}

function TierEditor(props: { tiers: Tier[]; settings: TierSettings; onSaved(): void }) {
  const { t, number, locale } = useI18n();
  const program = useProgram();
  const [rows, setRows] = useState<Row[]>(() => props.tiers.map(toRow));
  const [settings, setSettings] = useState(props.settings);
  const [result, setResult] = useState<{ ok?: boolean; error?: unknown; errors?: Record<string, string> }>();
  const [busy, setBusy] = useState(false);
  const editable = program.can('loyalty:write');

  const update = (id: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1) =>
    setRows((rs) => {
      const next = [...rs];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const items = rows.map((r, i) => {
      const threshold = parseLocaleInteger(r.threshold);
      if (threshold === undefined) errors[`items.${i}.threshold`] = t('tiers.notNumber');
      const multiplier = Number(
        r.multiplier.replace(/[٫,]/g, '.').replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)),
      );
      return {
        key: r.key,
        name: r.name,
        names: namesToSend(r.names),
        rank: i + 1,
        threshold: threshold ?? 0,
        benefits: { ...r.rest, earnMultiplier: multiplier, ...(r.earlyAccess ? { earlyAccess: true } : {}) },
      };
    });
    if (Object.keys(errors).length) return setResult({ errors });
    setBusy(true);
    try {
      await api.patch(program.api('/loyalty-settings'), settings);
      await api.put(program.api('/tiers'), { items });
      forgetTiers(program.programId);
      setResult({ ok: true });
      props.onSaved();
    } catch (error) {
      setResult({ error, errors: fieldErrors(error, t) });
    } finally {
      setBusy(false);
    }
  }

  const errors = result?.errors ?? {};
  const dayField = (name: 'tierWindowDays' | 'tierGraceDays', label: string) => (
    <TextField
      label={label}
      name={name}
      inputMode="numeric"
      value={String(settings[name])}
      error={errors[name]}
      onChange={(e) =>
        setSettings((s) => ({ ...s, [name]: parseLocaleInteger(e.target.value) ?? e.target.value }))
      }
    />
  );
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="tier-editor">
      {result?.ok && <Notice kind="success">{t('common.saved')}</Notice>}
      {result?.error !== undefined && <Notice kind="error">{errorMessage(result.error, t)}</Notice>}
      <fieldset disabled={!editable || busy} style={{ border: 'none', padding: 0, margin: 0 }}>
        <h2>{t('tiers.rules')}</h2>
        <div className="form-grid">
          <SelectField
            label={t('tiers.metric')}
            name="tierMetric"
            value={settings.tierMetric}
            error={errors.tierMetric}
            onChange={(e) =>
              setSettings((s) => ({ ...s, tierMetric: e.target.value as TierSettings['tierMetric'] }))
            }
            options={(['points', 'spend', 'purchases'] as const).map((m) => ({
              value: m,
              label: t(`tiers.metric.${m}`),
            }))}
          />
          {dayField('tierWindowDays', t('tiers.windowDays'))}
          {dayField('tierGraceDays', t('tiers.graceDays'))}
        </div>
        <h2>{t('tiers.ladder')}</h2>
        <ol className="tier-ladder" style={{ listStyle: 'none', padding: 0 }}>
          {rows.map((r, i) => (
            <li key={r.id} className="card" data-tier={r.key}>
              <div className="form-grid">
                <TextField
                  label={t('names.fallback')}
                  value={r.name}
                  error={errors[`items.${i}.name`]}
                  onChange={(e) => update(r.id, { name: e.target.value })}
                />
                <NamesFields
                  names={r.names}
                  errors={{
                    he: errors[`items.${i}.names.he`],
                    fa: errors[`items.${i}.names.fa`],
                    en: errors[`items.${i}.names.en`],
                  }}
                  onChange={(names) => update(r.id, { names })}
                />
                <TextField
                  label={t('tiers.key')}
                  className="ltr"
                  value={r.key}
                  hint={t('tiers.keyHint')}
                  error={errors[`items.${i}.key`]}
                  onChange={(e) => update(r.id, { key: e.target.value })}
                />
                <TextField
                  label={t('tiers.threshold')}
                  name={`threshold-${i}`}
                  inputMode="numeric"
                  value={r.threshold}
                  hint={i === 0 ? t('tiers.thresholdHint') : undefined}
                  error={errors[`items.${i}.threshold`]}
                  onChange={(e) => update(r.id, { threshold: e.target.value })}
                />
                <TextField
                  label={t('tiers.earnMultiplier')}
                  inputMode="decimal"
                  value={r.multiplier}
                  error={errors[`items.${i}.benefits.earnMultiplier`]}
                  onChange={(e) => update(r.id, { multiplier: e.target.value })}
                />
              </div>
              <div className="btn-row" style={{ justifyContent: 'space-between' }}>
                <CheckboxField
                  label={t('tiers.earlyAccess')}
                  checked={r.earlyAccess}
                  onChange={(e) => update(r.id, { earlyAccess: e.target.checked })}
                />
                <div className="btn-row">
                  <span className="muted num">{number(i + 1)}</span>
                  <button
                    type="button"
                    className="btn"
                    disabled={i === 0}
                    aria-label={t('tiers.moveUp', { name: localName(r, locale) })}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn"
                    disabled={i === rows.length - 1}
                    aria-label={t('tiers.moveDown', { name: localName(r, locale) })}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger"
                    disabled={rows.length === 1}
                    aria-label={t('tiers.remove', { name: localName(r, locale) })}
                    onClick={() => setRows((rs) => rs.filter((x) => x.id !== r.id))}
                  >
                    ×
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ol>
        <div className="btn-row">
          <button
            type="button"
            className="btn"
            onClick={() =>
              setRows((rs) => [
                ...rs,
                toRow({
                  key: `tier_${rs.length + 1}`,
                  name: t('tiers.newName'),
                  rank: rs.length + 1,
                  threshold: (parseLocaleInteger(rs[rs.length - 1]?.threshold ?? '0') ?? 0) + 1000,
                  benefits: { earnMultiplier: 1 },
                }),
              ])
            }
          >
            {t('tiers.add')}
          </button>
          <button type="submit" className="btn btn-primary">
            {t('common.save')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
