// Small SVG charts we own. Time runs along the reading direction: left→right in English, right→left in
// Hebrew and Persian (x positions are mirrored; text is never mirrored). Each chart carries a visually hidden
// table with the same numbers for screen readers.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { valueAxis } from './chart-scale.ts';

export interface Series {
  name: string;
  values: number[];
}

export interface ChartProps {
  title: string;
  labels: string[];
  series: Series[];
  /** How values read in the hidden table (e.g. as money); locale digits by default. */
  format?: (value: number) => string;
}

const COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'];
const W = 560;
const H = 220;
const PAD = { top: 12, bottom: 28, side: 48 };

function ChartFrame(props: ChartProps & { children: ReactNode }) {
  const { number } = useI18n();
  const format = props.format ?? ((v: number) => number(v));
  return (
    <figure className="card chart" style={{ margin: 0 }}>
      <figcaption>
        <h3>{props.title}</h3>
      </figcaption>
      {props.children}
      {props.series.length > 1 && (
        <ul className="btn-row" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-hidden="true">
          {props.series.map((s, i) => (
            <li key={s.name} className="muted">
              <span style={{ color: COLORS[i % COLORS.length] }}>■</span> {s.name}
            </li>
          ))}
        </ul>
      )}
      <table className="sr-only">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {props.series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.labels.map((label, row) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {props.series.map((s) => (
                <td key={s.name}>{format(s.values[row] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function useAxis(labels: string[], series: Series[]) {
  const { dir, number } = useI18n();
  const values = series.flatMap((s) => s.values);
  const { max, ticks } = valueAxis(values);
  const plotW = W - PAD.side * 2;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, labels.length);
  /** Centre of the i-th slot, from the inline start. */
  const x = (i: number) => {
    const fromStart = PAD.side + slot * i + slot / 2;
    return dir === 'rtl' ? W - fromStart : fromStart;
  };
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const valueAxisX = dir === 'rtl' ? W - PAD.side + 6 : PAD.side - 6;
  const every = Math.ceil(labels.length / 8);
  const grid = (
    <g aria-hidden="true">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PAD.side} x2={W - PAD.side} y1={y(tick)} y2={y(tick)} stroke="var(--c-border)" />
          <text
            x={valueAxisX}
            y={y(tick) + 4}
            fontSize="11"
            fill="var(--c-muted)"
            textAnchor={dir === 'rtl' ? 'start' : 'end'}
          >
            {number(tick, { notation: 'compact' })}
          </text>
        </g>
      ))}
      {labels.map((label, i) =>
        i % every === 0 ? (
          <text key={label} x={x(i)} y={H - 8} fontSize="11" fill="var(--c-muted)" textAnchor="middle">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
  return { x, y, slot, grid, plotBottom: PAD.top + plotH };
}

export function LineChart(props: ChartProps) {
  const { x, y, grid } = useAxis(props.labels, props.series);
  return (
    <ChartFrame {...props}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={props.title}>
        {grid}
        {props.series.map((s, si) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={COLORS[si % COLORS.length]}
            strokeWidth="2.5"
            strokeLinejoin="round"
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
        ))}
        {props.labels.length <= 40 &&
          props.series.map((s, si) =>
            s.values.map((v, i) => (
              <circle
                key={`${s.name}-${props.labels[i]}`}
                data-label={props.labels[i]}
                cx={x(i)}
                cy={y(v)}
                r="3"
                fill={COLORS[si % COLORS.length]}
              />
            )),
          )}
      </svg>
    </ChartFrame>
  );
}

export function BarChart(props: ChartProps) {
  const { x, y, slot, grid, plotBottom } = useAxis(props.labels, props.series);
  const barW = Math.max(2, (slot * 0.8) / Math.max(1, props.series.length));
  const { dir } = useI18n();
  return (
    <ChartFrame {...props}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={props.title}>
        {grid}
        {props.labels.map((label, i) =>
          props.series.map((s, si) => {
            const offset = (si - props.series.length / 2) * barW;
            const left = dir === 'rtl' ? x(i) - offset - barW : x(i) + offset;
            const v = s.values[i] ?? 0;
            return (
              <rect
                key={`${label}-${s.name}`}
                data-label={label}
                x={left}
                y={y(v)}
                width={barW - 1}
                height={Math.max(0, plotBottom - y(v))}
                fill={COLORS[si % COLORS.length]}
                rx="2"
              />
            );
          }),
        )}
      </svg>
    </ChartFrame>
  );
}

export function DonutChart(props: {
  title: string;
  slices: { name: string; value: number }[];
  format?: (value: number) => string;
}) {
  const { number } = useI18n();
  const total = props.slices.reduce((sum, s) => sum + s.value, 0);
  let angle = 0;
  const r = 60;
  const circumference = 2 * Math.PI * r;
  return (
    <ChartFrame
      title={props.title}
      labels={props.slices.map((s) => s.name)}
      series={[{ name: props.title, values: props.slices.map((s) => s.value) }]}
      {...(props.format ? { format: props.format } : {})}
    >
      <div className="btn-row" style={{ gap: 'var(--space-6)' }}>
        <svg viewBox="0 0 160 160" width="160" height="160" role="img" aria-label={props.title}>
          <circle cx="80" cy="80" r={r} fill="none" stroke="var(--c-border)" strokeWidth="24" />
          {total > 0 &&
            props.slices.map((s, i) => {
              const length = (s.value / total) * circumference;
              const dash = `${length} ${circumference - length}`;
              const offset = -angle;
              angle += length;
              return (
                <circle
                  key={s.name}
                  cx="80"
                  cy="80"
                  r={r}
                  fill="none"
                  stroke={COLORS[i % COLORS.length]}
                  strokeWidth="24"
                  strokeDasharray={dash}
                  strokeDashoffset={offset}
                  transform="rotate(-90 80 80)"
                />
              );
            })}
          <text x="80" y="86" textAnchor="middle" fontSize="18" fontWeight="700">
            {number(total)}
          </text>
        </svg>
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {props.slices.map((s, i) => (
            <li key={s.name}>
              <span style={{ color: COLORS[i % COLORS.length] }} aria-hidden="true">
                ■
              </span>{' '}
              {s.name}: <span className="num">{number(s.value)}</span>
            </li>
          ))}
        </ul>
      </div>
    </ChartFrame>
  );
}
