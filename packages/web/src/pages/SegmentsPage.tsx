// Segments (issue 14): the saved segments I own or my team shares, a builder with a live count (POST
// /segments/preview, computed with my rights), and a segment's members as a table with export and, for a
// static list, members added from a pasted list of emails, INNs or ids.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { Empty, ErrorState, Loading, useFieldErrorText } from '../components/States';
import { useToast } from '../components/Toasts';
import { SegmentBuilder } from '../components/segments/SegmentBuilder';
import { can, useMe } from '../app/session';
import { formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import { emptyDraft, pastedEntries, problemsByRow, toApiConditions, type SegmentDraft, type SegmentSummary } from '../lib/segments';
import './segments.css';

type Row = Record<string, unknown> & { id: string };

const columnsOf = (object: SegmentDraft['object']) => (object === 'contacts' ? ['fullName', 'emails', 'phones', 'city'] : ['name', 'inn', 'emails', 'city']);

export default function SegmentsPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['segments'], queryFn: () => api<{ data: SegmentSummary[] }>('/segments') });
  return (
    <section className="page segments-page" aria-labelledby="segments-title">
      <header className="page-header">
        <h1 id="segments-title">{t('segments.title')}</h1>
        <Link className="button button-primary" to="/segments/new">
          {t('segments.new')}
        </Link>
      </header>
      <div className="segments-layout">
        <nav className="segments-list" aria-label={t('segments.list')}>
          {list.isPending ? (
            <Loading />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.data.length === 0 ? (
            <Empty title={t('segments.none')} />
          ) : (
            <ul>
              {list.data.data.map((segment) => (
                <li key={segment.id} className={segment.id === id ? 'active' : undefined}>
                  <Link to={`/segments/${segment.id}`}>
                    <strong>{segment.name}</strong>
                    <span className="muted">
                      {t(`segments.objects.${segment.object}`)} · {t(`segments.kinds.${segment.kind}`)}
                      {segment.visibility === 'team' ? ` · ${t('segments.visibilities.team')}` : ''}
                      {!segment.isOwner && segment.ownerName ? ` · ${segment.ownerName}` : ''}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="segments-main">{id === 'new' ? <SegmentEditor key="new" /> : id ? <SegmentDetail key={id} id={id} /> : <Empty title={t('segments.pick')} />}</div>
      </div>
    </section>
  );
}

/** Creating (no segment) or editing a segment's definition, with the live count of what it would hold. */
function SegmentEditor({ segment, onDone }: { segment?: SegmentSummary; onDone?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const [draft, setDraft] = useState<SegmentDraft>(segment ? { name: segment.name, object: segment.object, kind: segment.kind, visibility: segment.visibility, conditions: segment.conditions } : emptyDraft());
  const [debounced, setDebounced] = useState(draft);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(draft), 400);
    return () => clearTimeout(timer);
  }, [draft]);
  const preview = useQuery({
    queryKey: ['segments', 'preview', debounced.object, debounced.kind, JSON.stringify(debounced.conditions)],
    enabled: debounced.kind === 'dynamic',
    queryFn: () => api<{ count: number; data: Row[] }>('/segments/preview', { method: 'POST', body: { object: debounced.object, kind: 'dynamic', conditions: toApiConditions(debounced.conditions), limit: 10 } }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const save = useMutation({
    mutationFn: () =>
      segment
        ? api<SegmentSummary>(`/segments/${segment.id}`, { method: 'PATCH', body: { name: draft.name, visibility: draft.visibility, conditions: toApiConditions(draft.conditions) } })
        : api<SegmentSummary>('/segments', { method: 'POST', body: { ...draft, conditions: toApiConditions(draft.conditions) } }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['segments'] });
      toast({ message: t('segments.saved'), tone: 'success' });
      if (onDone) onDone();
      else navigate(`/segments/${saved.id}`);
    },
  });
  const problems = problemsByRow(save.error instanceof ApiError ? save.error.details : preview.error instanceof ApiError ? preview.error.details : null);
  return (
    <div className="segment-editor-panel">
      <SegmentBuilder draft={draft} onChange={setDraft} problems={problems} locked={Boolean(segment)} />
      {draft.kind === 'dynamic' && (
        <div className="segment-preview" aria-live="polite">
          {preview.isError && !Object.keys(problems).length ? (
            <p className="field-error">{errorText(preview.error)}</p>
          ) : preview.data ? (
            <>
              <p className="segment-count" data-testid="segment-preview-count">
                {t('segments.previewCount', { count: preview.data.count, formatted: formatNumber(preview.data.count, currentLocale()) })}
                {preview.isFetching && <span className="spinner" aria-hidden="true" />}
              </p>
              <MembersTable object={draft.object} rows={preview.data.data} />
            </>
          ) : (
            <Loading />
          )}
        </div>
      )}
      {save.isError && !Object.keys(problems).length && (
        <p className="field-error" role="alert">
          {errorText(save.error)}
        </p>
      )}
      <div className="form-actions">
        {onDone && (
          <button type="button" className="button" onClick={onDone}>
            {t('app.cancel')}
          </button>
        )}
        <button type="button" className="button button-primary" disabled={save.isPending || !draft.name.trim()} onClick={() => save.mutate()}>
          {t('segments.save')}
        </button>
      </div>
    </div>
  );
}

function SegmentDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const { permissions } = useMe();
  const [editing, setEditing] = useState(false);
  const segment = useQuery({ queryKey: ['segments', id], queryFn: () => api<SegmentSummary>(`/segments/${id}`), retry: false });
  const object = segment.data?.object;
  const count = useQuery({ queryKey: ['segments', id, 'count'], enabled: Boolean(object), queryFn: () => api<{ count: number }>(`/segments/${id}/count`) });
  const [cursors, setCursors] = useState<string[]>([]);
  const members = useQuery({
    queryKey: ['segments', id, 'members', cursors[cursors.length - 1] ?? null],
    enabled: Boolean(object),
    queryFn: () => api<{ data: Row[]; nextCursor: string | null }>(`/segments/${id}/members`, { query: { limit: 50, fields: object ? columnsOf(object).join(',') : undefined, cursor: cursors[cursors.length - 1] } }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: () => api(`/segments/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['segments'] });
      navigate('/segments');
    },
  });
  if (segment.isPending) return <Loading />;
  if (segment.isError) return <ErrorState error={segment.error} />;
  const data = segment.data;
  if (editing) return <SegmentEditor segment={data} onDone={() => setEditing(false)} />;
  const refresh = () => void client.invalidateQueries({ queryKey: ['segments', id] });
  return (
    <div className="segment-detail">
      <header className="segment-detail-head">
        <h2>{data.name}</h2>
        <p className="segment-count" data-testid="segment-count">
          {count.data ? t('segments.count', { count: count.data.count, formatted: formatNumber(count.data.count, currentLocale()) }) : '…'}
        </p>
        <div className="form-actions">
          {can(permissions, data.object, 'export') && (
            <a className="button" download href={`/api/v1/segments/${id}/export?format=xlsx&fields=${columnsOf(data.object).join(',')}`}>
              {t('segments.export')}
            </a>
          )}
          {data.isOwner && (
            <>
              <button type="button" className="button" onClick={() => setEditing(true)}>
                {t('segments.edit')}
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  if (window.confirm(t('segments.confirmDelete', { name: data.name }))) remove.mutate();
                }}
              >
                {t('segments.delete')}
              </button>
            </>
          )}
        </div>
      </header>
      {remove.isError && <p className="field-error">{errorText(remove.error)}</p>}
      {data.kind === 'static' && data.isOwner && <AddMembers id={id} onAdded={refresh} onMessage={(message) => toast({ message, tone: 'success' })} />}
      {members.isError ? (
        <ErrorState error={members.error} />
      ) : members.data ? (
        <>
          <MembersTable object={data.object} rows={members.data.data} />
          <div className="form-actions">
            {cursors.length > 0 && (
              <button type="button" className="button" onClick={() => setCursors((list) => list.slice(0, -1))}>
                {t('segments.previousPage')}
              </button>
            )}
            {members.data.nextCursor && (
              <button type="button" className="button" onClick={() => setCursors((list) => [...list, members.data.nextCursor!])}>
                {t('segments.nextPage')}
              </button>
            )}
          </div>
        </>
      ) : (
        <Loading />
      )}
    </div>
  );
}

function AddMembers({ id, onAdded, onMessage }: { id: string; onAdded: () => void; onMessage: (message: string) => void }) {
  const { t } = useTranslation();
  const errorText = useFieldErrorText();
  const [text, setText] = useState('');
  const [notFound, setNotFound] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: () => api<{ added: number; notFound: string[] }>(`/segments/${id}/members`, { method: 'POST', body: { text } }),
    onSuccess: (result) => {
      setNotFound(result.notFound);
      setText('');
      onMessage(t('segments.added', { count: result.added }));
      onAdded();
    },
  });
  const entries = pastedEntries(text).length;
  return (
    <form
      className="segment-add-members"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <label className="field">
        <span>{t('segments.pasteMembers')}</span>
        <textarea rows={4} value={text} onChange={(event) => setText(event.target.value)} placeholder={t('segments.pastePlaceholder')} />
      </label>
      <button type="submit" className="button" disabled={!entries || add.isPending}>
        {t('segments.addMembers', { count: entries })}
      </button>
      {add.isError && <p className="field-error" role="alert">{errorText(add.error)}</p>}
      {notFound.length > 0 && (
        <p className="hint" role="status">
          {t('segments.notFound', { count: notFound.length })}: {notFound.slice(0, 20).join(', ')}
        </p>
      )}
    </form>
  );
}

function MembersTable({ object, rows }: { object: SegmentDraft['object']; rows: Row[] }) {
  const { t } = useTranslation();
  if (!rows.length) return <Empty title={t('segments.noMembers')} />;
  const columns = columnsOf(object);
  const text = (value: unknown) => (Array.isArray(value) ? value.join(', ') : value === null || value === undefined ? '' : String(value));
  return (
    <table className="simple-table segment-members">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column}>{t(`fields.${object}.${column}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            {columns.map((column, index) => (
              <td key={column}>{index === 0 ? <Link to={`/${object}/${row.id}`}>{text(row[column]) || '—'}</Link> : text(row[column])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
