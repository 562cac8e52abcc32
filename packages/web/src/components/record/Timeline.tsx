// Everything that happened to a record, newest first (calls, notes, emails, tasks, changes).
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { Empty, ErrorState, Loading } from '../States';

export interface TimelineItem {
  id: string;
  kind?: string;
  type?: string;
  title?: string | null;
  subject?: string | null;
  summary?: string | null;
  body?: string | null;
  occurredAt?: string;
  at?: string;
  createdAt?: string;
  actorName?: string | null;
  userName?: string | null;
  [key: string]: unknown;
}

export function timelineKind(item: TimelineItem): string {
  return String(item.kind ?? item.type ?? 'event');
}

export function Timeline({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const query = useInfiniteQuery({
    queryKey: ['timeline', object, id],
    queryFn: ({ pageParam }) => api<{ data: TimelineItem[]; nextCursor: string | null }>(`/${object}/${id}/timeline`, { query: { cursor: pageParam ?? undefined, limit: 50 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    retry: false,
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((page) => page.data);
  if (items.length === 0) return <Empty title={t('timeline.empty')} />;
  return (
    <div>
      <ol className="timeline" aria-label={t('record.tabs.timeline')}>
        {items.map((item) => {
          const kind = timelineKind(item);
          const when = item.occurredAt ?? item.at ?? item.createdAt;
          return (
            <li key={`${kind}:${item.id}`} className={`timeline-item timeline-${kind}`}>
              <span className="timeline-kind">{t(`timeline.kinds.${kind}`, { defaultValue: kind })}</span>
              <div className="timeline-body">
                <strong>{item.title ?? item.subject ?? item.summary ?? ''}</strong>
                {item.body && <p>{item.body}</p>}
                <span className="muted small">
                  {formatDateTime(when, currentLocale())}
                  {(item.actorName ?? item.userName) ? ` · ${item.actorName ?? item.userName}` : ''}
                </span>
              </div>
            </li>
          );
        })}
      </ol>
      {query.hasNextPage && (
        <button type="button" className="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {t('app.more')}
        </button>
      )}
    </div>
  );
}
