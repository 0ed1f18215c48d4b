import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

interface AuditEntry {
  id: number;
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  at: string;
}

export function AuditLog() {
  const { t, date } = useI18n();
  const program = useProgram();
  return (
    <>
      <PageHead title={t('nav.audit')} />
      <div className="card">
        <DataTable<AuditEntry>
          caption={t('nav.audit')}
          rowKey={(e) => String(e.id)}
          emptyTitle={t('audit.empty')}
          fetchPage={(cursor, signal) =>
            api.get(program.api(`/audit-log${query({ limit: 25, cursor })}`), { signal })
          }
          columns={[
            { key: 'at', header: t('audit.when'), render: (e) => date(e.at, 'dateTime') },
            {
              key: 'action',
              header: t('audit.action'),
              render: (e) => <code className="ltr">{e.action}</code>,
            },
            {
              key: 'actor',
              header: t('audit.actor'),
              render: (e) => (
                <span>
                  {t(`audit.actor.${e.actor_type}` as 'audit.actor.user')}{' '}
                  <span className="muted ltr">{e.actor_id?.slice(0, 8)}</span>
                </span>
              ),
            },
            {
              key: 'entity',
              header: t('audit.entity'),
              render: (e) => (
                <span className="ltr">
                  {e.entity_type} {e.entity_id?.slice(0, 8)}
                </span>
              ),
            },
            { key: 'ip', header: t('audit.ip'), render: (e) => <span className="ltr">{e.ip}</span> },
          ]}
        />
      </div>
    </>
  );
}
