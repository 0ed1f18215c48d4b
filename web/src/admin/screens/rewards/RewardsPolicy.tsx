// The rewards policy: what happens to the points of a cancelled or expired coupon (refund or forfeit) and how
// long a till may undo a redemption (GET/PUT rewards-settings).
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

type PointsPolicy = 'refund' | 'forfeit';
interface Policy {
  onCancel: PointsPolicy;
  onExpiry: PointsPolicy;
  undoWindowMinutes: number;
}

export function RewardsPolicy() {
  const { t } = useI18n();
  const program = useProgram();
  const canWrite = program.can('rewards:write');
  const policy = useResource(
    (signal) => api.get<Policy>(program.api('/rewards-settings'), { signal }),
    [program.programId],
  );
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const options = (['refund', 'forfeit'] as const).map((v) => ({ value: v, label: t(`rewardsPolicy.${v}`) }));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(undefined);
    setSaved(false);
    try {
      await api.put<Policy>(
        program.api('/rewards-settings'),
        {
          onCancel: String(data.get('onCancel')) as PointsPolicy,
          onExpiry: String(data.get('onExpiry')) as PointsPolicy,
          undoWindowMinutes: Number(data.get('undoWindowMinutes')),
        },
        { idempotencyKey: newIdempotencyKey() },
      );
      setSaved(true);
      policy.reload();
    } catch (e) {
      setError(e);
    }
  }

  const p = policy.data;
  return (
    <>
      <PageHead title={t('nav.rewardsPolicy')} />
      {policy.error ? (
        <ErrorState error={policy.error} onRetry={policy.reload} />
      ) : !p ? (
        <Loading />
      ) : (
        <form className="card" onSubmit={(e) => void save(e)} aria-label={t('nav.rewardsPolicy')}>
          {saved && <Notice kind="success">{t('rewardsPolicy.saved')}</Notice>}
          {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
          <fieldset disabled={!canWrite}>
            <SelectField
              label={t('rewardsPolicy.onCancel')}
              name="onCancel"
              defaultValue={p.onCancel}
              options={options}
              hint={t('rewardsPolicy.onCancelHint')}
            />
            <SelectField
              label={t('rewardsPolicy.onExpiry')}
              name="onExpiry"
              defaultValue={p.onExpiry}
              options={options}
              hint={t('rewardsPolicy.onExpiryHint')}
            />
            <TextField
              label={t('rewardsPolicy.undoWindow')}
              name="undoWindowMinutes"
              type="number"
              min={0}
              max={10080}
              required
              defaultValue={p.undoWindowMinutes}
              hint={t('rewardsPolicy.undoWindowHint')}
            />
            <button type="submit" className="btn btn-primary">
              {t('rewardsPolicy.save')}
            </button>
          </fieldset>
        </form>
      )}
    </>
  );
}
