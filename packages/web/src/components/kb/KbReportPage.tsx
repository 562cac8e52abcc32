// How helpful the knowledge base was in resolving cases: over a period, the articles that resolved most
// (chart and table) and those that fail (viewed or voted on, marked unhelpful, resolving nothing), then
// the experts of a category — who to ask.
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { Empty, ErrorState, Loading } from '../States';
import type { ChartOption } from '../Chart';
import { buildCategoryTree, flattenCategoryTree, type KbReport, type KbReportRow } from './api';
import { useKbCategories } from './KbHome';
import { ExpertsList } from './ExpertsList';

const Chart = lazy(() => import('../Chart'));

/** Bars per article: cases resolved and "did not help" marks, longest titles cut to fit the axis. */
export function usefulnessChartOption(rows: KbReportRow[], labels: { resolutions: string; notHelpful: string }): ChartOption {
  const names = rows.map((row) => (row.title.length > 28 ? `${row.title.slice(0, 27)}…` : row.title));
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      { name: labels.resolutions, type: 'bar', stack: 'total', data: rows.map((row) => row.resolutions), itemStyle: { color: '#2e8b57' }, barMaxWidth: 28 },
      { name: labels.notHelpful, type: 'bar', stack: 'total', data: rows.map((row) => row.notHelpful), itemStyle: { color: '#c0392b' }, barMaxWidth: 28 },
    ],
  };
}

const periods = [7, 30, 90, 365];

export default function KbReportPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [days, setDays] = useState(90);
  const [category, setCategory] = useState('');
  const categories = useKbCategories();
  const report = useQuery({ queryKey: ['kb', 'report', days], queryFn: () => api<KbReport>('/kb/report', { query: { days } }) });
  const options = flattenCategoryTree(buildCategoryTree(categories.data?.data ?? [], locale));
  const labels = { resolutions: t('kb.report.resolutions'), notHelpful: t('kb.report.notHelpful') };

  const table = (rows: KbReportRow[], failing: boolean) => (
    <div className="kb-table-scroll">
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">{t('kb.report.article')}</th>
            <th scope="col">{t('kb.report.views')}</th>
            <th scope="col">{t('kb.report.resolutions')}</th>
            <th scope="col">{t('kb.report.notHelpful')}</th>
            <th scope="col">{t('kb.report.votes')}</th>
            {failing && <th scope="col">{t('kb.report.failScore')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <Link to={`/kb/articles/${row.id}`}>{row.title}</Link>
              </td>
              <td>{formatNumber(row.views, locale)}</td>
              <td>{formatNumber(row.resolutions, locale)}</td>
              <td>{formatNumber(row.notHelpful, locale)}</td>
              <td>{t('kb.report.voteCounts', { helpful: row.helpfulVotes, unhelpful: row.unhelpfulVotes })}</td>
              {failing && <td>{formatNumber(row.failScore ?? 0, locale, 1)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <section className="page kb-report" aria-labelledby="kb-report-title">
      <p className="breadcrumbs">
        <Link to="/kb">{t('kb.title')}</Link>
      </p>
      <header className="page-header">
        <h1 id="kb-report-title">{t('kb.report.title')}</h1>
        <label>
          {t('kb.report.period')}{' '}
          <select value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {periods.map((value) => (
              <option key={value} value={value}>
                {t('kb.report.days', { count: value })}
              </option>
            ))}
          </select>
        </label>
      </header>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <section className="card" aria-labelledby="kb-resolving-title">
            <h2 id="kb-resolving-title">{t('kb.report.resolvingMost')}</h2>
            {report.data.resolvingMost.length === 0 ? (
              <Empty title={t('kb.report.noResolutions')} />
            ) : (
              <>
                <Suspense fallback={<Loading />}>
                  <Chart label={t('kb.report.chartLabel')} height={Math.max(160, report.data.resolvingMost.length * 32 + 40)} option={usefulnessChartOption(report.data.resolvingMost, labels)} />
                </Suspense>
                {table(report.data.resolvingMost, false)}
              </>
            )}
          </section>
          <section className="card" aria-labelledby="kb-failing-title">
            <h2 id="kb-failing-title">{t('kb.report.failing')}</h2>
            <p className="muted small">{t('kb.report.failingHint')}</p>
            {report.data.failing.length === 0 ? <Empty title={t('kb.report.noFailing')} /> : table(report.data.failing, true)}
          </section>
        </>
      )}
      <section className="card" aria-labelledby="kb-experts-title">
        <h2 id="kb-experts-title">{t('kb.experts.title')}</h2>
        <p className="muted small">{t('kb.experts.hint')}</p>
        <label>
          {t('kb.editor.category')}{' '}
          <select value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">{t('kb.experts.allCategories')}</option>
            {options.map((node) => (
              <option key={node.id} value={node.id}>
                {`${'\u00a0\u00a0'.repeat(node.depth)}${node.name}`}
              </option>
            ))}
          </select>
        </label>
        <ExpertsList categoryId={category || null} />
      </section>
    </section>
  );
}
