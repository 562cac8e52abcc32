// Dashboards: several named boards of saved reports per user, private or shared with the team. Each
// widget runs its report through GET /reports/:id/run with the viewer's rights (so the same shared board
// shows a manager their own figures and the head the team's) and renders as the report builder does,
// drill-down included. The owner arranges widgets by dragging them or with the buttons (keyboard), and
// changes their width (quarters of the row) and height; every change is saved at once.
import { Suspense, useEffect, useState, type DragEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Empty, ErrorState, Loading, useFieldErrorText } from '../components/States';
import { useToast } from '../components/Toasts';
import { ReportView } from '../components/reports/ReportView';
import { useDashboards, useReportMetadata, type DashboardSummary } from '../components/reports/report-queries';
import type { ChartKind, ReportDefinition, ReportResult } from '../lib/report-builder';
import './reports.css';

interface Widget {
  id: string;
  reportId: string;
  width: number;
  height: number;
  title?: string;
  chart?: ChartKind | null;
  available?: boolean;
  reportName?: string | null;
}
interface Dashboard extends Omit<DashboardSummary, 'widgetCount'> {
  widgets: Widget[];
}
interface SavedReportItem {
  id: string;
  name: string;
  visibility: 'private' | 'team';
}


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What PATCH takes: the widgets without the fields the server adds; a new widget's id is given by the server. */
const plain = (widgets: Widget[]) => widgets.map(({ id, reportId, width, height, title }) => ({ ...(UUID.test(id) ? { id } : {}), reportId, width, height, ...(title ? { title } : {}) }));
let added = 0;

export default function DashboardsPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useDashboards();
  const first = list.data?.data[0]?.id;
  useEffect(() => {
    if (!id && first) navigate(`/dashboards/${first}`, { replace: true });
  }, [id, first, navigate]);

  return (
    <section className="page dashboards-page" aria-labelledby="dashboards-title">
      <header className="page-header">
        <h1 id="dashboards-title">{t('dashboards.title')}</h1>
        {list.data && list.data.data.length > 0 && (
          <label className="field inline-field">
            <span>{t('dashboards.pick')}</span>
            <select data-testid="dashboard-picker" value={id ?? ''} onChange={(event) => navigate(`/dashboards/${event.target.value}`)}>
              {list.data.data.map((dashboard) => (
                <option key={dashboard.id} value={dashboard.id}>
                  {dashboard.name}
                  {dashboard.visibility === 'team' ? ` · ${t('dashboards.shared')}` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        <NewDashboard />
      </header>
      {list.isPending ? <Loading /> : list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : list.data.data.length === 0 ? <Empty title={t('dashboards.none')} /> : id ? <DashboardBoard key={id} id={id} /> : <Loading />}
    </section>
  );
}

function NewDashboard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const create = useMutation({
    mutationFn: () => api<Dashboard>('/dashboards', { method: 'POST', body: { name: name.trim(), visibility: shared ? 'team' : 'private' } }),
    onSuccess: (dashboard) => {
      setOpen(false);
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['dashboards'] });
      navigate(`/dashboards/${dashboard.id}`);
    },
    onError: (error) => toast({ message: errorText(error), tone: 'error' }),
  });
  if (!open)
    return (
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        {t('dashboards.new')}
      </button>
    );
  return (
    <form
      className="dashboard-new"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim()) create.mutate();
      }}
    >
      <label className="field inline-field">
        <span>{t('dashboards.name')}</span>
        <input autoFocus value={name} maxLength={150} onChange={(event) => setName(event.target.value)} data-testid="dashboard-name" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
        {t('dashboards.shareWithTeam')}
      </label>
      <button type="submit" className="button button-primary" disabled={!name.trim() || create.isPending}>
        {t('dashboards.create')}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('app.cancel')}
      </button>
    </form>
  );
}

function DashboardBoard({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const queryClient = useQueryClient();
  const dashboard = useQuery({ queryKey: ['dashboards', id], queryFn: () => api<Dashboard>(`/dashboards/${id}`) });
  const [editing, setEditing] = useState(false);
  const [dragged, setDragged] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (body: { widgets?: Widget[]; name?: string }) => api<Dashboard>(`/dashboards/${id}`, { method: 'PATCH', body: { ...body, ...(body.widgets ? { widgets: plain(body.widgets) } : {}) } }),
    onMutate: (body) => {
      // Arranging answers at once; the server's answer (or the refetch after an error) settles it.
      if (body.widgets) queryClient.setQueryData<Dashboard>(['dashboards', id], (previous) => (previous ? { ...previous, widgets: body.widgets! } : previous));
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['dashboards', id], saved);
      void queryClient.invalidateQueries({ queryKey: ['dashboards'], exact: true });
    },
    onError: (error) => {
      toast({ message: errorText(error), tone: 'error' });
      void queryClient.invalidateQueries({ queryKey: ['dashboards', id] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`/dashboards/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['dashboards'] });
      navigate('/dashboards', { replace: true });
    },
    onError: (error) => toast({ message: errorText(error), tone: 'error' }),
  });

  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError) return <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const board = dashboard.data;
  const widgets = board.widgets;
  const change = (next: Widget[]) => save.mutate({ widgets: next });
  const move = (from: number, to: number) => {
    if (to < 0 || to >= widgets.length || from === to) return;
    const next = [...widgets];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    change(next);
  };
  const resize = (index: number, patch: Partial<Pick<Widget, 'width' | 'height'>>) => change(widgets.map((widget, at) => (at === index ? { ...widget, ...patch } : widget)));

  return (
    <div className="dashboard-board">
      <div className="dashboard-toolbar">
        <span className="muted small">
          {board.visibility === 'team' ? t('dashboards.shared') : t('dashboards.private')}
          {!board.isOwner && board.ownerName ? ` · ${t('dashboards.owner', { name: board.ownerName })}` : ''}
        </span>
        {board.isOwner && (
          <>
            <button type="button" className="button" aria-pressed={editing} onClick={() => setEditing((value) => !value)}>
              {editing ? t('dashboards.done') : t('dashboards.edit')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                const name = window.prompt(t('dashboards.rename'), board.name);
                if (name?.trim()) save.mutate({ name: name.trim() });
              }}
            >
              {t('dashboards.rename')}
            </button>
            <button type="button" className="button button-danger" onClick={() => window.confirm(t('dashboards.confirmDelete', { name: board.name })) && remove.mutate()}>
              {t('dashboards.delete')}
            </button>
          </>
        )}
      </div>
      {board.isOwner && <AddWidget dashboard={board} onAdd={(reportId) => change([...widgets, { id: `new-${++added}`, reportId, width: 2, height: 1 }])} />}
      {editing && <p className="muted small">{t('dashboards.dragHint')}</p>}
      {widgets.length === 0 ? (
        <Empty title={t('dashboards.empty')} />
      ) : (
        <ol className="dashboard-grid" data-testid="dashboard-grid">
          {widgets.map((widget, index) => (
            <li
              key={widget.id}
              className={`card dashboard-widget${dragged === index ? ' dragging' : ''}`}
              style={{ gridColumn: `span ${widget.width}`, gridRow: `span ${widget.height}` }}
              data-testid="dashboard-widget"
              data-report-id={widget.reportId}
              draggable={editing}
              onDragStart={(event: DragEvent) => {
                setDragged(index);
                event.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(event: DragEvent) => editing && dragged !== null && event.preventDefault()}
              onDrop={(event: DragEvent) => {
                event.preventDefault();
                if (dragged !== null) move(dragged, index);
                setDragged(null);
              }}
              onDragEnd={() => setDragged(null)}
            >
              <header className="dashboard-widget-header">
                <h2>{widget.available === false ? t('dashboards.unavailable') : (widget.title ?? widget.reportName)}</h2>
                {widget.available !== false && (
                  <Link className="small" to={`/reports/${widget.reportId}`}>
                    {t('dashboards.openReport')}
                  </Link>
                )}
              </header>
              {editing && (
                <div className="dashboard-widget-tools" role="group" aria-label={widget.reportName ?? ''}>
                  <button type="button" className="icon-button" title={t('dashboards.moveLeft')} aria-label={t('dashboards.moveLeft')} disabled={index === 0} onClick={() => move(index, index - 1)}>
                    ←
                  </button>
                  <button type="button" className="icon-button" title={t('dashboards.moveRight')} aria-label={t('dashboards.moveRight')} disabled={index === widgets.length - 1} onClick={() => move(index, index + 1)}>
                    →
                  </button>
                  <button type="button" className="icon-button" title={t('dashboards.narrower')} aria-label={t('dashboards.narrower')} disabled={widget.width <= 1} onClick={() => resize(index, { width: widget.width - 1 })}>
                    −
                  </button>
                  <button type="button" className="icon-button" title={t('dashboards.wider')} aria-label={t('dashboards.wider')} disabled={widget.width >= 4} onClick={() => resize(index, { width: widget.width + 1 })}>
                    +
                  </button>
                  <button type="button" className="icon-button" title={t('dashboards.taller')} aria-label={t('dashboards.taller')} disabled={widget.height >= 3} onClick={() => resize(index, { height: widget.height + 1 })}>
                    ↓
                  </button>
                  <button type="button" className="icon-button" title={t('dashboards.shorter')} aria-label={t('dashboards.shorter')} disabled={widget.height <= 1} onClick={() => resize(index, { height: widget.height - 1 })}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" title={t('dashboards.remove')} aria-label={t('dashboards.remove')} onClick={() => change(widgets.filter((_, at) => at !== index))}>
                    ×
                  </button>
                </div>
              )}
              {widget.available !== false && <WidgetBody widget={widget} />}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function WidgetBody({ widget }: { widget: Widget }) {
  const metadata = useReportMetadata();
  const run = useQuery({
    queryKey: ['reports', 'saved-run', widget.reportId],
    queryFn: () => api<ReportResult & { definition: ReportDefinition }>(`/reports/${widget.reportId}/run`),
    staleTime: 30_000,
  });
  if (run.isPending || metadata.isPending) return <Loading />;
  if (run.isError || metadata.isError) return <ErrorState error={run.error ?? metadata.error} onRetry={() => void run.refetch()} />;
  return (
    <div className="dashboard-widget-body" data-widget-ready="true">
      <Suspense fallback={<Loading />}>
        <ReportView definition={run.data.definition} result={run.data} objects={metadata.data.objects} savedId={widget.reportId} chartHeight={widget.height * 260} />
      </Suspense>
    </div>
  );
}

function AddWidget({ dashboard, onAdd }: { dashboard: Dashboard; onAdd: (reportId: string) => void }) {
  const { t } = useTranslation();
  const reports = useQuery({ queryKey: ['reports', 'saved'], queryFn: () => api<{ data: SavedReportItem[] }>('/reports') });
  const [reportId, setReportId] = useState('');
  const offered = (reports.data?.data ?? []).filter((report) => dashboard.visibility === 'private' || report.visibility === 'team');
  return (
    <form
      className="dashboard-add"
      onSubmit={(event) => {
        event.preventDefault();
        if (reportId) {
          onAdd(reportId);
          setReportId('');
        }
      }}
    >
      <label className="field inline-field">
        <span>{t('dashboards.addWidget')}</span>
        <select value={reportId} onChange={(event) => setReportId(event.target.value)} data-testid="dashboard-add-report" title={t('dashboards.addWidgetHint')}>
          <option value="">—</option>
          {offered.map((report) => (
            <option key={report.id} value={report.id}>
              {report.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" disabled={!reportId}>
        {t('dashboards.add')}
      </button>
    </form>
  );
}
