// Sales cycle, regions and lead sources tabs (GET /analyses/sales-cycle, /regions, /lead-sources).
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { ErrorState, Loading } from '../States';
import { AnalysisCard, DataTable, Kpi, barOption, money, percent, useAnalysis, type AnalysisFilters } from './parts';

interface CycleFigures {
  count: number;
  medianDays: number | null;
  p25Days: number | null;
  p75Days: number | null;
  averageDays: number | null;
  amount: string;
}
interface Cycle {
  overall: CycleFigures;
  buckets: { fromDays: number; toDays: number | null; count: number; amount: string }[];
  byPipeline: (CycleFigures & { pipelineId: string; name: string | null })[];
}

export function CycleView({ filters }: { filters: AnalysisFilters }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const report = useAnalysis<Cycle>('sales-cycle', { from: filters.from, to: filters.to, teamId: filters.teamId, pipelineId: filters.pipelineId, tz: filters.tz });
  if (report.isPending) return <Loading />;
  const data = report.data;
  if (report.isError || !data) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const days = (value: number | null) => (value === null ? '—' : t('salesAnalyses.cycle.days', { value: formatNumber(value, locale, 1) }));
  const bucket = (row: Cycle['buckets'][number]) => (row.toDays === null ? t('salesAnalyses.cycle.bucketFrom', { from: row.fromDays }) : t('salesAnalyses.cycle.bucketRange', { from: row.fromDays, to: row.toDays }));
  return (
    <div className="analysis-tab" data-tab="cycle">
      <div className="kpis">
        <Kpi label={t('salesAnalyses.cycle.won')} value={formatNumber(data.overall.count, locale)} hint={money(data.overall.amount, locale)} />
        <Kpi label={t('salesAnalyses.cycle.median')} value={days(data.overall.medianDays)} />
        <Kpi label={t('salesAnalyses.cycle.quartiles')} value={`${days(data.overall.p25Days)} – ${days(data.overall.p75Days)}`} />
        <Kpi label={t('salesAnalyses.cycle.average')} value={days(data.overall.averageDays)} />
      </div>
      <div className="dashboard-grid">
        <AnalysisCard id="cycle" title={t('salesAnalyses.tabs.cycle')} hint={t('salesAnalyses.cycle.hint')} empty={data.overall.count === 0}
          option={barOption(data.buckets.map(bucket), [{ name: t('salesAnalyses.cycle.won'), values: data.buckets.map((row) => row.count), colour: '#2f8f6f' }], locale)}>
          <DataTable label={t('salesAnalyses.tabs.cycle')} headers={[t('salesAnalyses.cycle.bucket'), t('salesAnalyses.count'), t('salesAnalyses.amount')]}
            rows={data.buckets.map((row) => ({ key: String(row.fromDays), cells: [bucket(row), formatNumber(row.count, locale), money(row.amount, locale)] }))} />
        </AnalysisCard>
        <AnalysisCard id="cycle-pipelines" title={t('salesAnalyses.cycle.byPipeline')} empty={data.byPipeline.length === 0}>
          <DataTable label={t('salesAnalyses.cycle.byPipeline')}
            headers={[t('salesAnalyses.cycle.pipeline'), t('salesAnalyses.count'), t('salesAnalyses.cycle.median'), t('salesAnalyses.cycle.quartiles'), t('salesAnalyses.cycle.average'), t('salesAnalyses.amount')]}
            rows={data.byPipeline.map((row) => ({ key: row.pipelineId, cells: [row.name ?? '—', formatNumber(row.count, locale), days(row.medianDays), `${days(row.p25Days)} – ${days(row.p75Days)}`, days(row.averageDays), money(row.amount, locale)] }))} />
        </AnalysisCard>
      </div>
    </div>
  );
}

interface RegionFigures {
  companies: number;
  wonCount: number;
  wonAmount: string;
  orderCount: number;
  orderAmount: string;
}
interface Regions {
  regions: (RegionFigures & { region: string | null; cities: (RegionFigures & { city: string | null })[] })[];
}

export function RegionsView({ filters }: { filters: AnalysisFilters }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const report = useAnalysis<Regions>('regions', { from: filters.from, to: filters.to, teamId: filters.teamId, tz: filters.tz });
  if (report.isPending) return <Loading />;
  const data = report.data;
  if (report.isError || !data) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const name = (value: string | null) => value ?? t('salesAnalyses.none');
  const top = data.regions.slice(0, 15);
  const cells = (row: RegionFigures) => [formatNumber(row.companies, locale), formatNumber(row.wonCount, locale), money(row.wonAmount, locale), formatNumber(row.orderCount, locale), money(row.orderAmount, locale)];
  return (
    <div className="analysis-tab" data-tab="regions">
      <AnalysisCard id="regions" title={t('salesAnalyses.regions.chart')} hint={t('salesAnalyses.regions.hint')} empty={data.regions.length === 0}
        option={barOption(top.map((row) => name(row.region)), [
          { name: t('salesAnalyses.regions.wonAmount'), values: top.map((row) => Math.round(Number(row.wonAmount))), colour: '#2f8f6f' },
          { name: t('salesAnalyses.regions.orderAmount'), values: top.map((row) => Math.round(Number(row.orderAmount))), colour: '#1f4e8c' },
        ], locale, { horizontal: true, money: true })} height={80 + top.length * 36}>
        <DataTable label={t('salesAnalyses.tabs.regions')}
          headers={[`${t('salesAnalyses.regions.region')} / ${t('salesAnalyses.regions.city')}`, t('salesAnalyses.regions.companies'), t('salesAnalyses.regions.wonCount'), t('salesAnalyses.regions.wonAmount'), t('salesAnalyses.regions.orderCount'), t('salesAnalyses.regions.orderAmount')]}
          rows={data.regions.flatMap((row) => [
            { key: `r:${row.region ?? ''}`, cells: [<strong key="name">{name(row.region)}</strong>, ...cells(row)] },
            ...(row.cities.length > 1 || row.cities[0]?.city !== row.region ? row.cities.map((city) => ({ key: `c:${row.region ?? ''}:${city.city ?? ''}`, cells: [<span key="name" className="analysis-indent">{name(city.city)}</span>, ...cells(city)] })) : []),
          ])} />
      </AnalysisCard>
    </div>
  );
}

interface Sources {
  sources: { source: string | null; leads: number; convertedLeads: number; deals: number; dealsFromLeads: number; wonCount: number; wonAmount: string; lostCount: number; leadConversion: number | null; winRate: number | null }[];
}

export function SourcesView({ filters }: { filters: AnalysisFilters }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const report = useAnalysis<Sources>('lead-sources', { from: filters.from, to: filters.to, teamId: filters.teamId, tz: filters.tz });
  if (report.isPending) return <Loading />;
  const data = report.data;
  if (report.isError || !data) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const name = (value: string | null) => value ?? t('salesAnalyses.none');
  return (
    <div className="analysis-tab" data-tab="sources">
      <AnalysisCard id="sources" title={t('salesAnalyses.tabs.sources')} hint={t('salesAnalyses.sources.hint')} empty={data.sources.length === 0}
        option={barOption(data.sources.map((row) => name(row.source)), [{ name: t('salesAnalyses.sources.wonAmount'), values: data.sources.map((row) => Math.round(Number(row.wonAmount))), colour: '#2f8f6f' }], locale, { horizontal: true, money: true })}
        height={60 + data.sources.length * 36}>
        <DataTable label={t('salesAnalyses.tabs.sources')}
          headers={[t('salesAnalyses.sources.source'), t('salesAnalyses.sources.leads'), t('salesAnalyses.sources.converted'), t('salesAnalyses.sources.leadConversion'), t('salesAnalyses.sources.deals'), t('salesAnalyses.sources.won'), t('salesAnalyses.sources.winRate'), t('salesAnalyses.sources.wonAmount')]}
          rows={data.sources.map((row) => ({
            key: row.source ?? '',
            cells: [name(row.source), formatNumber(row.leads, locale), formatNumber(row.convertedLeads, locale), percent(row.leadConversion, locale), formatNumber(row.deals, locale), formatNumber(row.wonCount, locale), percent(row.winRate, locale), money(row.wonAmount, locale)],
          }))} />
      </AnalysisCard>
    </div>
  );
}
