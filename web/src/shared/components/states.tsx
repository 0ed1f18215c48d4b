// Loading, empty, error and progress states: every screen shows the same ones.
import type { ReactNode } from 'react';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';

export function Loading(props: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state" role="status">
      <span className="spinner" aria-hidden="true" /> {props.label ?? t('common.loading')}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <div className="state">
      <svg width="48" height="48" viewBox="0 0 48 48" aria-hidden="true">
        <rect x="6" y="12" width="36" height="26" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M6 22h12l3 5h6l3-5h12" fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
      <p>
        <strong>{props.title}</strong>
      </p>
      {props.children}
    </div>
  );
}

export function ErrorState(props: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorMessage(props.error, t)}</p>
      {props.onRetry && (
        <button type="button" className="btn" onClick={props.onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** A message for the user in their language, from the API error's code and details (see shared/errors.ts). */
export function errorMessage(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  return describeError(error, t).message;
}

export function ProgressBar(props: { value: number; max: number; label: string }) {
  const { number } = useI18n();
  const percent = props.max > 0 ? Math.min(100, Math.round((props.value / props.max) * 100)) : 0;
  return (
    <div>
      <div className="btn-row" style={{ justifyContent: 'space-between' }}>
        <span>{props.label}</span>
        <span className="num">{number(percent / 100, { style: 'percent' })}</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={props.max}
        aria-valuenow={props.value}
      >
        <span style={{ inlineSize: `${percent}%` }} />
      </div>
    </div>
  );
}

export function Notice(props: { kind?: 'info' | 'error' | 'success'; children: ReactNode }) {
  const kind = props.kind ?? 'info';
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}
