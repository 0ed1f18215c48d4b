// The open and click tracking switches.
import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { CheckboxField } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { TrackingSettings as TrackingSwitches } from '../../../../../src/contracts/sending.ts';

export function TrackingSettings() {
  const { t } = useI18n();
  const program = useProgram();
  const tracking = useResource(
    (signal) => api.get<TrackingSwitches>(program.api('/email-tracking'), { signal }),
    [program.programId],
  );
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(undefined);
    setSaved(false);
    try {
      await api.put(program.api('/email-tracking'), {
        trackOpens: data.get('trackOpens') === 'on',
        trackClicks: data.get('trackClicks') === 'on',
      });
      setSaved(true);
      tracking.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="sending-tracking">
      <h2 id="sending-tracking">{t('sending.trackingTitle')}</h2>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {saved && <Notice kind="success">{t('sending.saved')}</Notice>}
      {tracking.error ? (
        <ErrorState error={tracking.error} onRetry={tracking.reload} />
      ) : !tracking.data ? (
        <Loading />
      ) : (
        <form onSubmit={save} key={JSON.stringify(tracking.data)}>
          <CheckboxField
            label={t('sending.trackOpens')}
            name="trackOpens"
            defaultChecked={tracking.data.trackOpens}
            disabled={!program.can('messaging:write')}
          />
          <CheckboxField
            label={t('sending.trackClicks')}
            name="trackClicks"
            defaultChecked={tracking.data.trackClicks}
            disabled={!program.can('messaging:write')}
          />
          <p>{t('sending.trackingNote')}</p>
          {program.can('messaging:write') && (
            <button type="submit" className="btn btn-primary">
              {t('sending.save')}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
