// The SMTP server per purpose (marketing, service): host, sender, rate and pool.
import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { TextField } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { Transport } from '../../../../../src/contracts/sending.ts';

export function Transports() {
  const { t } = useI18n();
  const program = useProgram();
  const transports = useResource(
    (signal) => api.get<{ items: Transport[] }>(program.api('/email-transports'), { signal }),
    [program.programId],
  );
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<Transport['purpose']>();

  async function save(purpose: Transport['purpose'], event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(undefined);
    setSaved(undefined);
    try {
      await api.put(program.api(`/email-transports/${purpose}`), {
        smtpUrl: String(data.get('smtpUrl') ?? '').trim(),
        fromAddress: String(data.get('fromAddress') ?? '').trim(),
        perMinute: Number(data.get('perMinute')),
        burst: Number(data.get('burst')),
        poolSize: Number(data.get('poolSize')),
      });
      form.reset();
      setSaved(purpose);
      transports.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="sending-transports">
      <h2 id="sending-transports">{t('sending.transportsTitle')}</h2>
      <p>{t('sending.transportsIntro')}</p>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {transports.error ? (
        <ErrorState error={transports.error} onRetry={transports.reload} />
      ) : !transports.data ? (
        <Loading />
      ) : (
        (['marketing', 'service'] as const).map((purpose) => {
          const current = transports.data!.items.find((x) => x.purpose === purpose);
          return (
            <div key={purpose} data-testid={`transport-${purpose}`}>
              <h3>{t(`sending.purpose.${purpose}`)}</h3>
              {current ? (
                <dl>
                  <dt>{t('sending.server')}</dt>
                  <dd>
                    <code className="ltr">{current.host}</code>
                  </dd>
                  <dt>{t('sending.from')}</dt>
                  <dd>
                    <bdi className="ltr">{current.fromAddress}</bdi>
                  </dd>
                  <dt>{t('sending.limit')}</dt>
                  <dd>{t('sending.limitValue', { perMinute: current.perMinute, burst: current.burst })}</dd>
                </dl>
              ) : (
                <p>{t('sending.notSet')}</p>
              )}
              {saved === purpose && <Notice kind="success">{t('sending.saved')}</Notice>}
              {program.can('messaging:write') && (
                <form onSubmit={(e) => void save(purpose, e)} className="form-grid">
                  <TextField
                    label={t('sending.smtpUrl')}
                    name="smtpUrl"
                    required
                    dir="ltr"
                    maxLength={2000}
                  />
                  <TextField
                    label={t('sending.from')}
                    name="fromAddress"
                    type="email"
                    required
                    dir="ltr"
                    defaultValue={current?.fromAddress}
                  />
                  <TextField
                    label={t('sending.perMinute')}
                    name="perMinute"
                    type="number"
                    min={1}
                    required
                    defaultValue={current?.perMinute ?? 600}
                  />
                  <TextField
                    label={t('sending.burst')}
                    name="burst"
                    type="number"
                    min={1}
                    required
                    defaultValue={current?.burst ?? 50}
                  />
                  <TextField
                    label={t('sending.poolSize')}
                    name="poolSize"
                    type="number"
                    min={1}
                    max={50}
                    required
                    defaultValue={current?.poolSize ?? 5}
                  />
                  <button type="submit" className="btn btn-primary">
                    {t('sending.save')}
                  </button>
                </form>
              )}
            </div>
          );
        })
      )}
    </section>
  );
}
