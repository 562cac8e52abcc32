// Reports: the saved reports (own and the team's shared ones) and the builder. The builder edits a
// definition (source, linked objects, filters with the list's operators, up to two group-bys with date
// periods, measures, view); every change re-runs it on the server (POST /reports/run) for the preview.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Empty, ErrorState, Loading, useFieldErrorText } from '../components/States';
import { useToast } from '../components/Toasts';
import { ReportView, useFieldLabel } from '../components/reports/ReportView';
import { browserOffset } from './DashboardPage';
import { formatDateTime } from '../lib/format';
import { currentLocale } from '../i18n';
import {
  canonical,
  fieldOptions,
  fieldsForMeasure,
  groupableTypes,
  isDateType,
  linkPaths,
  type Bucket,
  type ChartKind,
  type MeasureFn,
  type ReportDefinition,
  type ReportMetadata,
  type ReportResult,
} from '../lib/report-builder';
import { AddToDashboard, ReportSchedules } from '../components/reports/ReportSchedules';
import { useReportMetadata } from '../components/reports/report-queries';
import { can, useMe } from '../app/session';
import './reports.css';

interface SavedReport {
  id: string;
  name: string;
  visibility: 'private' | 'team';
  definition: ReportDefinition;
  ownerId: string;
  ownerName: string | null;
  isOwner: boolean;
  updatedAt: string;
}

const operators = ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'in', 'contains', 'isEmpty'];
const buckets: Bucket[] = ['day', 'week', 'month', 'quarter', 'year'];
const functions: MeasureFn[] = ['count', 'sum', 'avg', 'min', 'max', 'distinctCount'];
const chartKinds: ChartKind[] = ['bar', 'line', 'pie', 'donut', 'funnel', 'table', 'pivot'];


export default function ReportsPage() {
  const { id } = useParams();
  if (id) return <ReportBuilder id={id === 'new' ? null : id} />;
  return <SavedReports />;
}

function SavedReports() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const list = useQuery({ queryKey: ['reports', 'saved'], queryFn: () => api<{ data: SavedReport[] }>('/reports') });
  return (
    <section className="page reports-page" aria-labelledby="reports-title">
      <header className="page-header">
        <h1 id="reports-title">{t('reportBuilder.title')}</h1>
        <Link className="button button-primary" to="/reports/new">
          {t('reportBuilder.new')}
        </Link>
      </header>
      <h2>{t('reportBuilder.saved')}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('reportBuilder.none')} />
      ) : (
        <table className="simple-table" data-testid="saved-reports">
          <thead>
            <tr>
              <th scope="col">{t('reportBuilder.name')}</th>
              <th scope="col">{t('reportBuilder.source')}</th>
              <th scope="col">{t('reportBuilder.owner')}</th>
              <th scope="col">{t('reportBuilder.shareWithTeam')}</th>
              <th scope="col">{t('fields.deals.createdAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((report) => (
              <tr key={report.id}>
                <th scope="row">
                  <Link to={`/reports/${report.id}`}>{report.name}</Link>
                </th>
                <td>{sourceName(t, report.definition.source)}</td>
                <td>{report.ownerName}</td>
                <td>{report.visibility === 'team' ? t('reportBuilder.shared') : t('reportBuilder.private')}</td>
                <td>{formatDateTime(report.updatedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function sourceName(t: (key: string) => string, source: string): string {
  return source === 'orderLines' ? t('reportBuilder.orderLines') : t(`objects.${source}.title`);
}

function initialDefinition(metadata: ReportMetadata | undefined): ReportDefinition {
  const deals = metadata?.objects.find((object) => object.key === 'deals');
  return {
    source: 'deals',
    joins: [],
    filters: [],
    groupBy: [{ field: deals?.defaultDate ?? 'createdAt', bucket: 'month' }],
    measures: [{ fn: 'count' }],
    chart: 'bar',
    tz: browserOffset(),
  };
}

/** The definition the server is asked to run: filters without a value (other than isEmpty) left out while being typed. */
function runnable(definition: ReportDefinition): ReportDefinition {
  return { ...definition, filters: definition.filters.filter((filter) => filter.field && (filter.value !== '' || filter.op === 'isEmpty')) };
}

function ReportBuilder({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const queryClient = useQueryClient();
  const { permissions } = useMe();
  const metadata = useReportMetadata();
  const saved = useQuery({ queryKey: ['reports', 'saved', id], queryFn: () => api<SavedReport>(`/reports/${id}`), enabled: Boolean(id) });
  const [definition, setDefinition] = useState<ReportDefinition | null>(null);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const fieldLabel = useFieldLabel(metadata.data?.objects);

  useEffect(() => {
    if (id && saved.data) {
      setDefinition(saved.data.definition);
      setName(saved.data.name);
      setShared(saved.data.visibility === 'team');
    } else if (!id && metadata.data && !definition) setDefinition(initialDefinition(metadata.data));
  }, [id, saved.data, metadata.data]);

  const toRun = definition ? runnable(definition) : null;
  const preview = useQuery({
    queryKey: ['reports', 'run', toRun],
    queryFn: () => api<ReportResult>('/reports/run', { method: 'POST', body: toRun }),
    enabled: Boolean(toRun),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), visibility: shared ? 'team' : 'private', definition: toRun };
      return id && saved.data?.isOwner ? api<SavedReport>(`/reports/${id}`, { method: 'PATCH', body }) : api<SavedReport>('/reports', { method: 'POST', body });
    },
    onSuccess: (report) => {
      toast({ message: t('reportBuilder.savedAs', { name: report.name }), tone: 'success', timeoutMs: 3000 });
      void queryClient.invalidateQueries({ queryKey: ['reports', 'saved'] });
      if (report.id !== id) navigate(`/reports/${report.id}`, { replace: true });
    },
    onError: (error) => toast({ message: errorText(error), tone: 'error' }),
  });
  const remove = useMutation({
    mutationFn: () => api(`/reports/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast({ message: t('reportBuilder.deleted'), tone: 'success', timeoutMs: 3000 });
      void queryClient.invalidateQueries({ queryKey: ['reports', 'saved'] });
      navigate('/reports');
    },
    onError: (error) => toast({ message: errorText(error), tone: 'error' }),
  });


  const links = useMemo(() => (metadata.data && definition ? linkPaths(metadata.data, definition.source) : []), [metadata.data, definition]);
  const options = useMemo(() => (metadata.data && definition ? fieldOptions(metadata.data, definition.source, definition.joins) : []), [metadata.data, definition]);

  if (metadata.isPending || (id && saved.isPending) || !definition) return metadata.isError || saved.isError ? <ErrorState error={metadata.error ?? saved.error} /> : <Loading />;
  if (!metadata.data) return <ErrorState error={metadata.error} />;
  const meta = metadata.data;
  const update = (change: Partial<ReportDefinition>) => setDefinition((previous) => ({ ...previous!, ...change }));
  const groupOptions = options.filter((option) => groupableTypes.includes(option.type));
  const optionLabel = (path: string) => fieldLabel(definition.source, path);
  const readOnly = Boolean(id && saved.data && !saved.data.isOwner);

  const changeSource = (source: string) => {
    const object = meta.objects.find((item) => item.key === source);
    const dateField = object?.defaultDate.includes('.') ? 'createdAt' : (object?.defaultDate ?? 'createdAt');
    setDefinition({ ...definition, source, joins: object?.defaultDate.includes('.') ? [object.defaultDate.split('.')[0]] : [], filters: [], groupBy: [{ field: object?.defaultDate ?? dateField, bucket: 'month' }], measures: [{ fn: 'count' }] });
  };
  const toggleJoin = (path: string, on: boolean) => {
    const joins = on ? [...definition.joins, path] : definition.joins.filter((item) => item !== path && !item.startsWith(`${path}.`));
    const kept = (field?: string) => !field || !field.includes('.') || joins.some((join) => field.startsWith(`${join}.`) && !field.slice(join.length + 1).includes('.'));
    update({ joins, filters: definition.filters.filter((filter) => kept(filter.field)), groupBy: definition.groupBy.filter((group) => kept(group.field)), measures: definition.measures.filter((measure) => kept(measure.field)) });
  };

  return (
    <section className="page report-builder" aria-labelledby="report-builder-title">
      <header className="page-header">
        <h1 id="report-builder-title">{id && saved.data ? saved.data.name : t('reportBuilder.new')}</h1>
        <Link to="/reports">{t('reportBuilder.saved')}</Link>
      </header>
      <div className="report-layout">
        <div className="report-column">
        <form className="card report-form" aria-label={t('reportBuilder.builder')} onSubmit={(event) => event.preventDefault()}>
          <label className="field">
            <span>{t('reportBuilder.source')}</span>
            <select value={definition.source} onChange={(event) => changeSource(event.target.value)} disabled={readOnly}>
              {meta.sources
                .filter((source) => meta.objects.find((object) => object.key === source)?.readable)
                .map((source) => (
                  <option key={source} value={source}>
                    {sourceName(t, source)}
                  </option>
                ))}
            </select>
          </label>

          {links.length > 0 && (
            <fieldset>
              <legend>{t('reportBuilder.joins')}</legend>
              <p className="muted small">{t('reportBuilder.joinsHint')}</p>
              {links.map((link) => {
                const parent = link.names.slice(0, -1).join('.');
                if (parent && !definition.joins.includes(parent)) return null;
                return (
                  <label key={link.path} className="checkbox" style={{ marginLeft: `${(link.names.length - 1) * 1.25}rem` }}>
                    <input type="checkbox" checked={definition.joins.includes(link.path)} disabled={readOnly || (definition.source === 'orderLines' && link.path === 'order')} onChange={(event) => toggleJoin(link.path, event.target.checked)} />
                    {link.names.map((item) => t(`reportBuilder.links.${item}`, { defaultValue: item })).join(' → ')}
                  </label>
                );
              })}
            </fieldset>
          )}

          <fieldset>
            <legend>{t('reportBuilder.filters')}</legend>
            {definition.filters.map((filter, index) => {
              const setFilter = (change: Partial<(typeof definition.filters)[number]>) => update({ filters: definition.filters.map((item, at) => (at === index ? { ...item, ...change } : item)) });
              return (
                <div className="report-row" key={index} data-testid={`filter-${index}`}>
                  <select aria-label={t('reportBuilder.field')} value={filter.field} onChange={(event) => setFilter({ field: event.target.value })} disabled={readOnly}>
                    {options.map((option) => (
                      <option key={option.path} value={option.path}>
                        {optionLabel(option.path)}
                      </option>
                    ))}
                  </select>
                  <select aria-label={t('reportBuilder.operator')} value={filter.op} onChange={(event) => setFilter({ op: event.target.value, value: event.target.value === 'isEmpty' ? 'true' : filter.value })} disabled={readOnly}>
                    {operators.map((op) => (
                      <option key={op} value={op}>
                        {t(`operators.${op}`)}
                      </option>
                    ))}
                  </select>
                  {filter.op === 'isEmpty' ? (
                    <select aria-label={t('reportBuilder.value')} value={filter.value} onChange={(event) => setFilter({ value: event.target.value })} disabled={readOnly}>
                      <option value="true">{t('reportBuilder.emptyValue')}</option>
                      <option value="false">≠ {t('reportBuilder.emptyValue')}</option>
                    </select>
                  ) : (
                    <input aria-label={t('reportBuilder.value')} value={filter.value} onChange={(event) => setFilter({ value: event.target.value })} disabled={readOnly} type={isDateType(options.find((option) => option.path === filter.field)?.type ?? '') ? 'date' : 'text'} />
                  )}
                  {!readOnly && (
                    <button type="button" className="button" aria-label={t('reportBuilder.remove')} onClick={() => update({ filters: definition.filters.filter((_, at) => at !== index) })}>
                      ×
                    </button>
                  )}
                </div>
              );
            })}
            {!readOnly && (
              <button type="button" className="button" onClick={() => update({ filters: [...definition.filters, { field: options[0]?.path ?? 'id', op: 'eq', value: '' }] })}>
                {t('reportBuilder.addFilter')}
              </button>
            )}
          </fieldset>

          <fieldset>
            <legend>{t('reportBuilder.groupBy')}</legend>
            {definition.groupBy.map((group, index) => {
              const type = options.find((option) => option.path === group.field)?.type ?? '';
              const setGroup = (change: Partial<(typeof definition.groupBy)[number]>) => update({ groupBy: definition.groupBy.map((item, at) => (at === index ? { ...item, ...change } : item)) });
              return (
                <div className="report-row" key={index} data-testid={`group-${index}`}>
                  <select
                    aria-label={`${t('reportBuilder.groupBy')} ${index + 1}`}
                    value={group.field}
                    disabled={readOnly}
                    onChange={(event) => {
                      const nextType = options.find((option) => option.path === event.target.value)?.type ?? '';
                      setGroup({ field: event.target.value, bucket: isDateType(nextType) ? (group.bucket ?? 'month') : undefined });
                    }}
                  >
                    {groupOptions.map((option) => (
                      <option key={option.path} value={option.path}>
                        {optionLabel(option.path)}
                      </option>
                    ))}
                  </select>
                  {isDateType(type) && (
                    <select aria-label={`${t('reportBuilder.bucket')} ${index + 1}`} value={group.bucket ?? 'day'} onChange={(event) => setGroup({ bucket: event.target.value as Bucket })} disabled={readOnly}>
                      {buckets.map((bucket) => (
                        <option key={bucket} value={bucket}>
                          {t(`reportBuilder.buckets.${bucket}`)}
                        </option>
                      ))}
                    </select>
                  )}
                  {!readOnly && (
                    <button type="button" className="button" aria-label={t('reportBuilder.remove')} onClick={() => update({ groupBy: definition.groupBy.filter((_, at) => at !== index) })}>
                      ×
                    </button>
                  )}
                </div>
              );
            })}
            {!readOnly && definition.groupBy.length < 2 && (
              <button type="button" className="button" onClick={() => update({ groupBy: [...definition.groupBy, { field: groupOptions.find((option) => option.path === 'ownerId')?.path ?? groupOptions[0].path }] })}>
                {t('reportBuilder.addGroup')}
              </button>
            )}
          </fieldset>

          <fieldset>
            <legend>{t('reportBuilder.measures')}</legend>
            {definition.measures.map((measure, index) => {
              const candidates = fieldsForMeasure(measure.fn, options);
              const setMeasure = (change: Partial<(typeof definition.measures)[number]>) => update({ measures: definition.measures.map((item, at) => (at === index ? { ...item, ...change } : item)) });
              return (
                <div className="report-row" key={index} data-testid={`measure-${index}`}>
                  <select
                    aria-label={`${t('reportBuilder.measures')} ${index + 1}`}
                    value={measure.fn}
                    disabled={readOnly}
                    onChange={(event) => {
                      const fn = event.target.value as MeasureFn;
                      const next = fieldsForMeasure(fn, options);
                      setMeasure({ fn, field: fn === 'count' ? undefined : next.some((option) => option.path === measure.field) ? measure.field : (next.find((option) => /amount|total/i.test(option.path))?.path ?? next[0]?.path) });
                    }}
                  >
                    {functions.map((fn) => (
                      <option key={fn} value={fn}>
                        {t(`reportBuilder.functions.${fn}`)}
                      </option>
                    ))}
                  </select>
                  {measure.fn !== 'count' && (
                    <select aria-label={`${t('reportBuilder.field')} ${index + 1}`} value={measure.field ?? ''} onChange={(event) => setMeasure({ field: event.target.value })} disabled={readOnly}>
                      {candidates.map((option) => (
                        <option key={option.path} value={option.path}>
                          {optionLabel(option.path)}
                        </option>
                      ))}
                    </select>
                  )}
                  {!readOnly && definition.measures.length > 1 && (
                    <button type="button" className="button" aria-label={t('reportBuilder.remove')} onClick={() => update({ measures: definition.measures.filter((_, at) => at !== index) })}>
                      ×
                    </button>
                  )}
                </div>
              );
            })}
            {!readOnly && definition.measures.length < 6 && (
              <button type="button" className="button" onClick={() => update({ measures: [...definition.measures, { fn: 'count' }] })}>
                {t('reportBuilder.addMeasure')}
              </button>
            )}
          </fieldset>

          <label className="field">
            <span>{t('reportBuilder.chart')}</span>
            <select value={definition.chart} onChange={(event) => update({ chart: event.target.value as ChartKind })}>
              {chartKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`reportBuilder.charts.${kind}`)}
                </option>
              ))}
            </select>
          </label>

          {!readOnly && (
            <fieldset>
              <label className="field">
                <span>{t('reportBuilder.name')}</span>
                <input value={name} onChange={(event) => setName(event.target.value)} maxLength={150} />
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
                {t('reportBuilder.shareWithTeam')}
              </label>
              <div className="report-actions">
                <button type="button" className="button button-primary" disabled={!name.trim() || save.isPending || preview.isError} onClick={() => save.mutate()}>
                  {t('reportBuilder.save')}
                </button>
                {id && saved.data?.isOwner && (
                  <button type="button" className="button button-danger" onClick={() => window.confirm(t('reportBuilder.confirmDelete', { name: saved.data!.name })) && remove.mutate()}>
                    {t('reportBuilder.delete')}
                  </button>
                )}
              </div>
            </fieldset>
          )}
          {id && (
            <a className="button" href={`/api/v1/reports/${id}/export`} download>
              {t('reportBuilder.export')}
            </a>
          )}
        </form>
        {id && saved.data && (
          <aside className="card report-side" aria-label={t('reportSchedules.title')}>
            <AddToDashboard reportId={id} visibility={saved.data.visibility} />
            <ReportSchedules reportId={id} canExport={can(permissions, meta.objects.find((object) => object.key === saved.data!.definition.source)?.permission ?? '', 'export')} />
          </aside>
        )}
        </div>

        <section className="card report-preview" aria-labelledby="report-preview-title" aria-busy={preview.isFetching}>
          <h2 id="report-preview-title">
            {t('reportBuilder.preview')} {preview.isFetching && <span className="muted small">{t('reportBuilder.running')}</span>}
          </h2>
          {preview.isError ? (
            <p role="alert" className="form-error">
              {errorText(preview.error)}
            </p>
          ) : preview.data && toRun ? (
            <ReportView key={canonical(preview.data.definition)} definition={preview.data.definition} result={preview.data} objects={meta.objects} savedId={id && saved.data && canonical(saved.data.definition) === canonical(preview.data.definition) ? id : undefined} />
          ) : (
            <Loading />
          )}
        </section>
      </div>
    </section>
  );
}
