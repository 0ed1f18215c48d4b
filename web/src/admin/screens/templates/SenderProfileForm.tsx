// The sender details of marketing messages (business name, address, phone, e-mail) and Israeli mode, which
// requires them and the "פרסומת" marking.
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { SenderProfile } from '../../../../../src/contracts/templates.ts';

export function SenderProfileForm() {
  const { t } = useI18n();
  const program = useProgram();
  const profile = useResource(
    (signal) => api.get<SenderProfile>(program.api('/sender-profile'), { signal }),
    [program.programId],
  );
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim() || null;
    const mode = String(data.get('israeliMode'));
    setSaving(true);
    try {
      await api.put(
        program.api('/sender-profile'),
        {
          businessName: text('businessName') ?? '',
          address: text('address'),
          contactEmail: text('contactEmail'),
          contactPhone: text('contactPhone'),
          israeliMode: mode === 'auto' ? null : mode === 'on',
        },
        { idempotencyKey: newIdempotencyKey() },
      );
      setStatus({ kind: 'success', text: t('templates.sender.saved') });
      profile.reload();
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error, t) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sender-title">
      <h2 id="sender-title">{t('templates.sender.title')}</h2>
      <p className="hint">{t('templates.sender.hint')}</p>
      {profile.error ? (
        <ErrorState error={profile.error} onRetry={profile.reload} />
      ) : !profile.data ? (
        <Loading />
      ) : (
        <form onSubmit={save} key={JSON.stringify(profile.data)}>
          <div className="grid-2">
            <TextField
              label={t('templates.sender.businessName')}
              name="businessName"
              required
              maxLength={200}
              defaultValue={profile.data.businessName}
            />
            <TextField
              label={t('templates.sender.address')}
              name="address"
              maxLength={500}
              defaultValue={profile.data.address ?? ''}
            />
            <TextField
              label={t('templates.sender.phone')}
              name="contactPhone"
              dir="ltr"
              maxLength={40}
              defaultValue={profile.data.contactPhone ?? ''}
            />
            <TextField
              label={t('templates.sender.email')}
              name="contactEmail"
              type="email"
              dir="ltr"
              maxLength={320}
              defaultValue={profile.data.contactEmail ?? ''}
            />
            <SelectField
              label={t('templates.sender.israeliMode')}
              name="israeliMode"
              hint={t(
                profile.data.israeliMode ? 'templates.sender.israeliOn' : 'templates.sender.israeliOff',
              )}
              defaultValue={
                profile.data.israeliModeSetting === null
                  ? 'auto'
                  : profile.data.israeliModeSetting
                    ? 'on'
                    : 'off'
              }
              options={[
                { value: 'auto', label: t('templates.sender.israeliAuto') },
                { value: 'on', label: t('templates.sender.israeliForceOn') },
                { value: 'off', label: t('templates.sender.israeliForceOff') },
              ]}
            />
          </div>
          {status && <Notice kind={status.kind}>{status.text}</Notice>}
          {program.can('messaging:write') && (
            <button className="btn btn-primary" type="submit" disabled={saving}>
              {t('templates.sender.save')}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
