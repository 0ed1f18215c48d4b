// Every message the program sent, tried to send or kept in the outbox: newest first, filtered by status, channel,
// purpose and days. The filters live in the address, so Back and a shared link show the same messages.
import { useState, type FormEvent } from 'react';
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { Link } from '../../../shared/components/Icon.tsx';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { localDayStart, navigate, searchValues, useLocation } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { statusBadge, type MessageRow } from '../deliverability/types.tsx';

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'outbox',
  'deferred',
  'skipped',
  'suppressed',
  'failed',
  'bounced',
  'complained',
] as const;

const FILTERS = ['status', 'channel', 'purpose', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export interface LogRow extends MessageRow {
  to: string;
  kind: string;
  purpose: 'marketing' | 'service';
}

/** The API's query: local days as instants, "to" through the end of its day (the API's range is half-open). */
function apiQuery(f: Filters) {
  return {
    status: f.status,
    channel: f.channel,
    purpose: f.purpose,
    from: localDayStart(f.from),
    to: localDayStart(f.to, 1),
  };
}

export function MessageLog() {
  const { t, date } = useI18n();
  const program = useProgram();
  const { search } = useLocation();
  const filters: Filters = searchValues(search, FILTERS);
  const setFilters = (next: Filters) =>
    navigate(program.link(`/messages${query(next as Record<string, string>)}`), { replace: true });
  return (
    <>
      <PageHead title={t('nav.messages')} />
      <LogFilters key={search.toString()} filters={filters} onApply={setFilters} />
      <div className="card" data-testid="message-log">
        <DataTable<LogRow>
          caption={t('nav.messages')}
          rowKey={(m) => m.id}
          resetKey={search.toString()}
          emptyTitle={Object.keys(filters).length ? t('log.emptyFiltered') : t('log.empty')}
          fetchPage={(cursor, signal) =>
            api.get(program.api(`/messages${query({ limit: 25, cursor, ...apiQuery(filters) })}`), { signal })
          }
          columns={[
            { key: 'when', header: t('msg.when'), render: (m) => date(m.createdAt, 'dateTime') },
            {
              key: 'to',
              header: t('log.to'),
              render: (m) => (
                <Link to={program.link(`/messages/${m.id}`)}>
                  <bdi dir="ltr">{m.to}</bdi>
                </Link>
              ),
            },
            { key: 'channel', header: t('msg.channel'), render: (m) => labelOf(t, 'msg.channel', m.channel) },
            {
              key: 'kind',
              header: t('log.kind'),
              render: (m) => (
                <>
                  {labelOf(t, 'log.kind', m.kind)}{' '}
                  <span className="muted">({t(`templates.purpose.${m.purpose}`)})</span>
                </>
              ),
            },
            {
              key: 'subject',
              header: t('msg.subject'),
              render: (m) => <bdi>{m.subject ?? m.text.slice(0, 80)}</bdi>,
            },
            { key: 'status', header: t('msg.status'), render: (m) => statusBadge(t, m.status) },
          ]}
        />
      </div>
    </>
  );
}

function LogFilters(props: { filters: Filters; onApply(filters: Filters): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(props.filters);
  const [error, setError] = useState<string | undefined>();
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) return setError(t('log.toBeforeFrom'));
    setError(undefined);
    props.onApply(draft);
  };
  return (
    <form className="card" aria-label={t('log.filters')} onSubmit={submit}>
      <div className="grid-2">
        <SelectField
          label={t('msg.status')}
          value={draft.status ?? ''}
          onChange={set('status')}
          options={[
            { value: '', label: t('log.anyStatus') },
            ...MESSAGE_STATUSES.map((s) => ({ value: s, label: labelOf(t, 'msg.status', s) })),
          ]}
        />
        <SelectField
          label={t('msg.channel')}
          value={draft.channel ?? ''}
          onChange={set('channel')}
          options={[
            { value: '', label: t('log.anyChannel') },
            { value: 'email', label: t('msg.channel.email') },
            { value: 'sms', label: t('msg.channel.sms') },
          ]}
        />
        <SelectField
          label={t('templates.purpose')}
          value={draft.purpose ?? ''}
          onChange={set('purpose')}
          options={[
            { value: '', label: t('log.anyPurpose') },
            { value: 'marketing', label: t('templates.purpose.marketing') },
            { value: 'service', label: t('templates.purpose.service') },
          ]}
        />
        <TextField label={t('log.from')} type="date" value={draft.from ?? ''} onChange={set('from')} />
        <TextField
          label={t('log.toDay')}
          type="date"
          value={draft.to ?? ''}
          onChange={set('to')}
          error={error}
        />
      </div>
      <div className="btn-row">
        <button type="submit" className="btn btn-primary">
          {t('log.apply')}
        </button>
        {Object.keys(props.filters).length > 0 && (
          <button type="button" className="btn" onClick={() => props.onApply({})}>
            {t('log.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
