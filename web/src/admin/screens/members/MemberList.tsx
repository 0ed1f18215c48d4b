import { useState } from 'react';
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { displayName, type Member } from './types.ts';

export function MemberList() {
  const { t, date } = useI18n();
  const program = useProgram();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  return (
    <>
      <PageHead title={t('nav.members')}>
        {program.can('members:write') && (
          <Link className="btn btn-primary" to={program.link('/members/new')}>
            <Icon name="plus" /> {t('members.new')}
          </Link>
        )}
      </PageHead>
      <form
        role="search"
        className="btn-row card"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label htmlFor="member-search" className="sr-only">
          {t('members.search')}
        </label>
        <input
          id="member-search"
          className="input"
          style={{ flex: '1 1 14rem', inlineSize: 'auto' }}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('members.searchPlaceholder')}
        />
        <button type="submit" className="btn">
          <Icon name="search" /> {t('common.search')}
        </button>
      </form>
      <div className="card">
        <DataTable<Member>
          caption={t('nav.members')}
          resetKey={search}
          rowKey={(m) => m.id}
          emptyTitle={search ? t('members.noMatch') : t('members.empty')}
          onRowClick={(m) => navigate(program.link(`/members/${m.id}`))}
          fetchPage={(cursor, signal) =>
            api.get(program.api(`/members${query({ limit: 25, cursor, q: search })}`), { signal })
          }
          columns={[
            {
              key: 'name',
              header: t('members.name'),
              render: (m) => <Link to={program.link(`/members/${m.id}`)}>{displayName(m)}</Link>,
            },
            {
              key: 'email',
              header: t('members.email'),
              render: (m) => <span className="ltr">{m.email}</span>,
            },
            {
              key: 'phone',
              header: t('members.phone'),
              render: (m) => <span className="ltr">{m.phone}</span>,
            },
            { key: 'joined', header: t('members.joined'), render: (m) => date(m.createdAt, 'shortDate') },
          ]}
        />
      </div>
    </>
  );
}
