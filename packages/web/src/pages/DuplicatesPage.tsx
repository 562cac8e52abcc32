// The duplicate finder: start a run over the workspace, follow it, and list the groups of likely
// duplicates with their confidence; each group opens the merge screen.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { useMe } from '../app/session';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { formatDateTime, formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import './imports.css';

interface DuplicateGroup {
  type: 'contact' | 'company';
  reasons: string[];
  confidence: number;
  records: { id: string; name: string }[];
}

interface DuplicateRun {
  id: string;
  status: 'running' | 'done' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  groups: DuplicateGroup[];
}

const objectOfType = { contact: 'contacts', company: 'companies' } as const;

export default function DuplicatesPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const { permissions } = useMe();
  // The finder looks at the whole workspace: it needs read rights on all contacts or all companies.
  const allowed = permissions.contacts?.read === 'all' || permissions.companies?.read === 'all';
  const [runId, setRunId] = useState('latest');
  const [type, setType] = useState<'all' | 'contact' | 'company'>('all');
  const [error, setError] = useState<string | null>(null);
  const run = useQuery({
    queryKey: ['duplicates', 'run', runId],
    queryFn: async () => {
      try {
        return await api<DuplicateRun>(`/data-quality/duplicates/runs/${runId}`);
      } catch (problem) {
        if (problem instanceof ApiError && problem.status === 404 && runId === 'latest') return null;
        throw problem;
      }
    },
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
    enabled: allowed,
  });

  async function start() {
    setError(null);
    try {
      const started = await api<DuplicateRun>('/data-quality/duplicates/runs', { method: 'POST' });
      client.setQueryData(['duplicates', 'run', started.id], started);
      setRunId(started.id);
    } catch (problem) {
      setError(errorMessage(problem));
    }
  }

  if (!allowed) {
    return (
      <section className="page quality-page" aria-labelledby="duplicates-title">
        <h1 id="duplicates-title">{t('dedupe.title')}</h1>
        <p className="notice">{t('dedupe.forbidden')}</p>
      </section>
    );
  }
  const data = run.data;
  const groups = (data?.groups ?? []).filter((group) => type === 'all' || group.type === type).sort((a, b) => b.confidence - a.confidence);
  const running = data?.status === 'running';
  // A run left 'running' by a stopped server never finishes: after 15 minutes a new one may be started.
  const stuck = running && Date.now() - Date.parse(data.createdAt) > 15 * 60_000;
  return (
    <section className="page quality-page" aria-labelledby="duplicates-title">
      <p className="breadcrumbs">
        <Link to="/data-quality">{t('dataQuality.title')}</Link>
      </p>
      <header className="page-header">
        <h1 id="duplicates-title">{t('dedupe.title')}</h1>
        <div className="toolbar">
          <button type="button" className="button button-primary" disabled={(running && !stuck) || run.isPending} onClick={() => void start()}>
            {running && !stuck ? t('dedupe.running') : t('dedupe.run')}
          </button>
        </div>
      </header>
      <p className="muted">{t('dedupe.explain')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {run.isPending ? (
        <Loading />
      ) : run.isError ? (
        <ErrorState error={run.error} onRetry={() => void run.refetch()} />
      ) : !data ? (
        <Empty title={t('dedupe.never')} />
      ) : running ? (
        <Loading label={stuck ? t('dedupe.stuck') : t('dedupe.running')} />
      ) : data.status === 'failed' ? (
        <p className="form-error" role="alert">
          {t('dedupe.failed')}
        </p>
      ) : (
        <>
          <div className="section-header">
            <span className="muted" aria-live="polite">
              {t('dedupe.summary', { count: data.groups.length, formatted: formatNumber(data.groups.length, locale), date: formatDateTime(data.finishedAt ?? data.createdAt, locale) })}
            </span>
            <label className="inline-label toolbar">
              {t('dedupe.show')}{' '}
              <select value={type} onChange={(event) => setType(event.target.value as typeof type)}>
                <option value="all">{t('dedupe.types.all')}</option>
                <option value="contact">{t('objects.contacts.title')}</option>
                <option value="company">{t('objects.companies.title')}</option>
              </select>
            </label>
          </div>
          {groups.length === 0 ? (
            <Empty title={t('dedupe.none')} />
          ) : (
            <ul className="duplicate-groups" aria-label={t('dedupe.groups')}>
              {groups.map((group) => {
                const object = objectOfType[group.type];
                return (
                  <li key={`${group.type}:${group.records.map((record) => record.id).join()}`} className="card duplicate-group">
                    <span className={`badge confidence ${group.confidence >= 0.9 ? 'badge-danger' : 'badge-warn'}`} title={t('dedupe.confidence')}>
                      {formatNumber(Math.round(group.confidence * 100), locale)}%
                    </span>
                    <span className="muted small">{t(`objects.${object}.title`)}</span>
                    <ul>
                      {group.records.map((record) => (
                        <li key={record.id}>
                          <Link to={`/${object}/${record.id}`}>{record.name || '—'}</Link>
                        </li>
                      ))}
                    </ul>
                    <span className="muted small">{group.reasons.map((reason) => t(`dedupe.reasons.${reason}`, { defaultValue: reason })).join(', ')}</span>
                    <Link className="button button-small" to={`/merge/${object}?ids=${group.records.map((record) => record.id).join(',')}`}>
                      {t('dedupe.merge')}
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
