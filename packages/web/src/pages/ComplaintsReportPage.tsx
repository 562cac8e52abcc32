// Complaints, claims and refusals (GET /cases/reports/complaints): for a period, the cases of the complaint
// categories (those marked in Settings → Service desk, or the ones picked here) counted per day/week/month and
// per category, product, company and manager, with how many were resolved, how long that took and the share
// reopened. Charts per period and per category (ECharts, its own chunk); a category row or bar opens the case
// list with the same category and dates. Only the cases the viewer may read are counted (the server decides).
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { complaintsPeriods } from '@svyaz/shared';
import { api } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/States';
import { currentLocale } from '../i18n';
import { categoryLabel, categoryName, categoryNames, useCaseCategories } from '../lib/case-categories';
import { formatDate, formatNumber } from '../lib/format';
import '../components/sla/sla.css';
import '../components/cases/cases.css';

const Chart = lazy(() => import('../components/Chart'));

export interface ComplaintsRow {
  key: string | null;
  name: string | null;
  count: number;
  resolved: number;
  reopened: number;
  reopenedShare: number;
  avgResolutionHours: number | null;
}
export interface ComplaintsReport {
  from: string;
  to: string;
  period: (typeof complaintsPeriods)[number];
  categories: string[];
  totals: ComplaintsRow & { medianResolutionHours: number | null };
  byPeriod: ComplaintsRow[];
  byCategory: ComplaintsRow[];
  byProduct: ComplaintsRow[];
  byCompany: ComplaintsRow[];
  byManager: ComplaintsRow[];
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The case list with a category and the report's days (Moscow, as the report counts them). */
export function casesLink(category: string | null, from: string, to: string): string {
  const params = new URLSearchParams();
  if (category) params.append('filter[category][eq]', category);
  params.append('filter[createdAt][gte]', `${from}T00:00:00+03:00`);
  params.append('filter[createdAt][lt]', `${nextDay(to)}T00:00:00+03:00`);
  return `/cases?${params.toString()}`;
}

export default function ComplaintsReportPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [period, setPeriod] = useState<(typeof complaintsPeriods)[number]>('month');
  // null = the server's default: every category marked as a complaint.
  const [picked, setPicked] = useState<string[] | null>(null);
  const categories = useCaseCategories();
  const names = useMemo(() => categoryNames(categories.data, locale), [categories.data, locale]);
  const query = { from: from || undefined, to: to || undefined, period, categories: picked && picked.length ? picked.join(',') : undefined };
  const report = useQuery({ queryKey: ['complaints-report', query], queryFn: () => api<ComplaintsReport>('/cases/reports/complaints', { query }) });
  const counted = picked ?? report.data?.categories ?? (categories.data ?? []).filter((category) => category.isComplaint).map((category) => category.key);
  const toggle = (key: string, on: boolean) => setPicked(on ? [...new Set([...counted, key])] : counted.filter((item) => item !== key));
  const hours = (value: number | null) => (value === null ? '—' : t('complaints.hours', { value: formatNumber(value, locale, 1) }));
  return (
    <section className="page sla-report complaints-report" aria-labelledby="complaints-title">
      <header className="page-header">
        <h1 id="complaints-title">{t('complaints.title')}</h1>
        <Link to="/service-desk" className="button">
          {t('sla.report.backToDesk')}
        </Link>
      </header>
      <p className="hint">{t('complaints.intro')}</p>
      <div className="sla-report-filters">
        <div className="form-field">
          <label htmlFor="complaints-from">{t('sla.report.from')}</label>
          <input id="complaints-from" type="date" value={from || report.data?.from || ''} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="form-field">
          <label htmlFor="complaints-to">{t('sla.report.to')}</label>
          <input id="complaints-to" type="date" value={to || report.data?.to || ''} onChange={(event) => setTo(event.target.value)} />
        </div>
        <div className="form-field">
          <label htmlFor="complaints-period">{t('complaints.period')}</label>
          <select id="complaints-period" value={period} onChange={(event) => setPeriod(event.target.value as typeof period)}>
            {complaintsPeriods.map((item) => (
              <option key={item} value={item}>
                {t(`complaints.periods.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="form-field">
          <legend>{t('complaints.categories')}</legend>
          {(categories.data ?? []).map((category) => (
            <label key={category.key} className="checkbox complaint-category">
              <input type="checkbox" checked={counted.includes(category.key)} onChange={(event) => toggle(category.key, event.target.checked)} />
              {categoryName(category, locale)}
            </label>
          ))}
        </fieldset>
      </div>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <div className="sla-report-kpis" aria-label={t('complaints.totals')}>
            <Kpi label={t('complaints.count')} value={formatNumber(report.data.totals.count, locale)} />
            <Kpi label={t('complaints.resolved')} value={formatNumber(report.data.totals.resolved, locale)} />
            <Kpi label={t('complaints.reopenedShare')} value={`${formatNumber(report.data.totals.reopenedShare * 100, locale, 1)} %`} />
            <Kpi label={t('complaints.avgResolution')} value={`${hours(report.data.totals.avgResolutionHours)} / ${hours(report.data.totals.medianResolutionHours)}`} />
          </div>
          <PeriodChart report={report.data} />
          <Breakdown
            title={t('complaints.byCategory')}
            rows={report.data.byCategory}
            label={(row) => (row.key ? categoryLabel(row.key, names) : t('complaints.none'))}
            hours={hours}
            onPick={(row) => navigate(casesLink(row.key, report.data.from, report.data.to))}
            chart
          />
          <Breakdown title={t('complaints.byProduct')} rows={report.data.byProduct} label={(row) => (row.key ? (row.name ?? t('complaints.hidden')) : t('complaints.none'))} hours={hours} />
          <Breakdown title={t('complaints.byCompany')} rows={report.data.byCompany} label={(row) => (row.key ? (row.name ?? t('complaints.hidden')) : t('complaints.none'))} hours={hours} />
          <Breakdown title={t('complaints.byManager')} rows={report.data.byManager} label={(row) => (row.key ? (row.name ?? '—') : t('sla.report.nobody'))} hours={hours} />
        </>
      )}
    </section>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="sla-kpi">
      <span>{label}</span>
      <strong>{value}</strong>
    </div>
  );
}

/** Complaints per day, week or month: received, resolved, reopened. */
function PeriodChart({ report }: { report: ComplaintsReport }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const labels = useMemo(
    () => report.byPeriod.map((row) => (report.period === 'month' ? new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${row.key}T00:00:00Z`)) : formatDate(String(row.key), locale))),
    [report, locale],
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 50 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('complaints.count'), type: 'bar', data: report.byPeriod.map((row) => row.count), itemStyle: { color: '#d64545' } },
        { name: t('complaints.resolved'), type: 'bar', data: report.byPeriod.map((row) => row.resolved), itemStyle: { color: '#3a9d5d' } },
        { name: t('complaints.reopened'), type: 'bar', data: report.byPeriod.map((row) => row.reopened), itemStyle: { color: '#f0a04b' } },
      ],
    }),
    [labels, report, t],
  );
  const title = t('complaints.byPeriod');
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {report.byPeriod.length === 0 ? (
        <Empty title={t('complaints.empty')} />
      ) : (
        <Suspense fallback={<Loading />}>
          <Chart option={option} label={title} height={260} />
        </Suspense>
      )}
    </section>
  );
}

function Breakdown({ title, rows, label, hours, onPick, chart }: { title: string; rows: ComplaintsRow[]; label: (row: ComplaintsRow) => string; hours: (value: number | null) => string; onPick?: (row: ComplaintsRow) => void; chart?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const labels = useMemo(() => rows.map(label), [rows, label]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 60 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('complaints.count'), type: 'bar', data: rows.map((row) => row.count), itemStyle: { color: '#d64545' } }],
    }),
    [rows, labels, t],
  );
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <Empty title={t('complaints.empty')} />
      ) : (
        <>
          {chart && (
            <Suspense fallback={<Loading />}>
              <Chart option={option} label={title} height={240} onClick={onPick ? (item) => onPick(rows[item.dataIndex]) : undefined} />
            </Suspense>
          )}
          <div className="sla-table-wrap">
            <table className="sla-table" aria-label={title}>
              <thead>
                <tr>
                  <th>{t('sla.report.name')}</th>
                  <th className="num">{t('complaints.count')}</th>
                  <th className="num">{t('complaints.resolved')}</th>
                  <th className="num">{t('complaints.reopened')}</th>
                  <th className="num">{t('complaints.avgResolution')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={row.key ?? 'none'}>
                    <td>
                      {onPick ? (
                        <button type="button" className="button button-link" onClick={() => onPick(row)}>
                          {labels[index]}
                        </button>
                      ) : (
                        labels[index]
                      )}
                    </td>
                    <td className="num">{formatNumber(row.count, locale)}</td>
                    <td className="num">{formatNumber(row.resolved, locale)}</td>
                    <td className="num">
                      {formatNumber(row.reopened, locale)} ({formatNumber(row.reopenedShare * 100, locale, 1)} %)
                    </td>
                    <td className="num">{hours(row.avgResolutionHours)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
