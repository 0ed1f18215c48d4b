// A template's problems as the server found them: language, field, line and column, and what is wrong.
import { useI18n } from '../../../shared/i18n/index.tsx';
import type { TemplateProblem } from '../../../../../src/contracts/templates.ts';

export function ProblemList(props: { problems: TemplateProblem[]; title: string }) {
  const { t, number } = useI18n();
  return (
    <div className="notice notice-error template-problems" role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.problems.map((p, i) => (
          <li key={i} data-rule={p.rule}>
            <span className="template-problem-where">
              {t(`templates.language.${p.locale}`)} · {t(`templates.field.${p.field}`)}
              {p.line !== undefined && <> · {t('templates.problemLine', { line: number(p.line) })}</>}
            </span>{' '}
            <span dir="auto">{p.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
