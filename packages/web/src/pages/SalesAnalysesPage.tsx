// Sales analyses (issue 13): ready-made reports in tabs over one set of filters (period, team, pipeline).
// Every figure is computed on the server over the records the viewer may read; the tabs only draw them.
import { useState } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../app/session';
import { usePipelines, useTeamNames } from '../lib/lookups';
import { NotFoundPage } from './NotFoundPage';
import { localOffset, type AnalysisFilters } from '../components/sales-analyses/parts';
import { FunnelView } from '../components/sales-analyses/FunnelView';
import { ForecastView } from '../components/sales-analyses/ForecastView';
import { LostReasonsView } from '../components/lost-reasons/LostReasonsView';
import { CycleView, RegionsView, SourcesView } from '../components/sales-analyses/MarketViews';
import { CustomersView, PurchasesView } from '../components/sales-analyses/CustomerViews';
import './dashboard.css';
import '../components/sales-analyses/sales-analyses.css';

const tabs = ['funnel', 'lostReasons', 'forecast', 'cycle', 'regions', 'sources', 'customers', 'purchases'] as const;
/** Which filters a tab reads: the forecast looks ahead from today, so it has no period. */
const usesPeriod = (tab: string) => tab !== 'forecast';
const usesPipeline = (tab: string) => ['funnel', 'lostReasons', 'forecast', 'cycle'].includes(tab);
/** Tabs that always read one pipeline (the default one unless another is chosen). */
const onePipeline = (tab: string) => tab === 'funnel' || tab === 'lostReasons';

export default function SalesAnalysesPage() {
  const { t } = useTranslation();
  const { user, permissions } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const teamNames = useTeamNames();
  const [filters, setFilters] = useState<AnalysisFilters>({
    from: '',
    to: '',
    // A head of sales starts with their team, as on the dashboard.
    teamId: user.roleKey === 'head_of_sales' && user.teamId ? user.teamId : '',
    pipelineId: '',
    tz: localOffset(),
  });
  if (!can(permissions, 'deals', 'read')) return <NotFoundPage />;
  const tab = location.pathname.split('/')[2] ?? 'funnel';
  const set = (patch: Partial<AnalysisFilters>) => setFilters((current) => ({ ...current, ...patch }));
  const defaultPipeline = pipelines.data?.find((pipeline) => pipeline.isDefault)?.id ?? '';
  return (
    <section className="page sales-analyses" aria-labelledby="sales-analyses-title">
      <header className="page-header">
        <h1 id="sales-analyses-title">{t('salesAnalyses.title')}</h1>
      </header>
      <nav className="subnav" aria-label={t('salesAnalyses.title')}>
        {tabs.map((key) => (
          <NavLink key={key} to={`/sales-analyses/${key}`}>
            {t(`salesAnalyses.tabs.${key}`)}
          </NavLink>
        ))}
      </nav>
      <form className="inline-form dashboard-filters" aria-label={t('salesAnalyses.filters')} onSubmit={(event) => event.preventDefault()}>
        {usesPeriod(tab) && (
          <>
            <label htmlFor="analyses-from">{t('salesAnalyses.from')}</label>
            <input id="analyses-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(event) => set({ from: event.target.value })} />
            <label htmlFor="analyses-to">{t('salesAnalyses.to')}</label>
            <input id="analyses-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(event) => set({ to: event.target.value })} />
          </>
        )}
        <label htmlFor="analyses-team">{t('salesAnalyses.team')}</label>
        <select id="analyses-team" value={filters.teamId} onChange={(event) => set({ teamId: event.target.value })}>
          <option value="">{t('salesAnalyses.allTeams')}</option>
          {[...teamNames.entries()].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        {usesPipeline(tab) && (
          <>
            <label htmlFor="analyses-pipeline">{t('salesAnalyses.pipeline')}</label>
            <select id="analyses-pipeline" value={onePipeline(tab) ? filters.pipelineId || defaultPipeline : filters.pipelineId} onChange={(event) => set({ pipelineId: event.target.value })}>
              {!onePipeline(tab) && <option value="">{t('salesAnalyses.allPipelines')}</option>}
              {(pipelines.data ?? []).map((pipeline) => (
                <option key={pipeline.id} value={pipeline.id}>
                  {pipeline.name}
                </option>
              ))}
            </select>
          </>
        )}
      </form>
      <Routes>
        <Route index element={<Navigate to="funnel" replace />} />
        <Route path="funnel" element={<FunnelView filters={filters} onForecast={(pipelineId) => { set({ pipelineId }); void navigate('/sales-analyses/forecast'); }} />} />
        <Route path="lostReasons" element={<LostReasonsView filters={filters} />} />
        <Route path="forecast" element={<ForecastView filters={filters} />} />
        <Route path="cycle" element={<CycleView filters={filters} />} />
        <Route path="regions" element={<RegionsView filters={filters} />} />
        <Route path="sources" element={<SourcesView filters={filters} />} />
        <Route path="customers" element={<CustomersView filters={filters} />} />
        <Route path="purchases" element={<PurchasesView filters={filters} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </section>
  );
}
