// Everything that happened to a record, newest first: calls, meetings, notes, emails, tasks,
// field changes, stage moves and orders (GET /{object}/:id/timeline).
import { useEffect, useRef, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { Empty, ErrorState, Loading } from '../States';

export interface TimelineItem {
  kind: string;
  id: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** The label key and the text lines of one item. */
export function describeItem(item: TimelineItem, t: (key: string, options?: Record<string, unknown>) => string, object = ''): { label: string; title: string; body: string | null; tone: string } {
  const data = item.data ?? {};
  switch (item.kind) {
    case 'activity': {
      const kind = String(data.kind ?? 'note');
      return { label: t(`timeline.kinds.${kind}`), title: String(data.subject ?? ''), body: (data.body as string) ?? null, tone: kind };
    }
    case 'task':
      return { label: t('timeline.kinds.task'), title: String(data.title ?? ''), body: data.status ? t(`enums.taskStatus.${String(data.status)}`, { defaultValue: String(data.status) }) : null, tone: 'task' };
    case 'stage_change':
      return { label: t('timeline.kinds.stage_change'), title: t('timeline.stageMoved', { from: data.fromStage ?? '—', to: data.toStage ?? '—' }), body: null, tone: 'stage' };
    case 'order':
      return { label: t('timeline.kinds.order'), title: `№ ${String(data.number ?? '')}`, body: data.status ? t(`enums.orderStatus.${String(data.status)}`, { defaultValue: String(data.status) }) : null, tone: 'order' };
    case 'audit': {
      const changes = Object.keys((data.changes as Record<string, unknown>) ?? {});
      const action = String(data.action ?? 'update');
      return {
        label: t(`timeline.actions.${action}`, { defaultValue: action }),
        title: changes.length && action === 'update' ? t('timeline.changedFields', { fields: changes.map((name) => t(`fields.${object}.${name}`, { defaultValue: name })).join(', ') }) : '',
        body: null,
        tone: 'audit',
      };
    }
    default:
      return { label: item.kind, title: '', body: null, tone: 'event' };
  }
}

/** The server's kinds of history, offered as a filter (stage moves only where records have stages). */
export function timelineFilters(object: string): string[] {
  return ['all', 'activity', 'task', 'audit', ...(object === 'deals' || object === 'leads' ? ['stage_change'] : []), ...(object === 'companies' || object === 'contacts' ? ['order'] : [])];
}

export function Timeline({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState('all');
  const sentinel = useRef<HTMLDivElement>(null);
  const query = useInfiniteQuery({
    queryKey: ['timeline', object, id, kind],
    queryFn: ({ pageParam }) =>
      api<{ data: TimelineItem[]; nextCursor: string | null }>(`/${object}/${id}/timeline`, { query: { cursor: pageParam ?? undefined, limit: 50, kinds: kind === 'all' ? undefined : kind } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    retry: false,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  // Infinite scroll: the next page loads as the end of the list comes into view (the button stays for the keyboard).
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '300px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const filter = (
    <div className="segmented timeline-filter" role="group" aria-label={t('timeline.filter')}>
      {timelineFilters(object).map((item) => (
        <button key={item} type="button" className="button" aria-pressed={kind === item} onClick={() => setKind(item)}>
          {t(`timeline.filters.${item}`)}
        </button>
      ))}
    </div>
  );
  if (query.isPending) return <>{filter}<Loading /></>;
  if (query.isError) return <>{filter}<ErrorState error={query.error} onRetry={() => void query.refetch()} /></>;
  const items = query.data.pages.flatMap((page) => page.data);
  if (items.length === 0) return <>{filter}<Empty title={t(kind === 'all' ? 'timeline.empty' : 'timeline.emptyKind')} /></>;
  return (
    <div>
      {filter}
      <ol className="timeline" aria-label={t('record.tabs.timeline')}>
        {items.map((item) => {
          const text = describeItem(item, t, object);
          const actor = item.data?.actorName as string | undefined;
          return (
            <li key={`${item.kind}:${item.id}`} className={`timeline-item timeline-${text.tone}`}>
              <span className="timeline-kind">{text.label}</span>
              <div className="timeline-body">
                {text.title && <strong>{text.title}</strong>}
                {text.body && <p>{text.body}</p>}
                <span className="muted small">
                  {formatDateTime(item.occurredAt, currentLocale())}
                  {actor ? ` · ${actor}` : ''}
                </span>
              </div>
            </li>
          );
        })}
      </ol>
      <div ref={sentinel} data-testid="timeline-end" />
      {query.hasNextPage && (
        <button type="button" className="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t('app.loading') : t('app.more')}
        </button>
      )}
    </div>
  );
}
