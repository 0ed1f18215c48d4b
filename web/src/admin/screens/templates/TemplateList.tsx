// Message templates of the program: name, channel, purpose, languages; open one in the editor or start one.
// Below: the sender details every marketing message's footer carries, and Israeli mode.
import { api } from '../../../shared/api.ts';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { LOCALES } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { SenderProfileForm } from './SenderProfileForm.tsx';
import type { MessageTemplate } from './types.ts';

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
      <SenderProfileForm />
    </>
  );
}
