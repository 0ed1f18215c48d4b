// Imports: a new import (upload, mapping, dry run, progress) and the history of past imports.
import { api } from '../../../shared/api.ts';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { errorsUrl, type ImportJob } from './import-api.ts';
import { ImportWizard } from './ImportWizard.tsx';
import './membership.css';

export function Imports() {
  const { t, date, number } = useI18n();
  const program = useProgram();
  const base = program.api('');
  const history = useResource(
    (signal) => api.get<{ items: ImportJob[] }>(program.api('/imports?limit=20'), { signal }),
    [program.programId],
  );
  return (
    <>
      <PageHead title={t('nav.imports')} />
      <p className="muted">{t('imports.intro')}</p>
      <ImportWizard onChanged={history.reload} />
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('imports.history')}</h2>
        {history.error ? (
          <ErrorState error={history.error} onRetry={history.reload} />
        ) : !history.data ? (
          <Loading />
        ) : history.data.items.length === 0 ? (
          <EmptyState title={t('imports.noHistory')} />
        ) : (
          <div className="table-wrap">
            <table className="data stack" data-testid="import-history">
              <caption className="sr-only">{t('imports.history')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.file')}</th>
                  <th scope="col">{t('imports.when')}</th>
                  <th scope="col">{t('imports.kind')}</th>
                  <th scope="col">{t('imports.status')}</th>
                  <th scope="col" className="end">
                    {t('imports.rows')}
                  </th>
                  <th scope="col">{t('imports.result')}</th>
                  <th scope="col">{t('imports.errors')}</th>
                </tr>
              </thead>
              <tbody>
                {history.data.items.map((job) => (
                  <tr key={job.id}>
                    <td data-label={t('imports.file')}>{job.fileName}</td>
                    <td data-label={t('imports.when')}>{date(job.createdAt, 'dateTime')}</td>
                    <td data-label={t('imports.kind')}>
                      {job.dryRun ? t('imports.kind.dryRun') : t('imports.kind.import')}
                    </td>
                    <td data-label={t('imports.status')}>
                      <span
                        className={`badge ${job.status === 'completed' ? 'badge-success' : job.status === 'failed' ? 'badge-danger' : 'badge-warning'}`}
                      >
                        {t(`imports.status.${job.status}`)}
                      </span>
                    </td>
                    <td data-label={t('imports.rows')} className="end num">
                      {number(job.counts.total || job.progress.rowsDone)}
                    </td>
                    <td data-label={t('imports.result')}>
                      {t('imports.resultLine', {
                        created: job.counts.created,
                        updated: job.counts.updated,
                        rejected: job.counts.rejected,
                      })}
                    </td>
                    <td data-label={t('imports.errors')}>
                      {job.counts.rejected > 0 && (
                        <a href={errorsUrl(base, job.id)} download>
                          {t('imports.downloadErrors')}
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
