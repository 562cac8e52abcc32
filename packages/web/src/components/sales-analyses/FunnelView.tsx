// Funnel tab: how many of the period's deals reached each stage, conversion stage to stage, median time in
// each stage, and at which stage and why deals are lost (GET /analyses/funnel).
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { ErrorState, Loading } from '../States';
import { AnalysisCard, DataTable, Kpi, barOption, money, percent, seconds, useAnalysis, type AnalysisFilters } from './parts';

interface Funnel {
  pipeline: { id: string; name: string } | null;
  totals: { deals: number; open: number; won: number; wonAmount: string; lost: number; lostAmount: string; winRate: number | null } | null;
  stages: {
    stageId: string;
    name: string;
    reached: number;
    amount: string;
    conversionToNext: number | null;
    conversionFromStart: number | null;
    time: { stays: number; medianSeconds: number | null; p25Seconds: number | null; p75Seconds: number | null };
    lost: { count: number; amount: string };
  }[];
  lostReasons: { reason: string | null; count: number; amount: string }[];
}

/** onForecast opens the forecast of the pipeline shown. */
export function FunnelView({ filters, onForecast }: { filters: AnalysisFilters; onForecast: (pipelineId: string) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const report = useAnalysis<Funnel>('funnel', { from: filters.from, to: filters.to, teamId: filters.teamId, pipelineId: filters.pipelineId, tz: filters.tz });
  if (report.isPending) return <Loading />;
  const data = report.data;
  if (report.isError || !data) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const totals = data.totals;
  const names = data.stages.map((stage) => stage.name);
  const days = (value: number | null) => seconds(value, locale, (count) => t('salesAnalyses.cycle.days', { value: count }));
  const reason = (value: string | null) => value ?? t('salesAnalyses.funnel.noReason');
  return (
    <div className="analysis-tab" data-tab="funnel">
      {totals && (
        <div className="kpis">
          <Kpi label={t('salesAnalyses.funnel.deals')} value={formatNumber(totals.deals, locale)} />
          <Kpi label={t('salesAnalyses.funnel.won')} value={formatNumber(totals.won, locale)} hint={money(totals.wonAmount, locale)} />
          <Kpi label={t('salesAnalyses.funnel.lost')} value={formatNumber(totals.lost, locale)} hint={money(totals.lostAmount, locale)} />
          <Kpi label={t('salesAnalyses.funnel.winRate')} value={percent(totals.winRate, locale)} />
        </div>
      )}
      {data.pipeline && (
        <p>
          <button type="button" className="button" onClick={() => onForecast(data.pipeline!.id)}>
            {t('salesAnalyses.funnel.toForecast')}
          </button>
        </p>
      )}
      <div className="dashboard-grid">
        <AnalysisCard id="funnel" title={`${t('salesAnalyses.tabs.funnel')}${data.pipeline ? `: ${data.pipeline.name}` : ''}`} hint={t('salesAnalyses.funnel.hint')} empty={!totals || totals.deals === 0}
          option={barOption(names, [{ name: t('salesAnalyses.funnel.reached'), values: data.stages.map((stage) => stage.reached), colour: '#1f4e8c' }], locale, { horizontal: true })} height={60 + names.length * 40}>
          <DataTable label={t('salesAnalyses.tabs.funnel')}
            headers={[t('salesAnalyses.funnel.stage'), t('salesAnalyses.funnel.reached'), t('salesAnalyses.amount'), t('salesAnalyses.funnel.conversion'), t('salesAnalyses.funnel.fromStart'), t('salesAnalyses.funnel.median'), t('salesAnalyses.funnel.lostHere')]}
            rows={data.stages.map((stage) => ({
              key: stage.stageId,
              cells: [stage.name, formatNumber(stage.reached, locale), money(stage.amount, locale), percent(stage.conversionToNext, locale), percent(stage.conversionFromStart, locale), days(stage.time.medianSeconds), formatNumber(stage.lost.count, locale)],
            }))} />
        </AnalysisCard>
        <AnalysisCard id="stage-time" title={t('salesAnalyses.funnel.timeTitle')} empty={!data.stages.some((stage) => stage.time.stays > 0)}
          option={barOption(names, [{ name: t('salesAnalyses.funnel.median'), values: data.stages.map((stage) => Math.round(((stage.time.medianSeconds ?? 0) / 86400) * 10) / 10), colour: '#c7831d' }], locale, { horizontal: true })} height={60 + names.length * 40}>
          <DataTable label={t('salesAnalyses.funnel.timeTitle')}
            headers={[t('salesAnalyses.funnel.stage'), t('salesAnalyses.funnel.median'), t('salesAnalyses.funnel.quartiles'), t('salesAnalyses.funnel.stays')]}
            rows={data.stages.map((stage) => ({ key: stage.stageId, cells: [stage.name, days(stage.time.medianSeconds), `${days(stage.time.p25Seconds)} – ${days(stage.time.p75Seconds)}`, formatNumber(stage.time.stays, locale)] }))} />
        </AnalysisCard>
        <AnalysisCard id="losses" title={t('salesAnalyses.funnel.lossTitle')} empty={!totals || totals.lost === 0}
          option={barOption(names, [{ name: t('salesAnalyses.funnel.lostHere'), values: data.stages.map((stage) => stage.lost.count), colour: '#b3261e' }], locale, { horizontal: true })} height={60 + names.length * 40} />
        <AnalysisCard id="reasons" title={t('salesAnalyses.funnel.reasonsTitle')} empty={data.lostReasons.length === 0}
          option={barOption(data.lostReasons.map((row) => reason(row.reason)), [{ name: t('salesAnalyses.funnel.lost'), values: data.lostReasons.map((row) => row.count), colour: '#b3261e' }], locale, { horizontal: true })} height={60 + data.lostReasons.length * 36}>
          <DataTable label={t('salesAnalyses.funnel.reasonsTitle')} headers={[t('salesAnalyses.funnel.reason'), t('salesAnalyses.count'), t('salesAnalyses.amount'), t('salesAnalyses.share')]}
            rows={data.lostReasons.map((row) => ({ key: row.reason ?? '', cells: [reason(row.reason), formatNumber(row.count, locale), money(row.amount, locale), percent(totals && totals.lost ? row.count / totals.lost : null, locale)] }))} />
        </AnalysisCard>
      </div>
    </div>
  );
}
