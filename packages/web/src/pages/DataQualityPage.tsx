// The data-quality report: each check with its count, opening the records behind it (the object's
// list with the matching filter where the list can express it, else the check's own page of records).
import { Link, useParams } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { can, useMe } from '../app/session';
import { Empty, ErrorState, Loading } from '../components/States';
import { buildQuery } from '../api/client';
import { formatDateTime, formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import './imports.css';

interface ReportEntry {
  key: string;
  object: string;
  title: { ru: string; en: string };
  count: number;
  records: { id: string; name: string }[];
}

/** Where an entry's records are listed: a list filter when one expresses the check. */
export function issueLink(entry: Pick<ReportEntry, 'key' | 'object'>): string {
  if (entry.key.endsWith('-without-owner')) return `/${entry.object}${buildQuery({ 'filter[ownerId][isEmpty]': 'true' })}`;
  if (entry.key.endsWith('-without-contact-channel')) return `/${entry.object}${buildQuery({ 'filter[phones][isEmpty]': 'true', 'filter[emails][isEmpty]': 'true' })}`;
  return `/data-quality/issues/${entry.key}`;
}

function checkLabel(entry: Pick<ReportEntry, 'key' | 'title'>, t: (key: string, options?: Record<string, unknown>) => string): string {
  const kind = entry.key.replace(/^[a-z]+-/, '');
  return t(`dataQuality.checks.${kind}`, { defaultValue: entry.title[currentLocale()] ?? entry.title.en });
}

export default function DataQualityPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { permissions } = useMe();
  const report = useQuery({ queryKey: ['data-quality', 'report'], queryFn: () => api<{ generatedAt: string; entries: ReportEntry[] }>('/data-quality/report') });
  const canFindDuplicates = permissions.contacts?.read === 'all' || permissions.companies?.read === 'all';
  return (
    <section className="page quality-page" aria-labelledby="quality-title">
      <header className="page-header">
        <h1 id="quality-title">{t('dataQuality.title')}</h1>
        <div className="toolbar">
          {canFindDuplicates && (
            <Link className="button" to="/data-quality/duplicates">
              {t('dedupe.title')}
            </Link>
          )}
          <button type="button" className="button" disabled={report.isFetching} onClick={() => void report.refetch()}>
            {t('dataQuality.refresh')}
          </button>
        </div>
      </header>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.entries.length === 0 ? (
        <Empty title={t('dataQuality.nothing')} />
      ) : (
        <>
          <p className="muted">{t('dataQuality.generated', { date: formatDateTime(report.data.generatedAt, locale) })}</p>
          <ul className="quality-list" aria-label={t('dataQuality.checksLabel')}>
            {report.data.entries.map((entry) => {
              const body = (
                <>
                  <span className="kpi-label">{t(`objects.${entry.object}.title`, { defaultValue: entry.object })}</span>
                  <span>{checkLabel(entry, t)}</span>
                  <strong data-testid={`quality-${entry.key}`}>{formatNumber(entry.count, locale)}</strong>
                  <span className="muted small">{entry.count ? t('dataQuality.open') : t('dataQuality.clean')}</span>
                </>
              );
              return (
                <li key={entry.key}>
                  {entry.count && can(permissions, entry.object, 'read') ? (
                    <Link className={`card quality-entry`} to={issueLink(entry)} aria-label={`${t(`objects.${entry.object}.title`, { defaultValue: entry.object })}: ${checkLabel(entry, t)} — ${formatNumber(entry.count, locale)}`}>
                      {body}
                    </Link>
                  ) : (
                    <div className="card quality-entry zero">{body}</div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/** The records behind one check that no list filter expresses (invalid INN, stale deals). */
export function QualityIssuePage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const query = useInfiniteQuery({
    queryKey: ['data-quality', 'issue', key],
    queryFn: ({ pageParam }) => api<{ key: string; object: string; data: { id: string; name: string }[]; nextCursor: string | null }>(`/data-quality/issues/${key}`, { query: { limit: 100, cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const first = query.data?.pages[0];
  const records = query.data?.pages.flatMap((page) => page.data) ?? [];
  const label = t(`dataQuality.checks.${key.replace(/^[a-z]+-/, '')}`, { defaultValue: key });
  return (
    <section className="page quality-page" aria-labelledby="issue-title">
      <p className="breadcrumbs">
        <Link to="/data-quality">{t('dataQuality.title')}</Link>
      </p>
      <header className="page-header">
        <h1 id="issue-title">
          {first ? `${t(`objects.${first.object}.title`, { defaultValue: first.object })}: ` : ''}
          {label}
        </h1>
      </header>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : records.length === 0 ? (
        <Empty title={t('dataQuality.clean')} />
      ) : (
        <>
          <ul className="card issue-records" aria-label={label}>
            {records.map((record) => (
              <li key={record.id}>
                <Link to={`/${first!.object}/${record.id}`}>{record.name || '—'}</Link>
              </li>
            ))}
          </ul>
          {query.hasNextPage && (
            <button type="button" className="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('app.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
