// A table over a cursor-paginated API ({ items, nextCursor }): the server pages, we keep the cursors of the
// pages seen so "previous" works. Rows become labelled cards on phones.
import { useState, type ReactNode } from 'react';
import { useResource } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { Icon } from './Icon.tsx';
import { EmptyState, ErrorState, Loading } from './states.tsx';

export interface Column<T> {
  key: string;
  header: string;
  render(row: T): ReactNode;
  align?: 'start' | 'end';
}

export interface PageResult<T> {
  items: T[];
  nextCursor: string | null;
}

export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  fetchPage(cursor: string | undefined, signal: AbortSignal): Promise<PageResult<T>>;
  rowKey(row: T): string;
  /** Changing this starts again from the first page (e.g. a new search). */
  resetKey?: string;
  emptyTitle: string;
  emptyAction?: ReactNode;
  onRowClick?: (row: T) => void;
}) {
  const { t } = useI18n();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [resetKey, setResetKey] = useState(props.resetKey);
  if (resetKey !== props.resetKey) {
    setResetKey(props.resetKey);
    setCursors([undefined]);
  }
  const cursor = cursors[cursors.length - 1];
  const page = useResource((signal) => props.fetchPage(cursor, signal), [cursor, props.resetKey]);

  if (page.error) return <ErrorState error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Loading />;
  const { items, nextCursor } = page.data;
  if (items.length === 0 && cursors.length === 1) {
    return <EmptyState title={props.emptyTitle}>{props.emptyAction}</EmptyState>;
  }
  return (
    <div aria-busy={page.loading}>
      <div className="table-wrap">
        <table className="data stack">
          <caption className="sr-only">{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.key} scope="col" className={c.align === 'end' ? 'end' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr
                key={props.rowKey(row)}
                onClick={
                  props.onRowClick
                    ? (e) => {
                        // A link or button in the row does its own thing; the row opening too would push a
                        // second history entry (Back would need two presses).
                        if ((e.target as Element).closest('a, button, input, select, label')) return;
                        props.onRowClick!(row);
                      }
                    : undefined
                }
                style={props.onRowClick ? { cursor: 'pointer' } : undefined}
              >
                {props.columns.map((c) => (
                  <td key={c.key} data-label={c.header} className={c.align === 'end' ? 'end num' : undefined}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={t('table.pages')}>
        <button
          type="button"
          className="btn"
          disabled={cursors.length === 1 || page.loading}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          <Icon name="chevron-start" /> {t('table.previous')}
        </button>
        <span className="muted">{t('table.page', { page: cursors.length })}</span>
        <button
          type="button"
          className="btn"
          disabled={!nextCursor || page.loading}
          onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}
        >
          {t('table.next')} <Icon name="chevron-end" />
        </button>
      </nav>
    </div>
  );
}
