// The team dashboard. Every figure comes aggregated from GET /reports/dashboard (computed in SQL over
// the records the user may read); the page only draws it. Every bar opens the list of the records
// behind it (the same filters the report used), by click or from the table under each chart.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorState, Loading } from '../components/States';
import { TeamOverdue } from '../components/TeamOverdue';
import { useMe } from '../app/session';
import { usePipelines, useTeamNames } from '../lib/lookups';
import { formatCompact, formatMoney, formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import type { ChartClick } from '../components/Chart';
import { timezoneOffset } from '../lib/timezone';
import { PlanGroups } from '../components/plans/PlanGroups';
import { useProgressStream } from '../components/plans/useProgressStream';
import './dashboard.css';

const Chart = lazy(() => import('../components/Chart'));

interface StageRow {
  stageId: string;
  name: string;
  kind?: string;
  count: number;
  sum: string;
}
interface Dashboard {
  period: { from: string; to: string; tz: string };
  pipelineId: string | null;
  teamIds: string[] | null;
  funnel: StageRow[];
  openByStage: StageRow[];
  wonByMonth: { month: string; count: number; sum: string }[];
  newCompaniesByMonth: { month: string; count: number }[];
  activitiesByManager: { ownerId: string | null; name: string | null; total: number; byKind: Record<string, number> }[];
  openDealsByManager: { ownerId: string | null; name: string | null; count: number; sum: string }[];
}

const activityKinds = ['call', 'meeting', 'email', 'note'] as const;
const kindColours: Record<string, string> = { call: '#1f4e8c', meeting: '#2f8f6f', email: '#c7831d', note: '#8a94a6' };

/** The browser's UTC offset as +03:00. */
export const browserOffset = timezoneOffset;

/** The UTC instant of local midnight of a day (YYYY-MM-DD) at an offset. */
export function dayStart(day: string, tz: string): string {
  return new Date(`${day}T00:00:00${tz}`).toISOString();
}

/** First day of the month after YYYY-MM. */
function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return number === 12 ? `${year + 1}-01-01` : `${year}-${String(number + 1).padStart(2, '0')}-01`;
}
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A list link: /object?filter[field][op]=value... */
export function listLink(object: string, filters: [string, string, string][]): string {
  const params = new URLSearchParams();
  for (const [field, op, value] of filters) params.append(`filter[${field}][${op}]`, value);
  return `/${object}?${params.toString()}`;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const { user, permissions } = useMe();
  // The plans' progress bars below move live as the team's deals are won.
  useProgressStream();
  // The team's overdue work: for whoever reads more than their own tasks (a head of sales, an admin).
  const showTeamOverdue = ['team', 'all'].includes(permissions.tasks?.read ?? 'none');
  const pipelines = usePipelines();
  const teamNames = useTeamNames();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // A head of sales starts with their team; anyone may pick another team or all of them.
  const [teamId, setTeamId] = useState<string>(user.roleKey === 'head_of_sales' && user.teamId ? user.teamId : '');
  const [pipelineId, setPipelineId] = useState('');
  const tz = browserOffset();
  const query = { from: from || undefined, to: to || undefined, teamId: teamId || undefined, pipelineId: pipelineId || undefined, tz };
  const report = useQuery({ queryKey: ['reports', 'dashboard', query], queryFn: () => api<Dashboard>('/reports/dashboard', { query }), placeholderData: (previous) => previous });
  const data = report.data;

  const links = useMemo(() => {
    if (!data) return null;
    const team: [string, string, string][] = data.teamIds ? [['teamId', 'in', data.teamIds.join(',')]] : [];
    const start = dayStart(data.period.from, data.period.tz);
    const end = dayStart(nextDay(data.period.to), data.period.tz);
    const owner = (id: string | null): [string, string, string] => (id ? ['ownerId', 'eq', id] : ['ownerId', 'isEmpty', 'true']);
    const month = (value: string, field: string): [string, string, string][] => [
      [field, 'gte', dayStart(`${value}-01` < data.period.from ? data.period.from : `${value}-01`, data.period.tz)],
      [field, 'lt', dayStart(nextMonth(value) > nextDay(data.period.to) ? nextDay(data.period.to) : nextMonth(value), data.period.tz)],
    ];
    return {
      funnel: (row: StageRow) => listLink('deals', [['pipelineId', 'eq', data.pipelineId ?? ''], ['stageId', 'eq', row.stageId], ['createdAt', 'gte', start], ['createdAt', 'lt', end], ...team]),
      openStage: (row: StageRow) => listLink('deals', [['stageId', 'eq', row.stageId], ...team]),
      won: (value: string) => listLink('deals', [['stageKind', 'eq', 'won'], ...month(value, 'closedAt'), ...team]),
      companies: (value: string) => listLink('companies', [...month(value, 'createdAt'), ...team]),
      activities: (id: string | null, kind?: string) => listLink('activities', [owner(id), ...(kind ? ([['kind', 'eq', kind]] as [string, string, string][]) : []), ['occurredAt', 'gte', start], ['occurredAt', 'lt', end], ...team]),
      openDeals: (id: string | null) => listLink('deals', [owner(id), ['stageKind', 'eq', 'open'], ...team]),
    };
  }, [data]);

  const monthLabel = (month: string) => new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
  const managerName = (row: { name: string | null }) => row.name ?? t('reports.noOwner');
  const charts = useMemo(() => {
    if (!data) return null;
    // On a phone even a few stage names collide under the bars: they are slanted there too.
    const narrow = typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 600px)').matches;
    const slanted = (labels: string[]) => labels.length > 8 || (narrow && labels.length > 3);
    const bars = (labels: string[], values: number[], colour: string, name: string, money = false) => ({
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => (money ? formatMoney(value, locale) : formatNumber(value, locale)) },
      grid: { left: 56, right: 16, top: 16, bottom: slanted(labels) ? 64 : 32 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: slanted(labels) ? 40 : 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => formatCompact(value, locale) } },
      series: [{ type: 'bar', name, data: values, itemStyle: { color: colour } }],
    });
    const horizontal = (labels: string[], series: Record<string, unknown>[], left = 140) => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: series.length > 1 ? { bottom: 0 } : undefined,
      grid: { left, right: 24, top: 8, bottom: series.length > 1 ? 36 : 24 },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => formatCompact(value, locale) } },
      yAxis: { type: 'category', inverse: true, data: labels },
      series,
    });
    const funnelRows = data.funnel;
    return {
      funnel: horizontal(funnelRows.map((row) => row.name), [{ type: 'bar', name: t('dashboard.deals'), data: funnelRows.map((row) => ({ value: row.count, itemStyle: { color: row.kind === 'won' ? '#2f8f6f' : row.kind === 'lost' ? '#b3261e' : '#1f4e8c' } })), label: { show: true, position: 'right' } }], 120),
      openByStage: bars(data.openByStage.map((row) => row.name), data.openByStage.map((row) => Math.round(Number(row.sum))), '#1f4e8c', t('dashboard.pipelineValue'), true),
      won: bars(data.wonByMonth.map((row) => monthLabel(row.month)), data.wonByMonth.map((row) => Math.round(Number(row.sum))), '#2f8f6f', t('dashboard.won'), true),
      companies: bars(data.newCompaniesByMonth.map((row) => monthLabel(row.month)), data.newCompaniesByMonth.map((row) => row.count), '#c7831d', t('reports.newCompanies')),
      activities: horizontal(
        data.activitiesByManager.map(managerName),
        activityKinds.map((kind) => ({ type: 'bar', stack: 'kinds', name: t(`enums.activityKind.${kind}`), data: data.activitiesByManager.map((row) => row.byKind[kind] ?? 0), itemStyle: { color: kindColours[kind] } })),
      ),
      openDeals: horizontal(data.openDealsByManager.map(managerName), [{ type: 'bar', name: t('dashboard.pipelineValue'), data: data.openDealsByManager.map((row) => Math.round(Number(row.sum))), itemStyle: { color: '#2f8f6f' } }]),
    };
  }, [data, t, locale]);

  if (report.isPending) return <Loading />;
  if (report.isError || !data || !charts || !links) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const openCount = data.openByStage.reduce((sum, row) => sum + row.count, 0);
  const openSum = data.openByStage.reduce((sum, row) => sum + Number(row.sum), 0);
  const wonSum = data.wonByMonth.reduce((sum, row) => sum + Number(row.sum), 0);
  const activitiesTotal = data.activitiesByManager.reduce((sum, row) => sum + row.total, 0);
  const companiesTotal = data.newCompaniesByMonth.reduce((sum, row) => sum + row.count, 0);
  const open = (href: string) => navigate(href);
  const activityColumns = activityKinds.map((kind) => t(`enums.activityKind.${kind}`));

  return (
    <section className="page dashboard" aria-labelledby="dashboard-title">
      <header className="page-header">
        <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      </header>
      {showTeamOverdue && data && <TeamOverdue teamIds={data.teamIds} />}
      <form className="inline-form dashboard-filters" aria-label={t('reports.filters')} onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="dashboard-from">{t('reports.from')}</label>
        <input id="dashboard-from" type="date" value={from || data.period.from} max={to || data.period.to} onChange={(event) => setFrom(event.target.value)} />
        <label htmlFor="dashboard-to">{t('reports.to')}</label>
        <input id="dashboard-to" type="date" value={to || data.period.to} min={from || data.period.from} onChange={(event) => setTo(event.target.value)} />
        <label htmlFor="dashboard-team">{t('reports.team')}</label>
        <select id="dashboard-team" value={teamId} onChange={(event) => setTeamId(event.target.value)}>
          <option value="">{t('reports.allTeams')}</option>
          {[...teamNames.entries()].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        {(pipelines.data?.length ?? 0) > 1 && (
          <>
            <label htmlFor="dashboard-pipeline">{t('reports.pipeline')}</label>
            <select id="dashboard-pipeline" value={pipelineId || data.pipelineId || ''} onChange={(event) => setPipelineId(event.target.value)}>
              {(pipelines.data ?? []).map((pipeline) => (
                <option key={pipeline.id} value={pipeline.id}>
                  {pipeline.name}
                </option>
              ))}
            </select>
          </>
        )}
        {report.isFetching && <span className="spinner" aria-hidden="true" />}
      </form>
      <div className="kpis">
        <Kpi label={t('dashboard.openDeals')} value={formatNumber(openCount, locale)} />
        <Kpi label={t('dashboard.pipelineValue')} value={formatMoney(openSum, locale)} />
        <Kpi label={t('reports.wonInPeriod')} value={formatMoney(wonSum, locale)} />
        <Kpi label={t('reports.activitiesInPeriod')} value={formatNumber(activitiesTotal, locale)} />
        <Kpi label={t('reports.newCompanies')} value={formatNumber(companiesTotal, locale)} />
      </div>
      <PlanGroups teamId={teamId || undefined} headingId="dashboard-plans" linkToPlans />
      <div className="dashboard-grid">
        <ChartCard id="funnel" title={t('reports.funnel')} hint={t('reports.funnelHint')} option={charts.funnel} height={260} onClick={(item) => open(links.funnel(data.funnel[item.dataIndex]))}
          headers={[t('reports.stage'), t('dashboard.deals'), t('reports.amount')]}
          rows={data.funnel.map((row) => ({ key: row.stageId, href: links.funnel(row), cells: [row.name, formatNumber(row.count, locale), formatMoney(row.sum, locale)] }))} />
        <ChartCard id="open-by-stage" title={t('reports.openByStage')} hint={t('reports.nowHint')} option={charts.openByStage} onClick={(item) => open(links.openStage(data.openByStage[item.dataIndex]))}
          headers={[t('reports.stage'), t('dashboard.deals'), t('reports.amount')]}
          rows={data.openByStage.map((row) => ({ key: row.stageId, href: links.openStage(row), cells: [row.name, formatNumber(row.count, locale), formatMoney(row.sum, locale)] }))} />
        <ChartCard id="won" title={t('reports.wonByMonth')} option={charts.won} onClick={(item) => open(links.won(data.wonByMonth[item.dataIndex].month))}
          headers={[t('reports.month'), t('dashboard.deals'), t('reports.amount')]}
          rows={data.wonByMonth.map((row) => ({ key: row.month, href: links.won(row.month), cells: [monthLabel(row.month), formatNumber(row.count, locale), formatMoney(row.sum, locale)] }))} />
        <ChartCard id="activities" title={t('reports.activitiesByManager')} option={charts.activities} height={Math.max(220, 40 + data.activitiesByManager.length * 28)}
          onClick={(item) => open(links.activities(data.activitiesByManager[item.dataIndex].ownerId, activityKinds[item.seriesIndex]))}
          empty={data.activitiesByManager.length === 0}
          headers={[t('reports.manager'), ...activityColumns, t('reports.total')]}
          rows={data.activitiesByManager.map((row) => ({ key: row.ownerId ?? 'none', href: links.activities(row.ownerId), cells: [managerName(row), ...activityKinds.map((kind) => formatNumber(row.byKind[kind] ?? 0, locale)), formatNumber(row.total, locale)] }))} />
        <ChartCard id="open-by-manager" title={t('dashboard.byManager')} hint={t('reports.nowHint')} option={charts.openDeals} height={Math.max(220, 40 + data.openDealsByManager.length * 28)}
          onClick={(item) => open(links.openDeals(data.openDealsByManager[item.dataIndex].ownerId))}
          empty={data.openDealsByManager.length === 0}
          headers={[t('reports.manager'), t('dashboard.deals'), t('reports.amount')]}
          rows={data.openDealsByManager.map((row) => ({ key: row.ownerId ?? 'none', href: links.openDeals(row.ownerId), cells: [managerName(row), formatNumber(row.count, locale), formatMoney(row.sum, locale)] }))} />
        <ChartCard id="companies" title={t('reports.newCompaniesByMonth')} option={charts.companies} onClick={(item) => open(links.companies(data.newCompaniesByMonth[item.dataIndex].month))}
          headers={[t('reports.month'), t('reports.newCompanies')]}
          rows={data.newCompaniesByMonth.map((row) => ({ key: row.month, href: links.companies(row.month), cells: [monthLabel(row.month), formatNumber(row.count, locale)] }))} />
      </div>
    </section>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="kpi">
      <span className="kpi-label">{label}</span>
      <strong>{value}</strong>
    </div>
  );
}

interface ChartCardProps {
  id: string;
  title: string;
  hint?: string;
  option: Record<string, unknown>;
  height?: number;
  empty?: boolean;
  onClick: (item: ChartClick) => void;
  headers: string[];
  rows: { key: string; href: string; cells: string[] }[];
}

/** A chart and, for the keyboard and screen readers, the same figures as a table whose rows link to the lists. */
function ChartCard({ id, title, hint, option, height = 300, empty, onClick, headers, rows }: ChartCardProps) {
  const { t } = useTranslation();
  return (
    <section className="card chart-card" aria-labelledby={`chart-${id}`} data-chart={id}>
      <h2 id={`chart-${id}`}>{title}</h2>
      {hint && <p className="muted small">{hint}</p>}
      {empty ? (
        <p className="muted chart-empty">{t('reports.nothing')}</p>
      ) : (
        <Suspense fallback={<Loading />}>
          <Chart option={option} label={title} height={height} onClick={onClick} />
        </Suspense>
      )}
      <details className="chart-data">
        <summary>{t('reports.asTable')}</summary>
        <table className="simple-table">
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
                <th scope="row">
                  <Link to={row.href}>{row.cells[0]}</Link>
                </th>
                {row.cells.slice(1).map((cell, index) => (
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
