// Who changed what: newest first by when it happened, filtered by person, action, record and dates. The filters
// live in the address, so Back and a shared link show the same entries.
import { useState, type FormEvent } from 'react';
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { Link } from '../../../shared/components/Icon.tsx';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { catalogues } from '../../../shared/i18n/catalogues.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { localDayStart, navigate, searchValues, useLocation } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';

interface AuditEntry {
  id: number;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  at: string;
}

const FILTERS = ['actor', 'action', 'entityType', 'entityId', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const keysOf = (prefix: string) =>
  Object.keys(catalogues.en)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));

/** The API's query for the filters: the actor as type and id, local days as instants. */
function apiQuery(f: Filters) {
  const [actorType, actorId] = (f.actor ?? '').split(':');
  return {
    actorType: actorType || undefined,
    actorId: actorId || undefined,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    from: localDayStart(f.from),
    to: localDayStart(f.to, 1),
  };
}

export function AuditLog() {
  const { t, date } = useI18n();
  const program = useProgram();
  const { search } = useLocation();
  const filters: Filters = searchValues(search, FILTERS);
  const names = useActorNames();
  const actorName = (e: AuditEntry) => {
    if (e.actor_type === 'system') return t('audit.actor.system');
    const name = e.actor_id ? names[`${e.actor_type}:${e.actor_id}`] : undefined;
    if (name) return name;
    return e.actor_type === 'user' ? t('audit.deletedUser') : t('audit.actor.api_key');
  };
  const setFilters = (next: Filters) =>
    navigate(program.link(`/settings/audit${query(next as Record<string, string>)}`), { replace: true });

  return (
    <>
      <PageHead title={t('nav.audit')} />
      <AuditFilters key={search.toString()} filters={filters} names={names} onApply={setFilters} />
      <div className="card">
        <DataTable<AuditEntry>
          caption={t('nav.audit')}
          rowKey={(e) => String(e.id)}
          resetKey={search.toString()}
          emptyTitle={t('audit.empty')}
          fetchPage={(cursor, signal) =>
            api.get(program.api(`/audit-log${query({ limit: 25, cursor, ...apiQuery(filters) })}`), {
              signal,
            })
          }
          columns={[
            { key: 'at', header: t('audit.when'), render: (e) => date(e.at, 'dateTime') },
            {
              key: 'action',
              header: t('audit.action'),
              render: (e) => labelOf(t, 'auditAction', e.action),
            },
            { key: 'actor', header: t('audit.actor'), render: (e) => <bdi>{actorName(e)}</bdi> },
            {
              key: 'entity',
              header: t('audit.entity'),
              render: (e) => <EntityCell entry={e} onOnly={setFilters} />,
            },
            { key: 'ip', header: t('audit.ip'), render: (e) => <span className="ltr">{e.ip}</span> },
          ]}
        />
      </div>
    </>
  );
}

function EntityCell(props: { entry: AuditEntry; onOnly(filters: Filters): void }) {
  const { t } = useI18n();
  const program = useProgram();
  const e = props.entry;
  const kind = labelOf(t, 'auditEntity', e.entity_type);
  return (
    <span>
      {e.entity_type === 'member' && e.entity_id ? (
        <Link to={program.link(`/members/${e.entity_id}`)}>{kind}</Link>
      ) : (
        kind
      )}
      {e.entity_id && (
        <>
          {' '}
          <button
            type="button"
            className="btn btn-link"
            onClick={() => props.onOnly({ entityType: e.entity_type, entityId: e.entity_id! })}
          >
            {t('audit.oneRecord')}
          </button>
        </>
      )}
    </span>
  );
}

/** Names of the program's team and API keys by "user:<id>" / "api_key:<id>"; empty where the role may not list them. */
function useActorNames(): Record<string, string> {
  const program = useProgram();
  const users = useResource(
    (signal) =>
      program.can('users:manage')
        ? api.get<{ items: { id: string; name: string; email: string }[] }>(program.api('/users'), { signal })
        : Promise.resolve({ items: [] }),
    [program.programId],
  );
  const keys = useResource(
    (signal) =>
      program.can('apikeys:manage')
        ? api.get<{ items: { id: string; name: string }[] }>(program.api('/api-keys'), { signal })
        : Promise.resolve({ items: [] }),
    [program.programId],
  );
  const names: Record<string, string> = {};
  for (const u of users.data?.items ?? []) names[`user:${u.id}`] = u.name || u.email;
  for (const k of keys.data?.items ?? []) names[`api_key:${k.id}`] = k.name;
  return names;
}

function AuditFilters(props: {
  filters: Filters;
  names: Record<string, string>;
  onApply(filters: Filters): void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(props.filters);
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value || undefined }));
  const actions = keysOf('auditAction.');
  const entityTypes = keysOf('auditEntity.');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply(draft);
  };
  return (
    <form className="card" aria-label={t('audit.filters')} onSubmit={submit}>
      <div className="grid-2">
        <SelectField
          label={t('audit.actor')}
          value={draft.actor ?? ''}
          onChange={set('actor')}
          options={[
            { value: '', label: t('audit.anyone') },
            ...Object.entries(props.names).map(([value, label]) => ({ value, label })),
            { value: 'system', label: t('audit.actor.system') },
          ]}
        />
        <SelectField
          label={t('audit.action')}
          value={draft.action ?? ''}
          onChange={set('action')}
          options={[
            { value: '', label: t('audit.anyAction') },
            ...actions.map((a) => ({ value: a, label: labelOf(t, 'auditAction', a) })),
            ...Object.entries(FAMILY_ENTITY).map(([family, entity]) => ({
              value: family,
              label: t('audit.family', { label: labelOf(t, 'auditEntity', entity) }),
            })),
          ]}
        />
        <SelectField
          label={t('audit.entity')}
          value={draft.entityType ?? ''}
          onChange={(e) =>
            setDraft((d) => ({ ...d, entityType: e.target.value || undefined, entityId: undefined }))
          }
          options={[
            { value: '', label: t('audit.anyRecord') },
            ...entityTypes.map((type) => ({ value: type, label: labelOf(t, 'auditEntity', type) })),
          ]}
        />
        <TextField label={t('audit.from')} type="date" value={draft.from ?? ''} onChange={set('from')} />
        <TextField label={t('audit.to')} type="date" value={draft.to ?? ''} onChange={set('to')} />
      </div>
      <div className="btn-row">
        <button type="submit" className="btn btn-primary">
          {t('audit.apply')}
        </button>
        {Object.keys(props.filters).length > 0 && (
          <button type="button" className="btn" onClick={() => props.onApply({})}>
            {t('audit.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Action families offered as one choice ("member." → every member action), with the record they are about. */
const FAMILY_ENTITY: Record<string, string> = {
  'member.': 'member',
  'list.': 'list',
  'form.': 'signup_form',
  'api_key.': 'api_key',
  'loyalty.earning_rule.': 'earning_rule',
  'rewards.reward.': 'reward',
  'segment.': 'segment',
  'template.': 'message_template',
  'suppression.': 'suppression',
};
