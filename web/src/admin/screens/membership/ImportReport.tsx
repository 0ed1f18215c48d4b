// What an import did (or, as a dry run, would do): counts, ignored columns, the first rejected rows and a
// link to the full error file to fix in a spreadsheet.
import { ApiError, api } from '../../../shared/api.ts';
import { describeError } from '../../../shared/errors.ts';
import { ErrorState } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type I18n } from '../../../shared/i18n/index.tsx';
import { errorsUrl, type ImportJob, type RejectedRow } from './import-api.ts';

/** Cell values one after another, each isolated so Hebrew and Latin values keep their own direction. */
export function Values(props: { values: (string | undefined)[] }) {
  return props.values.filter(Boolean).map((v, i) => (
    <span key={i}>
      {i > 0 && ' · '}
      <bdi>{v}</bdi>
    </span>
  ));
}

/**
 * Why a line is in the error file, in the user's language: from its code and details, as the API's errors are
 * (an unknown code is reported as missing); a row kept without its phone says so and why the phone was refused.
 */
export function importReason(t: I18n['t'], line: Pick<RejectedRow, 'code' | 'details' | 'error'>): string {
  const sentence = (code: string) =>
    describeError(new ApiError(code, 400, line.error, line.details), t).message;
  if (line.code === 'phone_dropped') {
    const cause = typeof line.details.cause === 'string' ? line.details.cause : 'invalid_phone';
    return t('imports.reason.phoneDropped', { reason: sentence(cause) });
  }
  return sentence(line.code);
}

export function ImportReport(props: { base: string; job: ImportJob }) {
  const { t, number } = useI18n();
  const { job, base } = props;
  const c = job.counts;
  const phonesDropped = job.effects?.phonesDropped ?? 0;
  const lines = c.rejected + phonesDropped;
  const sample = useResource(
    (signal) =>
      lines > 0
        ? api.get<{ items: RejectedRow[] }>(`${base}/imports/${job.id}/errors/sample?limit=10`, { signal })
        : Promise.resolve({ items: [] }),
    [job.id, lines],
  );
  const kpis = [
    ['total', t('imports.rows'), c.total],
    ['created', job.dryRun ? t('imports.would.created') : t('imports.did.created'), c.created],
    ['updated', job.dryRun ? t('imports.would.updated') : t('imports.did.updated'), c.updated],
    ['unchanged', t('imports.unchanged'), c.unchanged],
    ['rejected', t('imports.rejected'), c.rejected],
  ] as const;
  return (
    <div className="import-report" data-testid={job.dryRun ? 'dry-run-report' : 'import-result'}>
      <div className="kpis">
        {kpis.map(([key, label, value]) => (
          <div key={key} className="card kpi" data-testid={`count-${key}`}>
            <div className="value num">{number(value)}</div>
            <div className="label">{label}</div>
          </div>
        ))}
      </div>
      {job.failure && <p className="notice notice-error">{job.failure}</p>}
      {job.sameAsImportId && <p className="notice">{t('imports.sameFile')}</p>}
      {(job.report.ignoredColumns?.length ?? 0) > 0 && (
        <p className="muted">
          {t('imports.ignoredColumns')} {job.report.ignoredColumns!.join(', ')}
        </p>
      )}
      {phonesDropped > 0 && (
        <p className="notice" data-testid="phones-dropped">
          {t('imports.phonesDropped', { count: phonesDropped })}
        </p>
      )}
      {lines > 0 && (
        <>
          <h3>{t('imports.sampleErrors')}</h3>
          {sample.error ? (
            <ErrorState error={sample.error} onRetry={sample.reload} />
          ) : (
            <div className="table-wrap">
              <table className="data stack">
                <caption className="sr-only">{t('imports.sampleErrors')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('imports.row')}</th>
                    <th scope="col">{t('imports.reason')}</th>
                    <th scope="col">{t('imports.values')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(sample.data?.items ?? []).map((r) => (
                    <tr key={r.row}>
                      <td data-label={t('imports.row')} className="num">
                        {number(r.row)}
                      </td>
                      <td data-label={t('imports.reason')}>{importReason(t, r)}</td>
                      <td data-label={t('imports.values')}>
                        <Values values={Object.values(r.values)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p>
            <a className="btn" href={errorsUrl(base, job.id)} download>
              {t('imports.downloadErrors')}
            </a>
          </p>
        </>
      )}
    </div>
  );
}
