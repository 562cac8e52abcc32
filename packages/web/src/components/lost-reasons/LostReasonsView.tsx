// "Why deals are lost" (issue 16): the pipeline's deals lost in the period by reason, count and amount,
// over the deals the viewer may read. Each reason opens the deals list filtered to its deals.
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { reasonLabel } from '../../lib/lost-reasons';
import { AnalysisCard, barOption, DataTable, Kpi, money, percent, useAnalysis, type AnalysisFilters } from '../sales-analyses/parts';
import { ErrorState, Loading } from '../States';

export interface LostReasonReportRow {
  reasonId: string | null;
  key: string | null;
  label: string | null;
  isOther: boolean;
  archived: boolean;
  count: number;
  amount: string;
}
interface LostReasonReport {
  pipeline: { id: string; name: string } | null;
  teamIds: string[] | null;
  totals: { count: number; amount: string };
  reasons: LostReasonReportRow[];
  closedAt: { gte: string; lt: string } | null;
}

/** The deals list of one row: its reason (or the free-text deals), the pipeline, the period and the team. */
export function drillDownLink(report: Pick<LostReasonReport, 'pipeline' | 'teamIds' | 'closedAt'>, row: Pick<LostReasonReportRow, 'reasonId'>): string {
  const params = new URLSearchParams();
  if (row.reasonId) params.set('filter[lostReasonId][eq]', row.reasonId);
  else {
    params.set('filter[lostReasonLegacy][eq]', 'true');
    if (report.pipeline) params.set('filter[pipelineId][eq]', report.pipeline.id);
  }
  if (report.closedAt) {
    params.set('filter[closedAt][gte]', report.closedAt.gte);
    params.set('filter[closedAt][lt]', report.closedAt.lt);
  }
  if (report.teamIds) params.set('filter[teamId][in]', report.teamIds.join(','));
  return `/deals?${params.toString()}`;
}

export function LostReasonsView({ filters }: { filters: AnalysisFilters }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const locale = currentLocale();
  const report = useAnalysis<LostReasonReport>('lost-reasons', { from: filters.from, to: filters.to, teamId: filters.teamId, pipelineId: filters.pipelineId, tz: filters.tz });
  if (report.isPending) return <Loading />;
  const data = report.data;
  if (report.isError || !data) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const name = (row: LostReasonReportRow) => (row.reasonId ? reasonLabel(t, row) : t('lostReasons.legacyRow'));
  const title = `${t('lostReasons.reportTitle')}${data.pipeline ? `: ${data.pipeline.name}` : ''}`;
  return (
    <div className="analysis-tab" data-tab="lostReasons">
      <div className="kpis">
        <Kpi label={t('salesAnalyses.funnel.lost')} value={formatNumber(data.totals.count, locale)} hint={money(data.totals.amount, locale)} />
      </div>
      <AnalysisCard
        id="lost-reasons"
        title={title}
        hint={t('lostReasons.reportHint')}
        empty={data.reasons.length === 0}
        option={barOption(data.reasons.map(name), [{ name: t('salesAnalyses.funnel.lost'), values: data.reasons.map((row) => row.count), colour: '#b3261e' }], locale, { horizontal: true })}
        height={60 + data.reasons.length * 36}
        onClick={(item) => {
          const row = data.reasons[item.dataIndex];
          if (row) void navigate(drillDownLink(data, row));
        }}
      >
        <DataTable
          label={title}
          headers={[t('lostReasons.reason'), t('salesAnalyses.count'), t('salesAnalyses.amount'), t('salesAnalyses.share'), '']}
          rows={data.reasons.map((row) => ({
            key: row.reasonId ?? 'legacy',
            cells: [
              <>
                {name(row)} {row.archived && <span className="pill">{t('lostReasons.archived')}</span>}
              </>,
              formatNumber(row.count, locale),
              money(row.amount, locale),
              percent(data.totals.count ? row.count / data.totals.count : null, locale),
              <Link key="open" to={drillDownLink(data, row)} aria-label={t('lostReasons.openDealsOf', { name: name(row) })}>
                {t('lostReasons.openDeals')}
              </Link>,
            ],
          }))}
        />
      </AnalysisCard>
    </div>
  );
}
