// Providers and routes. Every screen is its own chunk (React.lazy): the first load carries only
// the shell, the login page and the screen the user lands on.
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, onUnauthenticated } from '../api/client';
import { ToastProvider } from '../components/Toasts';
import { Loading } from '../components/States';
import { SessionProvider, landingPath, meQueryKey, useSession } from './session';
import { Shell } from './Shell';
import LoginPage from '../pages/LoginPage';

const loaders = {
  list: () => import('../pages/ListPage'),
  record: () => import('../pages/RecordPage'),
  my: () => import('../pages/MyWorkPage'),
  dashboard: () => import('../pages/DashboardPage'),
  reports: () => import('../pages/ReportsPage'),
  segments: () => import('../pages/SegmentsPage'),
  sequences: () => import('../pages/SequencesPage'),
  campaigns: () => import('../pages/CampaignsPage'),
  dashboards: () => import('../pages/DashboardsPage'),
  settings: () => import('../pages/SettingsPage'),
  analytics: () => import('../pages/AnalyticsPage'),
  'sales-analyses': () => import('../pages/SalesAnalysesPage'),
  pipeline: () => import('../pages/BoardPage'),
  calendar: () => import('../pages/CalendarPage'),
  imports: () => import('../pages/ImportsPage'),
  'data-quality': () => import('../pages/DataQualityPage'),
  merge: () => import('../pages/MergePage'),
  'call-lists': () => import('../pages/CallListsPage'),
  'service-desk': () => import('../pages/ServiceDeskPage'),
  kb: () => import('../pages/KnowledgeBasePage'),
  plans: () => import('../pages/PlansPage'),
};
const ListPage = lazy(loaders.list);
const PlansPage = lazy(loaders.plans);
const RecordPage = lazy(loaders.record);
const MyWorkPage = lazy(loaders.my);
const DashboardPage = lazy(loaders.dashboard);
const ReportsPage = lazy(loaders.reports);
const SegmentsPage = lazy(loaders.segments);
const SequencesPage = lazy(loaders.sequences);
const CampaignsPage = lazy(loaders.campaigns);
const DashboardsPage = lazy(loaders.dashboards);
const SettingsPage = lazy(loaders.settings);
const AnalyticsPage = lazy(loaders.analytics);
const SalesAnalysesPage = lazy(loaders['sales-analyses']);
const ServiceDeskPage = lazy(loaders['service-desk']);
const SlaReportPage = lazy(() => import('../pages/SlaReportPage'));
const ComplaintsReportPage = lazy(() => import('../pages/ComplaintsReportPage'));
const KnowledgeBasePage = lazy(loaders.kb);
const BoardPage = lazy(loaders.pipeline);
const CalendarPage = lazy(loaders.calendar);
const ImportsPage = lazy(loaders.imports);
const ImportPage = lazy(() => import('../pages/ImportPage'));
const DataQualityPage = lazy(loaders['data-quality']);
const QualityIssuePage = lazy(() => import('../pages/DataQualityPage').then((module) => ({ default: module.QualityIssuePage })));
const DuplicatesPage = lazy(() => import('../pages/DuplicatesPage'));
const MergePage = lazy(loaders.merge);
const CallListsPage = lazy(loaders['call-lists']);

/** Starts loading the chunk of the screen in the address bar while the session is being checked. */
export function preloadRoute(pathname: string): void {
  const [first, second] = pathname.split('/').filter(Boolean);
  if (!first || first === 'login') return;
  const loader = first in loaders && first !== 'list' && first !== 'record' ? loaders[first as keyof typeof loaders] : second ? loaders.record : loaders.list;
  void loader().catch(() => undefined);
}

if (typeof window !== 'undefined') preloadRoute(window.location.pathname);
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

const queryClient = createQueryClient();

/** A 401 from any request: forget the session and go to the login page, then back here. */
function UnauthenticatedRedirect() {
  const navigate = useNavigate();
  useEffect(() => {
    onUnauthenticated(() => {
      queryClient.setQueryData(meQueryKey, null);
      const here = window.location.pathname + window.location.search;
      if (window.location.pathname !== '/login') navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => onUnauthenticated(null);
  }, [navigate]);
  return null;
}

function RequireSession() {
  const { me, loading, loggedOut } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me && loggedOut) return <Navigate to="/login" replace />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Shell />;
}

function Landing() {
  const { me } = useSession();
  return <Navigate to={me ? landingPath(me.user) : '/login'} replace />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireSession />}>
          <Route index element={<Landing />} />
          <Route path="my" element={<MyWorkPage />} />
          <Route path="dashboard" element={<DashboardPage />} />
          <Route path="plans/*" element={<PlansPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="reports/:id" element={<ReportsPage />} />
          <Route path="segments" element={<SegmentsPage />} />
          <Route path="segments/:id" element={<SegmentsPage />} />
          <Route path="sequences" element={<SequencesPage />} />
          <Route path="sequences/:id" element={<SequencesPage />} />
          <Route path="campaigns" element={<CampaignsPage />} />
          <Route path="campaigns/:id" element={<CampaignsPage />} />
          <Route path="dashboards" element={<DashboardsPage />} />
          <Route path="dashboards/:id" element={<DashboardsPage />} />
          <Route path="pipeline" element={<BoardPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="call-lists/*" element={<CallListsPage />} />
          <Route path="settings/*" element={<SettingsPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="imports/:id" element={<ImportPage />} />
          <Route path="data-quality" element={<DataQualityPage />} />
          <Route path="data-quality/duplicates" element={<DuplicatesPage />} />
          <Route path="data-quality/issues/:key" element={<QualityIssuePage />} />
          <Route path="merge/:object" element={<MergePage />} />
          <Route path="analytics/*" element={<AnalyticsPage />} />
          <Route path="sales-analyses/*" element={<SalesAnalysesPage />} />
          <Route path="service-desk" element={<ServiceDeskPage />} />
          <Route path="service-desk/sla" element={<SlaReportPage />} />
          <Route path="service-desk/complaints" element={<ComplaintsReportPage />} />
          <Route path="kb/*" element={<KnowledgeBasePage />} />
          <Route path=":object" element={<ListPage />} />
          <Route path=":object/:id" element={<RecordPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <ToastProvider>
          <SessionProvider>
            <UnauthenticatedRedirect />
            <AppRoutes />
          </SessionProvider>
        </ToastProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
