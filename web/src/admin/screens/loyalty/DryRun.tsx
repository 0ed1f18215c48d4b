import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, query } from '../../../shared/api.ts';
import { TextField, formValues } from '../../../shared/components/forms.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { toMinorUnits } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { localName } from '../../../shared/labels.ts';
import { tierName, useTiers } from '../../tiers.ts';
import { dryRunNote } from './dry-run-notes.ts';
import type { DryRunResult } from '../../../../../src/contracts/loyalty.ts';

interface DryRunInput {
  member: string;
  total: string;
  sku?: string | undefined;
  category?: string | undefined;
  /** datetime-local value, in the browser's time zone */
  at?: string | undefined;
  channel?: string | undefined;
  storeId?: string | undefined;
}

/** "What would this purchase earn?" — runs the current rules without writing anything. Re-runs after a
 *  rule changes (`version`), so the effect of an edit shows at once. */
export function DryRun(props: { version: number }) {
  const { t, number, money, locale } = useI18n();
  const tiers = useTiers();
  const program = useProgram();
  const details = useResource(
    (signal) => api.get<{ currency: string }>(program.api(''), { signal }),
    [program.programId],
  );
  const [input, setInput] = useState<DryRunInput>();
  const [result, setResult] = useState<DryRunResult>();
  const [error, setError] = useState<unknown>();
  const currency = details.data?.currency ?? 'ILS';
  const run = useRef<(i: DryRunInput) => Promise<void>>(async () => undefined);

  run.current = async (i: DryRunInput) => {
    setError(undefined);
    try {
      const total = toMinorUnits(i.total, currency);
      if (total === undefined) throw new Error(t('dryRun.badTotal'));
      const found = await api.get<{ items: { id: string }[] }>(
        program.api(`/members${query({ q: i.member, limit: 1 })}`),
      );
      const member = found.items[0];
      if (!member) throw new Error(t('dryRun.noMember'));
      const item = i.sku
        ? [{ sku: i.sku, ...(i.category ? { category: i.category } : {}), quantity: 1, price: total }]
        : undefined;
      setResult(
        await api.post<DryRunResult>(program.api('/earning-rules/dry-run'), {
          memberId: member.id,
          total,
          currency,
          ...(item ? { items: item } : {}),
          ...(i.at ? { occurredAt: new Date(i.at).toISOString() } : {}),
          ...(i.channel ? { channel: i.channel } : {}),
          ...(i.storeId ? { storeId: i.storeId } : {}),
        }),
      );
    } catch (err) {
      setResult(undefined);
      setError(err);
    }
  };

  useEffect(() => {
    if (input) void run.current(input);
  }, [input, props.version]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    setInput({
      member: v.member ?? '',
      total: v.total ?? '',
      sku: v.sku,
      category: v.category,
      at: v.at,
      channel: v.channel,
      storeId: v.storeId,
    });
  }

  return (
    <section className="card" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">{t('dryRun.title')}</h2>
      <p className="muted">{t('dryRun.intro')}</p>
      <form onSubmit={submit}>
        <TextField label={t('dryRun.member')} name="member" required hint={t('dryRun.memberHint')} />
        <div className="form-grid">
          <TextField
            label={t('dryRun.total', { currency })}
            name="total"
            inputMode="decimal"
            required
            dir="ltr"
          />
          <TextField label={t('dryRun.sku')} name="sku" dir="ltr" />
          <TextField label={t('dryRun.category')} name="category" dir="auto" />
          <TextField label={t('dryRun.when')} name="at" type="datetime-local" hint={t('dryRun.whenHint')} />
          <TextField label={t('dryRun.channel')} name="channel" dir="ltr" />
          <TextField label={t('dryRun.store')} name="storeId" dir="auto" />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('dryRun.run')}
        </button>
      </form>
      {error !== undefined && (
        <Notice kind="error">
          {error instanceof Error && !('code' in error) ? error.message : errorMessage(error, t)}
        </Notice>
      )}
      {result && (
        <div aria-live="polite" style={{ marginBlockStart: 'var(--space-4)' }}>
          <p>
            {t('dryRun.wouldEarn')}{' '}
            <strong className="num" data-testid="dry-run-points" style={{ fontSize: '1.4rem' }}>
              {number(result.points)}
            </strong>{' '}
            {result.tier && (
              <span className="muted">
                ({t('dryRun.atTier', { tier: tierName(tiers, result.tier, locale) })})
              </span>
            )}
          </p>
          <table className="data">
            <caption className="sr-only">{t('dryRun.explanation')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rule.name')}</th>
                <th scope="col">{t('dryRun.fired')}</th>
                <th scope="col" className="end">
                  {t('rule.points')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rules.map((r) => (
                <tr key={r.ruleId}>
                  <td>
                    {localName(r, locale)}
                    {r.note && <div className="muted">{dryRunNote(t, r.note)}</div>}
                  </td>
                  <td>{r.fired ? t('common.yes') : t('common.no')}</td>
                  <td className="end num">{number(r.points)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {t('dryRun.totalWas', {
              total: money(toMinorUnits(input?.total ?? '0', currency) ?? 0, currency),
            })}
          </p>
        </div>
      )}
    </section>
  );
}
