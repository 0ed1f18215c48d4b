// The members list: search, filters (tier, list, tag, joined, last purchase, birthday month), sorting, the total
// and CSV export of what is shown. Everything sits in the address, so Back from a profile returns to the same
// page of the same list.
import { useState, type FormEvent } from 'react';
import { api, query } from '../../../shared/api.ts';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { formatPhone } from '../../../shared/phone.ts';
import { navigate, useLocation } from '../../../shared/router.ts';
import { useProgramDetails } from '../../program-details.ts';
import { tierName, useTiers } from '../../tiers.ts';
import { useProgram } from '../../session.tsx';
import { localName } from '../../../shared/labels.ts';
import type { MailingList } from '../membership/types.ts';
import {
  filtersFromSearch,
  hasFilters,
  MEMBER_SORTS,
  ruleOf,
  searchOf,
  type MemberFilters,
  type MemberSort,
} from './member-filters.ts';
import { displayName } from './types.ts';

const PAGE_SIZE = 25;

interface ListedMember {
  id: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  joinedAt: string;
  points: number;
  tierKey: string | null;
  lastPurchaseAt: string | null;
}

export function MemberList() {
  const { t, date, number, locale } = useI18n();
  const program = useProgram();
  const details = useProgramDetails();
  const tiers = useTiers();
  const { search } = useLocation();
  const filters = filtersFromSearch(search);
  const rule = ruleOf(filters);
  const browseQuery = {
    rule: rule ? JSON.stringify(rule) : undefined,
    sort: filters.sort,
    direction: filters.dir,
  };
  const key = search.toString();
  const page = useResource(
    (signal) =>
      api.get<{ items: ListedMember[]; total: number }>(
        program.api(
          `/segments/browse${query({ ...browseQuery, offset: (filters.page - 1) * PAGE_SIZE, limit: PAGE_SIZE })}`,
        ),
        { signal },
      ),
    [program.programId, key],
  );
  const go = (next: MemberFilters) => navigate(program.link(`/members${query(searchOf(next))}`));
  const sortBy = (sort: MemberSort) =>
    go({
      ...filters,
      sort,
      dir: filters.sort === sort && filters.dir === 'desc' ? 'asc' : 'desc',
      page: 1,
    });
  const header = (sort: MemberSort | null, label: string, end = false) => (
    <th
      scope="col"
      className={end ? 'end' : undefined}
      aria-sort={
        sort && filters.sort === sort ? (filters.dir === 'asc' ? 'ascending' : 'descending') : undefined
      }
    >
      {sort ? (
        <button type="button" className="btn btn-link" onClick={() => sortBy(sort)}>
          {label}
          {filters.sort === sort && (filters.dir === 'asc' ? ' ▲' : ' ▼')}
        </button>
      ) : (
        label
      )}
    </th>
  );

  return (
    <>
      <PageHead title={t('nav.members')}>
        {program.can('members:export') && (
          <a
            className="btn"
            href={program.api(`/segments/browse/export${query(browseQuery)}`)}
            download="members.csv"
          >
            <Icon name="imports" /> {t('memberList.export')}
          </a>
        )}
        {program.can('members:write') && (
          <Link className="btn btn-primary" to={program.link('/members/new')}>
            <Icon name="plus" /> {t('members.new')}
          </Link>
        )}
      </PageHead>
      <MemberListFilters key={key} filters={filters} onApply={(f) => go({ ...f, page: 1 })} />
      <div className="card">
        {page.error ? (
          <ErrorState error={page.error} onRetry={page.reload} />
        ) : !page.data ? (
          <Loading />
        ) : page.data.total === 0 ? (
          <EmptyState title={hasFilters(filters) ? t('members.noMatch') : t('members.empty')} />
        ) : (
          <div aria-busy={page.loading}>
            <p className="muted" data-testid="member-total">
              {t('memberList.total', { count: page.data.total })}
            </p>
            <div className="table-wrap">
              <table className="data stack">
                <caption className="sr-only">{t('nav.members')}</caption>
                <thead>
                  <tr>
                    {header('name', t('members.name'))}
                    {header(null, t('members.phone'))}
                    {header(null, t('members.email'))}
                    {header(null, t('memberList.tier'))}
                    {header('points', t('memberList.points'), true)}
                    {header('last_purchase', t('memberList.lastPurchase'))}
                    {header('joined', t('members.joined'))}
                  </tr>
                </thead>
                <tbody>
                  {page.data.items.map((m) => (
                    <tr key={m.id}>
                      <td data-label={t('members.name')}>
                        <Link to={program.link(`/members/${m.id}`)}>
                          <bdi>{displayName(m)}</bdi>
                        </Link>
                      </td>
                      <td data-label={t('members.phone')}>
                        <span className="ltr">{formatPhone(m.phone, details?.defaultRegion)}</span>
                      </td>
                      <td data-label={t('members.email')}>
                        <span className="ltr">{m.email}</span>
                      </td>
                      <td data-label={t('memberList.tier')}>{tierName(tiers, m.tierKey, locale)}</td>
                      <td data-label={t('memberList.points')} className="end num">
                        {number(m.points)}
                      </td>
                      <td data-label={t('memberList.lastPurchase')}>
                        {m.lastPurchaseAt ? date(m.lastPurchaseAt, 'shortDate') : t('memberList.never')}
                      </td>
                      <td data-label={t('members.joined')}>{date(m.joinedAt, 'shortDate')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pager" aria-label={t('table.pages')}>
              <button
                type="button"
                className="btn"
                disabled={filters.page === 1 || page.loading}
                onClick={() => go({ ...filters, page: filters.page - 1 })}
              >
                <Icon name="chevron-start" /> {t('table.previous')}
              </button>
              <span className="muted">{t('table.page', { page: filters.page })}</span>
              <button
                type="button"
                className="btn"
                disabled={filters.page * PAGE_SIZE >= page.data.total || page.loading}
                onClick={() => go({ ...filters, page: filters.page + 1 })}
              >
                {t('table.next')} <Icon name="chevron-end" />
              </button>
            </nav>
          </div>
        )}
      </div>
    </>
  );
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function MemberListFilters(props: { filters: MemberFilters; onApply(filters: MemberFilters): void }) {
  const { t, locale } = useI18n();
  const program = useProgram();
  const tiers = useTiers();
  const lists = useResource(
    (signal) =>
      program.can('membership:read')
        ? api.get<{ items: MailingList[] }>(program.api('/lists'), { signal })
        : Promise.resolve({ items: [] as MailingList[] }),
    [program.programId],
  );
  const tags = useResource(
    (signal) =>
      program.can('membership:read')
        ? api.get<{ items: { tag: string }[] }>(program.api('/tags'), { signal })
        : Promise.resolve({ items: [] }),
    [program.programId],
  );
  const [draft, setDraft] = useState<MemberFilters>(props.filters);
  const set = (key: keyof MemberFilters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply({ ...draft, q: draft.q?.trim() || undefined });
  };
  const monthName = (m: number) =>
    new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2000, m - 1, 1)),
    );
  return (
    <form role="search" className="card" aria-label={t('memberList.filters')} onSubmit={submit}>
      <div className="btn-row">
        <label htmlFor="member-search" className="sr-only">
          {t('members.search')}
        </label>
        <input
          id="member-search"
          className="input"
          style={{ flex: '1 1 14rem', inlineSize: 'auto' }}
          type="search"
          value={draft.q ?? ''}
          onChange={set('q')}
          placeholder={t('members.searchPlaceholder')}
        />
        <button type="submit" className="btn">
          <Icon name="search" /> {t('common.search')}
        </button>
      </div>
      <details open={hasFilters({ ...props.filters, q: undefined })}>
        <summary>{t('memberList.filters')}</summary>
        <div className="grid-2">
          <SelectField
            label={t('memberList.tier')}
            value={draft.tier ?? ''}
            onChange={set('tier')}
            options={[
              { value: '', label: t('memberList.any') },
              ...(tiers ?? []).map((tier) => ({ value: tier.key, label: localName(tier, locale) })),
            ]}
          />
          <SelectField
            label={t('memberList.list')}
            value={draft.list ?? ''}
            onChange={set('list')}
            options={[
              { value: '', label: t('memberList.any') },
              ...(lists.data?.items ?? []).map((l) => ({ value: l.id, label: l.name })),
            ]}
          />
          <SelectField
            label={t('memberList.tag')}
            value={draft.tag ?? ''}
            onChange={set('tag')}
            options={[
              { value: '', label: t('memberList.any') },
              ...(tags.data?.items ?? []).map((x) => ({ value: x.tag, label: x.tag })),
            ]}
          />
          <SelectField
            label={t('memberList.lastPurchase')}
            value={draft.bought ?? ''}
            onChange={set('bought')}
            options={[
              { value: '', label: t('memberList.any') },
              ...[7, 30, 90].map((days) => ({
                value: `within:${days}`,
                label: t('memberList.boughtWithin', { days }),
              })),
              ...[30, 60, 90, 180].map((days) => ({
                value: `over:${days}`,
                label: t('memberList.notSince', { days }),
              })),
              { value: 'never', label: t('memberList.neverBought') },
            ]}
          />
          <TextField
            label={t('memberList.joinedFrom')}
            type="date"
            value={draft.joinedFrom ?? ''}
            onChange={set('joinedFrom')}
          />
          <TextField
            label={t('memberList.joinedTo')}
            type="date"
            value={draft.joinedTo ?? ''}
            onChange={set('joinedTo')}
          />
          <SelectField
            label={t('memberList.birthMonth')}
            value={draft.birthMonth ?? ''}
            onChange={set('birthMonth')}
            options={[
              { value: '', label: t('memberList.any') },
              ...MONTHS.map((m) => ({ value: String(m), label: monthName(m) })),
            ]}
          />
          <SelectField
            label={t('memberList.sort')}
            value={draft.sort}
            onChange={(e) => setDraft((d) => ({ ...d, sort: e.target.value as MemberSort }))}
            options={MEMBER_SORTS.map((s) => ({
              value: s,
              label: {
                joined: t('members.joined'),
                name: t('members.name'),
                points: t('memberList.points'),
                last_purchase: t('memberList.lastPurchase'),
              }[s],
            }))}
          />
        </div>
        <div className="btn-row">
          <button type="submit" className="btn btn-primary">
            {t('memberList.apply')}
          </button>
          {hasFilters(props.filters) && (
            <button
              type="button"
              className="btn"
              onClick={() => props.onApply({ sort: 'joined', dir: 'desc', page: 1 })}
            >
              {t('memberList.clear')}
            </button>
          )}
        </div>
      </details>
    </form>
  );
}
