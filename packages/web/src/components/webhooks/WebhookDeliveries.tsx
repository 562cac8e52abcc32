// The delivery log of one webhook: newest first, with status, the receiver's response code, attempts, the
// time taken and the first characters of the answer; a delivery can be sent again by hand.
import { useState } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { SettingsTable } from '../settings/SettingsForm';
import type { Webhook, WebhookDelivery } from './types';

const statusTone: Record<string, string> = { succeeded: 'badge-ok', failed: 'badge-danger', retrying: 'badge-warn', pending: '', skipped: '' };

export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [busy, setBusy] = useState<string | null>(null);
  const log = useInfiniteQuery({
    queryKey: ['webhook-deliveries', webhook.id],
    queryFn: ({ pageParam }) => api<{ data: WebhookDelivery[]; nextCursor: string | null }>(`/webhooks/${webhook.id}/deliveries`, { query: { cursor: pageParam, limit: 25 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: 5000,
  });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  const deliveries = log.data.pages.flatMap((page) => page.data);
  const eventName = (type: string) => t(`webhooks.eventTypes.${type}`, { defaultValue: type });
  async function redeliver(delivery: WebhookDelivery) {
    setBusy(delivery.id);
    try {
      const result = await api<WebhookDelivery>(`/webhooks/${webhook.id}/deliveries/${delivery.id}/redeliver`, { method: 'POST' });
      const status = result.responseStatus ? `HTTP ${result.responseStatus}` : (result.error ?? t(`webhooks.log.statuses.${result.status}`));
      toast({ message: t('webhooks.log.redelivered', { status }), tone: result.status === 'succeeded' ? 'success' : 'error' });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(null);
      await client.invalidateQueries({ queryKey: ['webhook-deliveries', webhook.id] });
    }
  }
  return (
    <section className="webhook-log" aria-label={t('webhooks.log.title', { name: webhook.name })}>
      <h3>{t('webhooks.log.title', { name: webhook.name })}</h3>
      {deliveries.length === 0 ? (
        <p className="muted">{t('webhooks.log.empty')}</p>
      ) : (
        <SettingsTable
          caption={t('webhooks.log.title', { name: webhook.name })}
          headers={[t('webhooks.log.time'), t('webhooks.log.event'), t('webhooks.log.status'), t('webhooks.log.code'), t('webhooks.log.attempts'), t('webhooks.log.duration'), t('webhooks.log.answer'), '']}
        >
          {deliveries.map((delivery) => (
            <tr key={delivery.id} data-delivery-id={delivery.id}>
              <td>{formatDateTime(delivery.lastAttemptAt ?? delivery.createdAt, locale)}</td>
              <td>
                {eventName(delivery.eventType)}
                {delivery.object && <span className="muted"> · {t(`webhooks.objectNames.${delivery.object}`, { defaultValue: delivery.object })}</span>}
              </td>
              <td>
                <span className={`badge ${statusTone[delivery.status] ?? ''}`}>{t(`webhooks.log.statuses.${delivery.status}`)}</span>
                {delivery.status === 'retrying' && delivery.nextAttemptAt && <div className="muted">{t('webhooks.log.nextAttempt', { when: formatDateTime(delivery.nextAttemptAt, locale) })}</div>}
              </td>
              <td className="webhook-code">{delivery.responseStatus ?? '—'}</td>
              <td>{delivery.attempts}</td>
              <td>{delivery.durationMs === null ? '—' : t('webhooks.log.ms', { count: delivery.durationMs })}</td>
              <td className="webhook-answer">
                {delivery.error && <span className="field-error">{delivery.error}</span>}
                {delivery.responseExcerpt && <code>{delivery.responseExcerpt.slice(0, 200)}</code>}
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="button"
                  disabled={busy === delivery.id}
                  onClick={() => void redeliver(delivery)}
                  aria-label={t('webhooks.log.redeliverLabel', { event: eventName(delivery.eventType), time: formatDateTime(delivery.createdAt, locale) })}
                >
                  {t('webhooks.log.redeliver')}
                </button>
              </td>
            </tr>
          ))}
        </SettingsTable>
      )}
      {log.hasNextPage && (
        <button type="button" className="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t('webhooks.log.more')}
        </button>
      )}
    </section>
  );
}
