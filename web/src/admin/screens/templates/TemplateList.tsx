// Message templates of the program: name, channel, purpose, languages; open one in the editor or start one.
// Below: the sender details every marketing message's footer carries, and Israeli mode.
import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { LOCALES } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { SenderProfileForm } from './SenderProfileForm.tsx';
import type { MessageTemplate } from '../../../../../src/contracts/templates.ts';

export function TemplateList() {
  const { t, date } = useI18n();
  const program = useProgram();
  const templates = useResource(
    (signal) => api.get<{ items: MessageTemplate[] }>(program.api('/templates'), { signal }),
    [program.programId],
  );
  const canWrite = program.can('messaging:write');
  return (
    <>
      <PageHead title={t('nav.templates')}>
        {canWrite && (
          <>
            <Link className="btn btn-primary" to={program.link('/templates/new/email')}>
              <Icon name="plus" /> {t('templates.newEmail')}
            </Link>
            <Link className="btn" to={program.link('/templates/new/sms')}>
              <Icon name="plus" /> {t('templates.newSms')}
            </Link>
          </>
        )}
      </PageHead>
      {templates.error ? (
        <ErrorState error={templates.error} onRetry={templates.reload} />
      ) : !templates.data ? (
        <Loading />
      ) : templates.data.items.length === 0 ? (
        <EmptyState title={t('templates.empty')} />
      ) : (
        <div className="card table-wrap">
          <table className="data stack">
            <caption className="sr-only">{t('nav.templates')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.name')}</th>
                <th scope="col">{t('templates.channel')}</th>
                <th scope="col">{t('templates.purpose')}</th>
                <th scope="col">{t('templates.languages')}</th>
                <th scope="col">{t('templates.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {templates.data.items.map((tpl) => (
                <tr key={tpl.id}>
                  <td data-label={t('templates.name')}>
                    <Link to={program.link(`/templates/${tpl.id}`)}>{tpl.name}</Link>{' '}
                    <code dir="ltr">{tpl.key}</code>
                  </td>
                  <td data-label={t('templates.channel')}>{t(`templates.channel.${tpl.channel}`)}</td>
                  <td data-label={t('templates.purpose')}>
                    <span
                      className={`badge ${tpl.purpose === 'marketing' ? 'badge-warning' : 'badge-success'}`}
                    >
                      {t(`templates.purpose.${tpl.purpose}`)}
                    </span>
                  </td>
                  <td data-label={t('templates.languages')}>
                    {LOCALES.filter((l) => tpl.variants[l])
                      .map((l) => t(`templates.language.${l}`))
                      .join(', ')}
                  </td>
                  <td data-label={t('templates.updated')}>{date(tpl.updatedAt, 'shortDate')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ServiceTemplates />
      <SenderProfileForm />
    </>
  );
}

interface ServiceTemplate {
  key: string;
  channel: 'email' | 'sms';
  name: Record<'he' | 'fa' | 'en', string>;
  templateId: string | null;
  defaultLocale: string;
  variants: MessageTemplate['variants'];
}

/** The messages Moadon sends by itself (confirmations, codes): the built-in text until the program customises it. */
function ServiceTemplates() {
  const { t, locale } = useI18n();
  const program = useProgram();
  const services = useResource(
    (signal) => api.get<{ items: ServiceTemplate[] }>(program.api('/templates/service'), { signal }),
    [program.programId],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const customise = async (s: ServiceTemplate) => {
    setBusy(s.key);
    setError(null);
    try {
      const saved = await api.post<MessageTemplate>(program.api('/templates'), {
        key: s.key,
        name: s.name[locale],
        channel: s.channel,
        purpose: 'service',
        defaultLocale: s.defaultLocale,
        variants: s.variants,
      });
      navigate(program.link(`/templates/${saved.id}`));
    } catch (e) {
      setError(e);
      setBusy(null);
    }
  };
  return (
    <section className="card" aria-labelledby="service-templates" data-testid="service-templates">
      <h2 id="service-templates">{t('templates.service.title')}</h2>
      <p className="hint">{t('templates.service.hint')}</p>
      {error ? <ErrorState error={error} /> : null}
      {services.error ? (
        <ErrorState error={services.error} onRetry={services.reload} />
      ) : !services.data ? (
        <Loading />
      ) : (
        <ul className="plain">
          {services.data.items.map((s) => (
            <li key={s.key}>
              <bdi>{s.name[locale]}</bdi> <code dir="ltr">{s.key}</code> ·{' '}
              {t(`templates.channel.${s.channel}`)} ·{' '}
              {s.templateId ? (
                <Link to={program.link(`/templates/${s.templateId}`)}>{t('templates.service.edit')}</Link>
              ) : (
                <>
                  <span className="muted">{t('templates.service.builtIn')}</span>{' '}
                  {program.can('messaging:write') && (
                    <button
                      type="button"
                      className="btn btn-link"
                      disabled={busy !== null}
                      onClick={() => void customise(s)}
                    >
                      {t('templates.service.customise')}
                    </button>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
