// Referral settings: what each side earns (points and/or a reward from the catalog), the qualifying purchase,
// the cap per referrer, the network check, the targets and the signup form the invitation link opens.
import { type FormEvent, useState } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { CheckboxField, SelectField, TextField } from '../../../shared/components/forms.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { fromMinorUnits, toMinorUnits } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { CapPeriod, ReferralSettings } from '../../../../../src/contracts/referrals.ts';

const PERIODS: CapPeriod[] = ['day', 'week', 'month', 'year'];
const optionalInt = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === '' ? null : Number(v);

export function ReferralSettingsForm(props: {
  settings: ReferralSettings;
  rewards: { id: string; name: string }[];
  forms: { id: string; name: string }[];
  currency: string;
  canWrite: boolean;
  onSaved(settings: ReferralSettings): void;
}) {
  const { t } = useI18n();
  const program = useProgram();
  const s = props.settings;
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const capCount = optionalInt(data.get('capCount'));
    const ambassadorAfter = optionalInt(data.get('ambassadorAfter'));
    const body: ReferralSettings = {
      enabled: data.get('enabled') === 'on',
      formId: String(data.get('formId') ?? '') || null,
      referrerPoints: Number(data.get('referrerPoints') ?? 0),
      refereePoints: Number(data.get('refereePoints') ?? 0),
      referrerRewardId: String(data.get('referrerRewardId') ?? '') || null,
      refereeRewardId: String(data.get('refereeRewardId') ?? '') || null,
      minPurchase: toMinorUnits(String(data.get('minPurchase') ?? '0') || '0', props.currency) ?? -1,
      qualifyWithinDays: Number(data.get('qualifyWithinDays') ?? 30),
      referrerCap: capCount ? { count: capCount, period: String(data.get('capPeriod')) as CapPeriod } : null,
      blockSameNetwork: data.get('blockSameNetwork') === 'on',
      monthlyTarget: optionalInt(data.get('monthlyTarget')),
      ambassador: ambassadorAfter
        ? { after: ambassadorAfter, points: Number(data.get('ambassadorPoints') ?? 0) }
        : null,
    };
    setSaved(false);
    setError(undefined);
    try {
      const next = await api.put<ReferralSettings>(program.api('/referrals/settings'), body, {
        idempotencyKey: newIdempotencyKey(),
      });
      setSaved(true);
      props.onSaved(next);
    } catch (e) {
      setError(e);
    }
  }

  const rewardOptions = [
    { value: '', label: t('referrals.noReward') },
    ...props.rewards.map((r) => ({ value: r.id, label: r.name })),
  ];
  return (
    <form
      className="card referral-settings"
      onSubmit={(e) => void save(e)}
      aria-labelledby="referral-settings-title"
    >
      <h2 id="referral-settings-title">{t('referrals.settings')}</h2>
      {saved && <Notice kind="success">{t('referrals.saved')}</Notice>}
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <fieldset disabled={!props.canWrite}>
        <CheckboxField label={t('referrals.enabled')} name="enabled" defaultChecked={s.enabled} />
        <SelectField
          label={t('referrals.form')}
          name="formId"
          defaultValue={s.formId ?? ''}
          options={[
            { value: '', label: t('referrals.noForm') },
            ...props.forms.map((f) => ({ value: f.id, label: f.name })),
          ]}
        />
        <div className="grid-2">
          <TextField
            label={t('referrals.referrerPoints')}
            name="referrerPoints"
            type="number"
            min={0}
            defaultValue={s.referrerPoints}
          />
          <SelectField
            label={t('referrals.referrerReward')}
            name="referrerRewardId"
            defaultValue={s.referrerRewardId ?? ''}
            options={rewardOptions}
          />
          <TextField
            label={t('referrals.refereePoints')}
            name="refereePoints"
            type="number"
            min={0}
            defaultValue={s.refereePoints}
          />
          <SelectField
            label={t('referrals.refereeReward')}
            name="refereeRewardId"
            defaultValue={s.refereeRewardId ?? ''}
            options={rewardOptions}
          />
          <TextField
            label={t('referrals.minPurchase', { currency: props.currency })}
            name="minPurchase"
            inputMode="decimal"
            defaultValue={fromMinorUnits(s.minPurchase, props.currency)}
          />
          <TextField
            label={t('referrals.withinDays')}
            name="qualifyWithinDays"
            type="number"
            min={1}
            max={3660}
            required
            defaultValue={s.qualifyWithinDays}
          />
          <TextField
            label={t('referrals.capCount')}
            name="capCount"
            type="number"
            min={1}
            defaultValue={s.referrerCap?.count ?? ''}
          />
          <SelectField
            label={t('referrals.capPeriod')}
            name="capPeriod"
            defaultValue={s.referrerCap?.period ?? 'month'}
            options={PERIODS.map((p) => ({ value: p, label: t(`referrals.period.${p}`) }))}
          />
          <TextField
            label={t('referrals.monthlyTarget')}
            name="monthlyTarget"
            type="number"
            min={1}
            defaultValue={s.monthlyTarget ?? ''}
          />
          <TextField
            label={t('referrals.ambassadorAfter')}
            name="ambassadorAfter"
            type="number"
            min={1}
            defaultValue={s.ambassador?.after ?? ''}
          />
          <TextField
            label={t('referrals.ambassadorPoints')}
            name="ambassadorPoints"
            type="number"
            min={0}
            defaultValue={s.ambassador?.points ?? 0}
          />
        </div>
        <CheckboxField
          label={t('referrals.blockSameNetwork')}
          name="blockSameNetwork"
          defaultChecked={s.blockSameNetwork}
        />
      </fieldset>
      {props.canWrite && (
        <div className="btn-row">
          <button type="submit" className="btn btn-primary">
            {t('common.save')}
          </button>
        </div>
      )}
    </form>
  );
}
