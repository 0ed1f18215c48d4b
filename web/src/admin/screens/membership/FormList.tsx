// Signup forms of the program: name, languages, lists, status; open one in the builder or start a new one.
import { api } from '../../../shared/api.ts';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { SignupForm } from './types.ts';

export function FormList() {
  const { t, date, number } = useI18n();
  const program = useProgram();
  const forms = useResource(
    (signal) => api.get<{ items: SignupForm[] }>(program.api('/forms'), { signal }),
    [program.programId],
  );
  const newButton = program.can('membership:write') && (
    <Link className="btn btn-primary" to={program.link('/forms/new')}>
      <Icon name="plus" /> {t('forms.new')}
    </Link>
  );
  return (
    <>
      <PageHead title={t('nav.forms')}>{newButton}</PageHead>
      {forms.error ? (
        <ErrorState error={forms.error} onRetry={forms.reload} />
      ) : !forms.data ? (
        <Loading />
      ) : forms.data.items.length === 0 ? (
        <EmptyState title={t('forms.empty')} />
      ) : (
        <div className="card table-wrap">
          <table className="data stack">
            <caption className="sr-only">{t('nav.forms')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('forms.name')}</th>
                <th scope="col">{t('forms.languages')}</th>
                <th scope="col" className="end">
                  {t('forms.lists')}
                </th>
                <th scope="col">{t('forms.status')}</th>
                <th scope="col">{t('forms.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {forms.data.items.map((f) => (
                <tr key={f.id}>
                  <td data-label={t('forms.name')}>
                    <Link to={program.link(`/forms/${f.id}`)}>{f.name}</Link>
                  </td>
                  <td data-label={t('forms.languages')}>
                    {f.definition.locales.map((l) => t(`forms.language.${l}`)).join(', ')}
                  </td>
                  <td data-label={t('forms.lists')} className="end num">
                    {number(f.definition.listIds.length)}
                  </td>
                  <td data-label={t('forms.status')}>
                    <span className={`badge ${f.status === 'active' ? 'badge-success' : 'badge-warning'}`}>
                      {t(`forms.status.${f.status}`)}
                    </span>
                  </td>
                  <td data-label={t('forms.updated')}>{date(f.updatedAt, 'shortDate')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
