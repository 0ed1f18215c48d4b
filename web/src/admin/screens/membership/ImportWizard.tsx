// A new import, step by step: choose a CSV → check the column mapping (suggested by the server from the
// headers) → dry run and its report → import, with progress for the upload and for the import itself.
import { useEffect, useRef, useState } from 'react';
import { Notice, ProgressBar, errorMessage } from '../../../shared/components/states.tsx';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { useProgramDetails } from '../../program-details.ts';
import {
  FILE_ENCODINGS,
  IDENTITY_TARGETS,
  PHONE_REGIONS,
  followImport,
  inspectFile,
  mapSpec,
  uploadFile,
  type CsvInspection,
  type FileEncoding,
  type ImportJob,
} from './import-api.ts';
import { ImportReport, Values } from './ImportReport.tsx';

type Step =
  | { kind: 'choose' }
  | { kind: 'map'; file: File; inspection: CsvInspection }
  | { kind: 'run'; file: File; inspection: CsvInspection; dryRun: boolean; sent: number; job?: ImportJob }
  | { kind: 'report'; file: File; inspection: CsvInspection; job: ImportJob };

export function ImportWizard(props: { onChanged(): void }) {
  const { t, number, locale } = useI18n();
  const program = useProgram();
  const details = useProgramDetails();
  // Phones without a country code: read in this country (the program's by default) unless the row's own
  // phone_country column names another; a phone that is still not valid rejects the row, or only the phone.
  const [region, setRegion] = useState<string>();
  const [keepRows, setKeepRows] = useState(false);
  const shownRegion = region ?? details?.defaultRegion ?? 'IL';
  const regions = [...new Set([details?.defaultRegion ?? 'IL', ...PHONE_REGIONS])];
  const countryName = (code: string) => {
    try {
      return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const base = program.api('');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [columns, setColumns] = useState<Record<string, string>>({}); // header → target
  // Chosen by the person when the evidence is not enough; the file is re-read with it.
  const [encoding, setEncoding] = useState<FileEncoding>('auto');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController>(undefined);
  useEffect(() => () => abort.current?.abort(), []);
  // Each new step moves keyboard and screen-reader focus to its heading (not on first load).
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step.kind);
  useEffect(() => {
    if (shownStep.current !== step.kind) heading.current?.focus();
    shownStep.current = step.kind;
  }, [step.kind]);

  async function choose(file: File | undefined, chosen: FileEncoding = 'auto') {
    if (!file) return;
    setError(undefined);
    setBusy(true);
    try {
      const inspection = await inspectFile(base, file, chosen);
      const byHeader: Record<string, string> = {};
      for (const [target, header] of Object.entries(inspection.suggested)) byHeader[header] = target;
      setColumns(byHeader);
      setEncoding(chosen);
      setStep({ kind: 'map', file, inspection });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const mapping = () => {
    const byTarget: Record<string, string> = {};
    for (const [header, target] of Object.entries(columns)) if (target) byTarget[target] = header;
    return byTarget;
  };
  const targets = Object.values(columns).filter(Boolean);
  const duplicate = targets.find((x, i) => targets.indexOf(x) !== i);
  const hasIdentity = targets.some((x) => IDENTITY_TARGETS.includes(x));

  async function run(file: File, inspection: CsvInspection, dryRun: boolean) {
    setError(undefined);
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStep({ kind: 'run', file, inspection, dryRun, sent: 0 });
    try {
      const created = await uploadFile(
        base,
        file,
        {
          dryRun,
          map: mapSpec(mapping()),
          encoding,
          region: shownRegion,
          invalidPhone: keepRows ? 'keep_row' : 'reject',
        },
        (sent) => setStep((s) => (s.kind === 'run' ? { ...s, sent } : s)),
      );
      props.onChanged();
      const job = await followImport(
        base,
        created.id,
        (job) => setStep((s) => (s.kind === 'run' ? { ...s, sent: file.size, job } : s)),
        controller.signal,
      );
      setStep({ kind: 'report', file, inspection, job });
      props.onChanged();
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      setError(err);
      setStep({ kind: 'map', file, inspection });
    }
  }

  const targetLabel = (target: string) =>
    target.startsWith('attributes.')
      ? t('imports.attribute', { name: target.slice(11) })
      : t(`imports.field.${target}` as MessageKey);

  return (
    <section className="card" aria-labelledby="import-step">
      <h2 id="import-step" tabIndex={-1} ref={heading}>
        {step.kind === 'choose'
          ? t('imports.step.choose')
          : step.kind === 'map'
            ? t('imports.step.map')
            : step.kind === 'run'
              ? step.dryRun
                ? t('imports.step.checking')
                : t('imports.step.importing')
              : step.job.dryRun
                ? t('imports.step.dryRunReport')
                : t('imports.step.done')}
      </h2>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}

      {step.kind === 'choose' && (
        <label
          className="dropzone"
          aria-busy={busy}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void choose(e.dataTransfer.files[0]);
          }}
        >
          <span>{busy ? t('common.working') : t('imports.chooseHint')}</span>
          <input
            type="file"
            name="csv"
            accept=".csv,.txt,text/csv"
            disabled={busy}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
      )}

      {step.kind === 'map' && (
        <>
          <p>
            {t('imports.fileSummary', {
              file: step.file.name,
              size: number(Math.max(1, Math.round(step.file.size / 1024))),
            })}
          </p>
          <div className="field" data-testid="import-encoding">
            <label htmlFor="import-encoding">{t('imports.encoding')}</label>
            <select
              id="import-encoding"
              className="input"
              value={encoding}
              disabled={busy}
              onChange={(e) => void choose(step.file, e.target.value as FileEncoding)}
            >
              {FILE_ENCODINGS.map((name) => (
                <option key={name} value={name}>
                  {name === 'auto'
                    ? t('imports.encoding.auto', {
                        detected: t(`imports.encoding.${step.inspection.detectedEncoding}` as MessageKey),
                      })
                    : t(`imports.encoding.${name}`)}
                </option>
              ))}
            </select>
            <small className="hint">
              {t('imports.encodingEvidence', {
                valid: number(step.inspection.evidence.validMultibyte),
                invalid: number(step.inspection.evidence.invalidBytes),
              })}
            </small>
          </div>
          <div className="table-wrap">
            <table className="data stack">
              <caption className="sr-only">{t('imports.step.map')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.column')}</th>
                  <th scope="col">{t('imports.sample')}</th>
                  <th scope="col">{t('imports.mapTo')}</th>
                </tr>
              </thead>
              <tbody>
                {step.inspection.header.map((header, i) => (
                  <tr key={`${i}-${header}`}>
                    <th scope="row" data-label={t('imports.column')}>
                      {header}
                    </th>
                    <td data-label={t('imports.sample')}>
                      <Values values={step.inspection.sample.slice(0, 2).map((r) => r[i])} />
                    </td>
                    <td data-label={t('imports.mapTo')}>
                      <select
                        className="input"
                        aria-label={t('imports.mapColumn', { column: header })}
                        value={columns[header] ?? ''}
                        onChange={(e) => setColumns({ ...columns, [header]: e.target.value })}
                      >
                        <option value="">{t('imports.ignore')}</option>
                        {step.inspection.targets.map((target) => (
                          <option key={target} value={target}>
                            {targetLabel(target)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="field" data-testid="import-phones">
            <legend>{t('imports.phones')}</legend>
            <label htmlFor="import-region">{t('imports.region')}</label>
            <select
              id="import-region"
              className="input"
              value={shownRegion}
              onChange={(e) => setRegion(e.target.value)}
            >
              {regions.map((code) => (
                <option key={code} value={code}>
                  {countryName(code)}
                </option>
              ))}
            </select>
            <small className="hint">{t('imports.regionHint')}</small>
            <label className="checkbox">
              <input type="checkbox" checked={keepRows} onChange={(e) => setKeepRows(e.target.checked)} />{' '}
              {t('imports.keepRowWithoutPhone')}
            </label>
          </fieldset>
          {duplicate && (
            <Notice kind="error">{t('imports.duplicateTarget', { field: targetLabel(duplicate) })}</Notice>
          )}
          {!hasIdentity && <Notice kind="error">{t('imports.needIdentity')}</Notice>}
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={Boolean(duplicate) || !hasIdentity}
              onClick={() => void run(step.file, step.inspection, true)}
            >
              {t('imports.dryRun')}
            </button>
            <button type="button" className="btn" onClick={() => setStep({ kind: 'choose' })}>
              {t('imports.otherFile')}
            </button>
          </div>
        </>
      )}

      {step.kind === 'run' && (
        <div aria-live="polite">
          <ProgressBar label={t('imports.uploading')} value={step.sent} max={step.file.size || 1} />
          {step.job && (
            <div style={{ marginBlockStart: 'var(--space-3)' }}>
              <ProgressBar
                label={t(step.dryRun ? 'imports.checkingRows' : 'imports.importingRows', {
                  rows: step.job.progress.rowsDone,
                })}
                value={Math.round(step.job.progress.percent)}
                max={100}
              />
            </div>
          )}
        </div>
      )}

      {step.kind === 'report' && (
        <>
          <ImportReport base={base} job={step.job} />
          <div className="btn-row">
            {step.job.dryRun && step.job.status === 'completed' && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void run(step.file, step.inspection, false)}
              >
                {t('imports.start')}
              </button>
            )}
            {step.job.dryRun && (
              <button type="button" className="btn" onClick={() => setStep({ ...step, kind: 'map' })}>
                {t('imports.changeMapping')}
              </button>
            )}
            <button type="button" className="btn" onClick={() => setStep({ kind: 'choose' })}>
              {t('imports.another')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
