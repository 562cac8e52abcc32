// The webhooks-dispatch job: turns new domain events into deliveries and sends the due ones, in a loop while
// there is work (up to a few seconds), then queues itself again a second later while any webhook is active.
// Its queue keeps at most one job waiting (pg-boss policy "short"), so the cron run every minute (which
// restarts the chain after a restart or when a webhook is switched on elsewhere) never doubles it.
import { sql } from 'drizzle-orm';
import { rows, type Database, type Db } from '../../db/client.js';
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

/**
 * The daily webhooks-prune job: finished deliveries (their attempts go with them) and dispatched domain events
 * older than WEBHOOK_LOG_DAYS, in chunks of 5,000 rows. Deliveries still to be retried, and the events they
 * need, stay.
 */
export async function pruneWebhookHistory(db: Db, days = webhookSettings().logDays): Promise<{ deliveries: number; events: number }> {
  const total = { deliveries: 0, events: 0 };
  const cutoff = sql`now() - ${days} * interval '1 day'`;
  for (;;) {
    const deleted = await rows<{ id: string }>(
      db,
      sql`delete from webhook_deliveries where id in (
            select id from webhook_deliveries where created_at < ${cutoff} and status not in ('pending', 'retrying') limit 5000) returning id`,
    );
    total.deliveries += deleted.length;
    if (deleted.length < 5000) break;
  }
  for (;;) {
    const deleted = await rows<{ id: string }>(
      db,
      sql`delete from domain_events where id in (
            select e.id from domain_events e where e.dispatched_at < ${cutoff}
              and not exists (select 1 from webhook_deliveries d where d.event_id = e.id) limit 5000) returning id`,
    );
    total.events += deleted.length;
    if (deleted.length < 5000) break;
  }
  return total;
}
