// The SLA compliance report (GET /sla/report): for a period, per team and per person, how many cases with an SLA
// met or breached their first-response and resolution deadlines, how long they took in business time, and how
// many breach now; charts per team and person, and the breach list (GET /sla/breaches) filtered by a click on a
// team or a person. Only the cases the viewer may read are counted (the server decides).
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SlaBreach, SlaReport, SlaReportRow } from '@svyaz/shared';
import { api } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatSpan } from '../components/sla/SlaBadge';
import { currentLocale } from '../i18n';
import { formatDateTime, formatNumber } from '../lib/format';
import { useUserNames } from '../lib/lookups';
import '../components/sla/sla.css';

const Chart = lazy(() => import('../components/Chart'));

type Filter = { teamId?: string; ownerId?: string; label: string } | null;

function percentText(value: number | null, locale: 'ru' | 'en'): string {
  return value === null ? '—' : `${formatNumber(value, locale, 1)} %`;
}

export default function SlaReportPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filter, setFilter] = useState<Filter>(null);
  const period = { from: from || undefined, to: to || undefined };
  const report = useQuery({ queryKey: ['sla-report', period], queryFn: () => api<SlaReport>('/sla/report', { query: period }) });
  const minutes = (value: number | null) => (value === null ? '—' : formatSpan(value * 60_000, t));
  return (
    <section className="page sla-report" aria-labelledby="sla-report-title">
      <header className="page-header">
        <h1 id="sla-report-title">{t('sla.report.title')}</h1>
        <Link to="/service-desk" className="button">
          {t('sla.report.backToDesk')}
        </Link>
      </header>
      <div className="sla-report-filters">
        <div className="form-field">
          <label htmlFor="sla-from">{t('sla.report.from')}</label>
          <input id="sla-from" type="date" value={from || report.data?.from || ''} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="form-field">
          <label htmlFor="sla-to">{t('sla.report.to')}</label>
          <input id="sla-to" type="date" value={to || report.data?.to || ''} onChange={(event) => setTo(event.target.value)} />
        </div>
      </div>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <div className="sla-report-kpis">
            <Kpi label={t('sla.report.cases')} value={formatNumber(report.data.total.cases, locale)} />
            <Kpi label={t('sla.report.firstResponseMet')} value={percentText(report.data.total.firstResponse.metPercent, locale)} />
            <Kpi label={t('sla.report.resolutionMet')} value={percentText(report.data.total.resolution.metPercent, locale)} />
            <Kpi label={t('sla.report.firstResponseTime')} value={`${minutes(report.data.total.firstResponse.averageMinutes)} / ${minutes(report.data.total.firstResponse.medianMinutes)}`} />
            <Kpi label={t('sla.report.resolutionTime')} value={`${minutes(report.data.total.resolution.averageMinutes)} / ${minutes(report.data.total.resolution.medianMinutes)}`} />
            <Kpi label={t('sla.report.breachingNow')} value={formatNumber(report.data.total.breachingNow, locale)} />
          </div>
          <Breakdown title={t('sla.report.byTeam')} rows={report.data.teams} noName={t('sla.report.noTeam')} onPick={(row, label) => setFilter({ teamId: row.id ?? undefined, label })} minutes={minutes} />
          <Breakdown title={t('sla.report.byPerson')} rows={report.data.people} noName={t('sla.report.nobody')} onPick={(row, label) => setFilter({ ownerId: row.id ?? undefined, label })} minutes={minutes} />
          <Breaches period={period} filter={filter} onClear={() => setFilter(null)} />
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

function Breakdown({ title, rows, noName, onPick, minutes }: { title: string; rows: SlaReportRow[]; noName: string; onPick: (row: SlaReportRow, label: string) => void; minutes: (value: number | null) => string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const names = useMemo(() => rows.map((row) => row.name ?? noName), [rows, noName]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('sla.report.series.firstMet'), type: 'bar', stack: 'first', data: rows.map((row) => row.firstResponse.met), itemStyle: { color: '#3a9d5d' } },
        { name: t('sla.report.series.firstBreached'), type: 'bar', stack: 'first', data: rows.map((row) => row.firstResponse.breached), itemStyle: { color: '#d64545' } },
        { name: t('sla.report.series.resolutionMet'), type: 'bar', stack: 'resolution', data: rows.map((row) => row.resolution.met), itemStyle: { color: '#7cc49a' } },
        { name: t('sla.report.series.resolutionBreached'), type: 'bar', stack: 'resolution', data: rows.map((row) => row.resolution.breached), itemStyle: { color: '#f08c8c' } },
      ],
    }),
    [rows, names, t],
  );
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <Empty title={t('sla.report.empty')} />
      ) : (
        <>
          <Suspense fallback={<Loading />}>
            <Chart option={option} label={title} height={280} onClick={(item) => onPick(rows[item.dataIndex], names[item.dataIndex])} />
          </Suspense>
          <div className="sla-table-wrap">
            <table className="sla-table">
              <thead>
                <tr>
                  <th>{t('sla.report.name')}</th>
                  <th className="num">{t('sla.report.cases')}</th>
                  <th className="num">{t('sla.report.firstResponseMet')}</th>
                  <th className="num">{t('sla.report.firstResponseBreached')}</th>
                  <th className="num">{t('sla.report.firstResponseTime')}</th>
                  <th className="num">{t('sla.report.resolutionMet')}</th>
                  <th className="num">{t('sla.report.resolutionBreached')}</th>
                  <th className="num">{t('sla.report.resolutionTime')}</th>
                  <th className="num">{t('sla.report.breachingNow')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={row.id ?? 'none'}>
                    <td>
                      <button type="button" className="button button-link" onClick={() => onPick(row, names[index])}>
                        {names[index]}
                      </button>
                    </td>
                    <td className="num">{formatNumber(row.cases, locale)}</td>
                    <td className="num">{percentText(row.firstResponse.metPercent, locale)}</td>
                    <td className="num">{percentText(row.firstResponse.breachedPercent, locale)} ({row.firstResponse.breached})</td>
                    <td className="num">{minutes(row.firstResponse.averageMinutes)} / {minutes(row.firstResponse.medianMinutes)}</td>
                    <td className="num">{percentText(row.resolution.metPercent, locale)}</td>
                    <td className="num">{percentText(row.resolution.breachedPercent, locale)} ({row.resolution.breached})</td>
                    <td className="num">{minutes(row.resolution.averageMinutes)} / {minutes(row.resolution.medianMinutes)}</td>
                    <td className="num">{formatNumber(row.breachingNow, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">{t('sla.report.timeHint')}</p>
        </>
      )}
    </section>
  );
}

function Breaches({ period, filter, onClear }: { period: { from?: string; to?: string }; filter: Filter; onClear: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const userNames = useUserNames();
  const query = { ...period, teamId: filter?.teamId, ownerId: filter?.ownerId, limit: 50 };
  const breaches = useInfiniteQuery({
    queryKey: ['sla-breaches', query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<{ data: SlaBreach[]; nextCursor: string | null }>('/sla/breaches', { query: { ...query, cursor: pageParam ?? undefined } }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = breaches.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section className="card" aria-labelledby="sla-breaches-title">
      <h2 id="sla-breaches-title">
        {t('sla.report.breaches')}
        {filter ? ` · ${filter.label}` : ''}
      </h2>
      {filter && (
        <button type="button" className="button" onClick={onClear}>
          {t('sla.report.allBreaches')}
        </button>
      )}
      {breaches.isPending ? (
        <Loading />
      ) : breaches.isError ? (
        <ErrorState error={breaches.error} onRetry={() => void breaches.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={t('sla.report.noBreaches')} />
      ) : (
        <div className="sla-table-wrap">
          <table className="sla-table" aria-label={t('sla.report.breaches')}>
            <thead>
              <tr>
                <th>{t('sla.report.case')}</th>
                <th>{t('sla.report.target')}</th>
                <th>{t('sla.report.dueAt')}</th>
                <th>{t('sla.report.breachedAt')}</th>
                <th>{t('sla.report.owner')}</th>
                <th>{t('sla.report.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/cases/${item.caseId}`}>
                      {item.number} {item.subject}
                    </Link>
                  </td>
                  <td>{t(`sla.targets.${item.target}`)}</td>
                  <td>{formatDateTime(item.dueAt, locale)}</td>
                  <td>{formatDateTime(item.breachedAt, locale)}</td>
                  <td>{item.ownerId ? (userNames.get(item.ownerId) ?? '—') : t('sla.report.nobody')}</td>
                  <td>{t(`enums.caseStatus.${item.status}`, { defaultValue: item.status })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {breaches.hasNextPage && (
        <button type="button" className="button" onClick={() => void breaches.fetchNextPage()} disabled={breaches.isFetchingNextPage}>
          {t('caseDesk.more')}
        </button>
      )}
    </section>
  );
}
