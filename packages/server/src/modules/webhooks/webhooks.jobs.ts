// The webhooks-dispatch job: turns new domain events into deliveries and sends the due ones, in a loop while
// there is work (up to a few seconds), then queues itself again a second later while any webhook is active.
// Its queue keeps at most one job waiting (pg-boss policy "short"), so the cron run every minute (which
// restarts the chain after a restart or when a webhook is switched on elsewhere) never doubles it.
import type { Database } from '../../db/client.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { dispatchEvents } from './webhook-dispatcher.js';
import { sendDueDeliveries } from './webhook-delivery.js';
import { webhookSettings } from './webhook-settings.js';
import { anyActiveWebhook } from './webhooks.service.js';

export const WEBHOOK_JOB = 'webhooks-dispatch';
/** How long one run keeps going while there is work; short enough for a graceful stop to wait for it. */
const RUN_BUDGET_MS = 8000;

export async function runWebhookDispatcher(database: Database, queue?: JobQueue): Promise<{ events: number; deliveries: number; sent: number }> {
  const settings = webhookSettings();
  const started = Date.now();
  const total = { events: 0, deliveries: 0, sent: 0 };
  for (;;) {
    const dispatched = await dispatchEvents(database.db);
    const sent = await sendDueDeliveries(database.db, settings);
    total.events += dispatched.events;
    total.deliveries += dispatched.deliveries;
    total.sent += sent.claimed;
    if ((dispatched.events === 0 && sent.claimed === 0) || Date.now() - started > RUN_BUDGET_MS) break;
  }
  if (queue && (await anyActiveWebhook(database.db))) await queue.enqueue(WEBHOOK_JOB, {}, { startAfter: 1 });
  return total;
}
