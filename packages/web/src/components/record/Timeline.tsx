// Everything that happened to a record, newest first: calls, meetings, notes, emails, tasks,
// field changes, stage moves and orders (GET /{object}/:id/timeline).
import { useEffect, useRef, useState } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import DOMPurify from 'dompurify';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { Empty, ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { ComposeEmailDialog, emailObjects, type ComposeReply } from '../email/ComposeEmailDialog';
import { CallRecording } from '../telephony/CallRecording';

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
    case 'email': {
      const direction = data.direction === 'in' ? 'in' : 'out';
      const to = ((data.to as { address: string }[] | null) ?? []).map((item) => item.address).join(', ');
      const status = String(data.status ?? '');
      const statusText = t(`email.status.${status}`, { defaultValue: status });
      const reason = status === 'failed' && data.failureReason ? `: ${String(data.failureReason)}` : '';
      return {
        label: `${t('timeline.kinds.email')} · ${t(`email.direction.${direction}`)}`,
        title: String(data.subject ?? ''),
        body: `${t('email.fromTo', { from: String(data.fromName ? `${String(data.fromName)} <${String(data.from)}>` : (data.from ?? '')), to })} · ${statusText}${reason}`,
        tone: 'email',
      };
    }
    case 'survey': {
      // A customer's survey answer (modules/surveys): the score, the comment and the other answers.
      const answers = Object.entries((data.answers as Record<string, unknown>) ?? {}).map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
      const lines = [data.comment ? String(data.comment) : '', ...answers].filter(Boolean);
      const score = data.score === null || data.score === undefined ? t('timeline.surveyNoScore') : t('timeline.surveyScore', { score: data.score });
      return { label: `${t('timeline.kinds.survey')} · ${String(data.surveyName ?? '')}`, title: `${score}${data.low ? ` · ${t('timeline.surveyLow')}` : ''}${data.completed ? '' : ` · ${t('timeline.surveyPending')}`}`, body: lines.join('\n') || null, tone: 'survey' };
    }
    case 'sla': {
      // An SLA warning or breach of a case (modules/sla): the deadline and, on a breach, who was told.
      const names = (data.escalatedToNames as string[] | undefined) ?? [];
      const due = t('sla.timeline.due', { time: formatDateTime(String(data.dueAt ?? ''), currentLocale()) });
      return { label: t(`sla.timeline.${data.kind === 'breach' ? 'breach' : 'warning'}`), title: t(`sla.targets.${String(data.target)}`, { defaultValue: String(data.target ?? '') }), body: names.length ? `${due} · ${t('sla.timeline.escalated', { names: names.join(', ') })}` : due, tone: data.kind === 'breach' ? 'sla-breach' : 'sla-warning' };
    }
    case 'order':
      return { label: t('timeline.kinds.order'), title: `№ ${String(data.number ?? '')}`, body: data.status ? t(`enums.orderStatus.${String(data.status)}`, { defaultValue: String(data.status) }) : null, tone: 'order' };
    case 'audit': {
      // A low CSAT score's consequence (modules/cases case-csat.service): the case reopened or flagged for the team head.
      const lowScore = (data.meta as { lowScore?: { score?: number; threshold?: number; flagged?: boolean } } | undefined)?.lowScore;
      if (lowScore) {
        return { label: t('timeline.lowScore.label'), title: t(lowScore.flagged ? 'timeline.lowScore.flagged' : 'timeline.lowScore.reopened', { score: lowScore.score, threshold: lowScore.threshold }), body: null, tone: 'survey' };
      }
      const changes = Object.keys((data.changes as Record<string, unknown>) ?? {});
      const action = String(data.action ?? 'update');
      return {
        label: t(`timeline.actions.${action}`, { defaultValue: action }),
        title: changes.length && action === 'update' ? t('timeline.changedFields', { fields: changes.map((name) => t(`fields.${object}.${name}`, { defaultValue: name })).join(', ') }) : '',
        body: null,
        tone: 'audit',
      };
    }
    case 'campaign':
      // Campaign mail (issue 14): sent, bounced, opened, clicked (with the link), unsubscribed.
      return { label: `${t('timeline.kinds.campaign')} · ${String(data.campaignName ?? '')}`, title: t(`timeline.campaignEvents.${String(data.event)}`, { defaultValue: String(data.event ?? '') }), body: (data.url as string) ?? (data.event === 'bounce' || data.event === 'bounced' ? ((data.detail as string) ?? null) : null), tone: 'event' };
    default:
      return { label: item.kind, title: '', body: null, tone: 'event' };
  }
}

/** The server's kinds of history, offered as a filter (stage moves only where records have stages). */
export function timelineFilters(object: string): string[] {
  return ['all', 'activity', ...(emailObjects.includes(object) ? ['email'] : []), 'task', 'audit', ...(object === 'deals' || object === 'leads' ? ['stage_change'] : []), ...(object === 'companies' || object === 'contacts' ? ['order', 'campaign'] : []), ...(object === 'companies' || object === 'contacts' || object === 'deals' || object === 'cases' ? ['survey'] : [])];
}

/** A message's body (sanitised by the server, and again here), its attachments, Reply and Send again. */
function EmailDetails({ item, object, recordId, onReply }: { item: TimelineItem; object: string; recordId: string; onReply: (reply: ComposeReply) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const client = useQueryClient();
  const message = useErrorMessage();
  const data = item.data;
  const attachments = (data.attachments as { fileId: string | null; name: string }[] | null) ?? [];
  return (
    <>
      <details>
        <summary className="muted small">{t('email.showBody')}</summary>
        <div className="timeline-email-body" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(String(data.bodyHtml ?? '')) }} />
      </details>
      {attachments.length > 0 && (
        <ul className="compose-attachments small">
          {attachments.map((attachment, index) => (
            <li key={attachment.fileId ?? index}>📎 {attachment.fileId ? <a href={`/api/v1/files/${attachment.fileId}`}>{attachment.name}</a> : attachment.name}</li>
          ))}
        </ul>
      )}
      <span className="timeline-email-actions">
        <button type="button" className="button button-link" onClick={() => onReply({ emailId: item.id, subject: String(data.subject ?? ''), to: data.direction === 'in' ? String(data.from ?? '') : ((data.to as { address: string }[] | null) ?? []).map((entry) => entry.address).join(', ') })}>
          {t('email.reply')}
        </button>
        {data.direction === 'out' && data.status === 'failed' && (
          <button
            type="button"
            className="button button-link"
            onClick={() =>
              void api(`/emails/${item.id}/retry`, { method: 'POST' }).then(
                () => {
                  toast({ message: t('email.retried'), tone: 'success' });
                  void client.invalidateQueries({ queryKey: ['timeline', object, recordId] });
                },
                (error: unknown) => toast({ message: message(error), tone: 'error' }),
              )
            }
          >
            {t('email.retry')}
          </button>
        )}
      </span>
    </>
  );
}

export function Timeline({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const [reply, setReply] = useState<ComposeReply | null>(null);
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
                {text.body && <p className={item.kind === 'email' && item.data.status === 'failed' ? 'email-status-failed' : undefined}>{text.body}</p>}
                {item.kind === 'email' && <EmailDetails item={item} object={object} recordId={id} onReply={setReply} />}
                {item.kind === 'activity' && typeof item.data.recordingUrl === 'string' && <CallRecording url={item.data.recordingUrl} />}
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
      <ComposeEmailDialog object={object} recordId={id} reply={reply ?? undefined} open={reply !== null} onClose={() => setReply(null)} />
      {query.hasNextPage && (
        <button type="button" className="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t('app.loading') : t('app.more')}
        </button>
      )}
    </div>
  );
}
