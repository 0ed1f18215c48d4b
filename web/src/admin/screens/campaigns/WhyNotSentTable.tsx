// Where the messages that did not go out went, and why, in words: one row per outcome and reason with its count
// (the sending screen and the results page show the same accounting).
import { useI18n } from '../../../shared/i18n/index.tsx';
import { outcomeLabel, reasonLabel } from '../../../shared/why-not-sent.ts';

export interface WhyNotSentRow {
  outcome: string;
  reason: string | null;
  count: number;
}

export function WhyNotSentTable(props: { caption: string; rows: readonly WhyNotSentRow[]; testId: string }) {
  const { t, number } = useI18n();
  return (
    <table className="data" data-testid={props.testId}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('results.outcome')}</th>
          <th scope="col">{t('policy.previewReason')}</th>
          <th scope="col">{t('results.count')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={`${r.outcome}-${r.reason ?? ''}`}>
            <td>{outcomeLabel(t, r.outcome)}</td>
            <td>{reasonLabel(t, r.reason)}</td>
            <td className="num">{number(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
