// Pieces every sales-analysis tab uses: the query against /analyses/..., a card with a chart and the same
// figures as a table (for the keyboard and screen readers), and number formatting.
import { lazy, Suspense, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Loading } from '../States';
import type { ChartClick, ChartOption } from '../Chart';
import { formatCompact, formatMoney, formatNumber, type Locale } from '../../lib/format';

const Chart = lazy(() => import('../Chart'));

export interface AnalysisFilters {
  from: string;
  to: string;
  teamId: string;
  pipelineId: string;
  tz: string;
}

/** GET /analyses/<path> with the filters that apply to it (empty ones left out, so the server's defaults hold). */
export function useAnalysis<T>(path: string, query: Record<string, string | undefined>) {
  const clean = Object.fromEntries(Object.entries(query).filter(([, value]) => value));
  return useQuery({ queryKey: ['analyses', path, clean], queryFn: () => api<T>(`/analyses/${path}`, { query: clean }), placeholderData: (previous) => previous });
}

export const percent = (value: number | null | undefined, locale: Locale) =>
  value === null || value === undefined ? '—' : new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { style: 'percent', maximumFractionDigits: 1 }).format(value);

/** A duration in seconds as days with one decimal. */
export const seconds = (value: number | null | undefined, locale: Locale, format: (days: string) => string) =>
  value === null || value === undefined ? '—' : format(formatNumber(value / 86400, locale, 1));

export function money(value: string | number | null | undefined, locale: Locale) {
  return formatMoney(value ?? 0, locale);
}

/** Bars along a category axis (optionally several series: the legend then comes with the report-chart chunk). */
export function barOption(labels: string[], series: { name: string; values: number[]; colour: string }[], locale: Locale, options: { horizontal?: boolean; money?: boolean } = {}): ChartOption {
  const value = { type: 'value', minInterval: 1, axisLabel: { formatter: (item: number) => formatCompact(item, locale) } };
  const category = options.horizontal
    ? { type: 'category', inverse: true, data: labels }
    : { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 35 : 0 } };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (item: number) => (options.money ? formatMoney(item, locale) : formatNumber(item, locale)) },
    legend: series.length > 1 ? { bottom: 0 } : undefined,
    grid: { containLabel: true, left: 8, right: 24, top: 12, bottom: series.length > 1 ? 36 : 8 },
    xAxis: options.horizontal ? value : category,
    yAxis: options.horizontal ? category : value,
    series: series.map((item) => ({ type: 'bar', name: item.name, data: item.values, itemStyle: { color: item.colour } })),
  };
}

export function AnalysisCard({ id, title, hint, option, height = 300, empty, onClick, children }: { id: string; title: string; hint?: string; option?: ChartOption; height?: number; empty?: boolean; onClick?: (item: ChartClick) => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="card chart-card analysis-card" aria-labelledby={`analysis-${id}`} data-analysis={id}>
      <h2 id={`analysis-${id}`}>{title}</h2>
      {hint && <p className="muted small">{hint}</p>}
      {empty ? (
        <p className="muted chart-empty">{t('salesAnalyses.nothing')}</p>
      ) : (
        option && (
          <Suspense fallback={<Loading />}>
            <Chart option={option} label={title} height={height} onClick={onClick} />
          </Suspense>
        )
      )}
      {!empty && children}
    </section>
  );
}

/** A plain table: the first cell of each row is its header. */
export function DataTable({ label, headers, rows }: { label: string; headers: string[]; rows: { key: string; cells: ReactNode[] }[] }) {
  return (
    <div className="table-scroll">
      <table className="simple-table analysis-table" aria-label={label}>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.cells[0]}</th>
              {row.cells.slice(1).map((cell, index) => (
                <td key={index}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="kpi">
      <span className="kpi-label">{label}</span>
      <strong>{value}</strong>
      {hint && <span className="muted small">{hint}</span>}
    </div>
  );
}

/** The browser's UTC offset as +03:00 (months and days of the analyses are the viewer's local ones). */
export function localOffset(date = new Date()): string {
  const minutes = -date.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
