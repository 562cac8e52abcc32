// The head of sales' view of the team: the funnel of the default pipeline and open deals per manager.
import { lazy, Suspense, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ListPage } from '../api/types';
import { ErrorState, Loading } from '../components/States';
import { usePipelines, useUserNames } from '../lib/lookups';
import { formatCompact, formatMoney, formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import { useMe } from '../app/session';

const Chart = lazy(() => import('../components/Chart'));

interface BoardStage {
  id: string;
  name: string;
  kind: string;
  count: number;
  sum: string;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { user } = useMe();
  // A head sees their team (and the teams under it); someone outside any team sees everything they may read.
  const scope = user.teamId ? 'team' : 'all';
  const pipelines = usePipelines();
  const userNames = useUserNames();
  const pipeline = pipelines.data?.find((item) => item.isDefault) ?? pipelines.data?.[0];
  const board = useQuery({
    queryKey: ['board', pipeline?.id, 'summary', scope],
    enabled: Boolean(pipeline),
    queryFn: () => api<{ stages: BoardStage[] }>(`/pipelines/${pipeline!.id}/board`, { query: { limit: 0, scope } }),
  });
  const deals = useQuery({
    queryKey: ['list', 'deals', 'dashboard'],
    queryFn: () => api<ListPage>('/deals', { query: { 'filter[stageKind][eq]': 'open', fields: 'ownerId,amount,currency', limit: 1000, count: 'true' } }),
  });
  const stages = useMemo(() => board.data?.stages ?? [], [board.data]);
  const open = stages.filter((stage) => stage.kind === 'open');
  const won = stages.filter((stage) => stage.kind === 'won');
  const openSum = open.reduce((sum, stage) => sum + Number(stage.sum), 0);
  const wonSum = won.reduce((sum, stage) => sum + Number(stage.sum), 0);
  const openCount = open.reduce((sum, stage) => sum + stage.count, 0);

  const funnel = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 120, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: stages.map((stage) => stage.name) },
      series: [{ type: 'bar', name: t('dashboard.deals'), data: stages.map((stage) => stage.count), itemStyle: { color: '#1f4e8c' }, label: { show: true, position: 'right' } }],
    }),
    [stages, t],
  );
  const byManager = useMemo(() => {
    const totals = new Map<string, number>();
    for (const deal of deals.data?.data ?? []) {
      const owner = (deal.ownerId as string) ?? '';
      totals.set(owner, (totals.get(owner) ?? 0) + Number(deal.amount ?? 0));
    }
    const entries = Array.from(totals.entries()).sort((a, b) => b[1] - a[1]);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 140, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatCompact(value, locale) } },
      yAxis: { type: 'category', inverse: true, data: entries.map(([id]) => userNames.get(id) ?? '—') },
      series: [{ type: 'bar', name: t('dashboard.pipelineValue'), data: entries.map(([, sum]) => Math.round(sum)), itemStyle: { color: '#2f8f6f' } }],
    };
  }, [deals.data, userNames, t, locale]);

  if (pipelines.isError) return <ErrorState error={pipelines.error} />;
  return (
    <section className="page dashboard" aria-labelledby="dashboard-title">
      <header className="page-header">
        <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      </header>
      <div className="kpis">
        <div className="kpi">
          <span className="kpi-label">{t('dashboard.openDeals')}</span>
          <strong>{formatNumber(openCount, locale)}</strong>
        </div>
        <div className="kpi">
          <span className="kpi-label">{t('dashboard.pipelineValue')}</span>
          <strong>{formatMoney(openSum, locale)}</strong>
        </div>
        <div className="kpi">
          <span className="kpi-label">{t('dashboard.won')}</span>
          <strong>{formatMoney(wonSum, locale)}</strong>
        </div>
      </div>
      <div className="two-columns">
        <section className="card" aria-labelledby="chart-funnel">
          <h2 id="chart-funnel">{t('dashboard.funnel')}</h2>
          {board.isPending ? <Loading /> : board.isError ? <ErrorState error={board.error} /> : (
            <Suspense fallback={<Loading />}>
              <Chart option={funnel} label={t('dashboard.funnel')} />
            </Suspense>
          )}
        </section>
        <section className="card" aria-labelledby="chart-managers">
          <h2 id="chart-managers">{t('dashboard.byManager')}</h2>
          {deals.isPending ? <Loading /> : deals.isError ? <ErrorState error={deals.error} /> : (
            <Suspense fallback={<Loading />}>
              <Chart option={byManager} label={t('dashboard.byManager')} />
            </Suspense>
          )}
        </section>
      </div>
    </section>
  );
}
