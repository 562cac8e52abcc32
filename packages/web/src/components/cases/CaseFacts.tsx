// What routing and the SLA decided for a case, on its card: the queue, the first-response and resolution
// deadlines (or "paused" while waiting for the customer, "met" once answered/resolved), and the flag a low
// CSAT score leaves for the team head (cases.flagged_at, flag_reason).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RecordValues } from '../../api/types';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import './cases.css';

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function CaseFacts({ record }: { record: RecordValues }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const queues = useQuery({ queryKey: ['case-queues'], queryFn: async () => (await api<{ data: { id: string; name: string }[] }>('/case-queues')).data, staleTime: 60_000, retry: false });
  const queueId = text(record.queueId);
  const queueName = queueId ? (queues.data?.find((queue) => queue.id === queueId)?.name ?? '…') : t('caseFacts.noQueue');
  const firstDue = text(record.firstResponseDueAt);
  const resolutionDue = text(record.resolutionDueAt);
  const firstDone = text(record.firstResponseAt);
  const resolved = text(record.resolvedAt);
  const paused = Boolean(text(record.slaPausedAt));
  const deadline = (due: string | null, doneAt: string | null, isPaused = false) => {
    if (doneAt) return t('caseFacts.doneAt', { time: formatDateTime(doneAt, locale) });
    if (isPaused) return t('caseFacts.paused');
    return due ? formatDateTime(due, locale) : t('caseFacts.noDeadline');
  };
  const flaggedAt = text(record.flaggedAt);
  return (
    <>
      <dl className="case-facts" aria-label={t('caseFacts.title')}>
        <div>
          <dt>{t('caseFacts.queue')}</dt>
          <dd data-testid="case-queue">{queueName}</dd>
        </div>
        <div>
          <dt>{t('caseFacts.firstResponseDue')}</dt>
          <dd data-testid="case-first-response-due">{deadline(firstDue, firstDone)}</dd>
        </div>
        <div>
          <dt>{t('caseFacts.resolutionDue')}</dt>
          <dd data-testid="case-resolution-due">{deadline(resolutionDue, resolved, paused)}</dd>
        </div>
      </dl>
      {flaggedAt && (
        <p className="case-flag" role="status">
          {t('caseFacts.flagged', { time: formatDateTime(flaggedAt, locale), reason: text(record.flagReason) ?? '' })}
        </p>
      )}
    </>
  );
}
