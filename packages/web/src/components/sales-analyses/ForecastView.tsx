// Forecast tab: open deals by expected close month, weighted by stage probability and by historical
// stage-to-won rates, the plan where one is set, the rates themselves and past months' accuracy (GET /analyses/forecast).
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { usePipelines } from '../../lib/lookups';
import { ErrorState, Loading } from '../States';
import { AnalysisCard, DataTable, Kpi, barOption, money, percent, useAnalysis, type AnalysisFilters } from './parts';

interface Figures {
  count: number;
  amount: string;
  weighted: string;
  historical: string;
}
interface Forecast {
  history: { months: number };
  planAvailable: boolean;
  months: (Figures & { month: string; plan: string | null })[];
  overdue: Figures;
  later: Figures;
  undated: Figures;
  totals: { amount: string; weighted: string; historical: string };
  rates: { stageId: string; pipelineId: string; name: string; probability: number; closed: number; won: number; rate: number | null; used: number; basis: 'history' | 'probability' }[];
  accuracy: { month: string; forecastCount: number; pipelineAmount: string; forecast: string; wonCount: number; won: string; accuracy: number | null; plan: string | null }[];
}

export function ForecastView({ filters }: { filters: AnalysisFilters }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const pipelines = usePipelines();
  const report = useAnalysis<Forecast>('forecast', { teamId: filters.teamId, pipelineId: filters.pipelineId, tz: filters.tz });
  if (report.isPending) return <Loading />;
  const data = report.data;
  if (report.isError || !data) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const monthLabel = (month: string) => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
  // Over every pipeline the rates of stages of several pipelines are listed: name the pipeline too.
  const several = new Set(data.rates.map((row) => row.pipelineId)).size > 1;
  const pipelineName = new Map((pipelines.data ?? []).map((pipeline) => [pipeline.id, pipeline.name]));
  const stageName = (row: Forecast['rates'][number]) => (several ? `${pipelineName.get(row.pipelineId) ?? ''} · ${row.name}` : row.name);
  const plan = (value: string | null) => (value === null ? t('salesAnalyses.forecast.noPlan') : money(value, locale));
  const extra: [string, Figures][] = [
    [t('salesAnalyses.forecast.overdue'), data.overdue],
    [t('salesAnalyses.forecast.later'), data.later],
    [t('salesAnalyses.forecast.undated'), data.undated],
  ];
  const figureCells = (figures: Figures) => [formatNumber(figures.count, locale), money(figures.amount, locale), money(figures.weighted, locale), money(figures.historical, locale)];
  return (
    <div className="analysis-tab" data-tab="forecast">
      <div className="kpis">
        <Kpi label={t('salesAnalyses.forecast.pipelineAmount')} value={money(data.totals.amount, locale)} />
        <Kpi label={t('salesAnalyses.forecast.weighted')} value={money(data.totals.weighted, locale)} />
        <Kpi label={t('salesAnalyses.forecast.historical')} value={money(data.totals.historical, locale)} />
      </div>
      <div className="dashboard-grid">
        <AnalysisCard id="forecast" title={t('salesAnalyses.tabs.forecast')} hint={t('salesAnalyses.forecast.hint')}
          option={barOption(data.months.map((row) => monthLabel(row.month)), [
            { name: t('salesAnalyses.forecast.weighted'), values: data.months.map((row) => Math.round(Number(row.weighted))), colour: '#1f4e8c' },
            { name: t('salesAnalyses.forecast.historical'), values: data.months.map((row) => Math.round(Number(row.historical))), colour: '#2f8f6f' },
            ...(data.planAvailable ? [{ name: t('salesAnalyses.forecast.plan'), values: data.months.map((row) => Math.round(Number(row.plan ?? 0))), colour: '#c7831d' }] : []),
          ], locale, { money: true })}>
          <DataTable label={t('salesAnalyses.tabs.forecast')}
            headers={[t('salesAnalyses.forecast.month'), t('salesAnalyses.count'), t('salesAnalyses.forecast.pipelineAmount'), t('salesAnalyses.forecast.weighted'), t('salesAnalyses.forecast.historical'), t('salesAnalyses.forecast.plan')]}
            rows={[
              ...data.months.map((row) => ({ key: row.month, cells: [monthLabel(row.month), ...figureCells(row), plan(row.plan)] })),
              ...extra.map(([label, figures]) => ({ key: label, cells: [label, ...figureCells(figures), '—'] })),
            ]} />
        </AnalysisCard>
        <AnalysisCard id="rates" title={t('salesAnalyses.forecast.ratesTitle')} hint={t('salesAnalyses.forecast.ratesHint', { months: data.history.months })}
          option={barOption(data.rates.map(stageName), [
            { name: t('salesAnalyses.forecast.probability'), values: data.rates.map((row) => row.probability), colour: '#8a94a6' },
            { name: t('salesAnalyses.forecast.rate'), values: data.rates.map((row) => Math.round(row.used * 1000) / 10), colour: '#2f8f6f' },
          ], locale, { horizontal: true })} height={80 + data.rates.length * 44}>
          <DataTable label={t('salesAnalyses.forecast.ratesTitle')}
            headers={[t('salesAnalyses.funnel.stage'), t('salesAnalyses.forecast.probability'), t('salesAnalyses.forecast.closed'), t('salesAnalyses.funnel.won'), t('salesAnalyses.forecast.rate')]}
            rows={data.rates.map((row) => ({ key: row.stageId, cells: [stageName(row), percent(row.probability / 100, locale), formatNumber(row.closed, locale), formatNumber(row.won, locale), `${percent(row.used, locale)} (${t(`salesAnalyses.forecast.basis.${row.basis}`)})`] }))} />
        </AnalysisCard>
        <AnalysisCard id="accuracy" title={t('salesAnalyses.forecast.accuracyTitle')} hint={t('salesAnalyses.forecast.accuracyHint')} empty={data.accuracy.length === 0}
          option={barOption(data.accuracy.map((row) => monthLabel(row.month)), [
            { name: t('salesAnalyses.forecast.forecast'), values: data.accuracy.map((row) => Math.round(Number(row.forecast))), colour: '#1f4e8c' },
            { name: t('salesAnalyses.forecast.wonInMonth'), values: data.accuracy.map((row) => Math.round(Number(row.won))), colour: '#2f8f6f' },
          ], locale, { money: true })}>
          <DataTable label={t('salesAnalyses.forecast.accuracyTitle')}
            headers={[t('salesAnalyses.forecast.month'), t('salesAnalyses.forecast.forecast'), t('salesAnalyses.forecast.wonInMonth'), t('salesAnalyses.forecast.accuracy'), t('salesAnalyses.forecast.plan')]}
            rows={data.accuracy.map((row) => ({ key: row.month, cells: [monthLabel(row.month), money(row.forecast, locale), money(row.won, locale), percent(row.accuracy, locale), plan(row.plan)] }))} />
        </AnalysisCard>
      </div>
    </div>
  );
}
