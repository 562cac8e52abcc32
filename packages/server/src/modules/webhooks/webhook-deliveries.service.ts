// The delivery log of a webhook (newest first, keyset by id), one delivery with every attempt, redelivery by
// hand and the test ping. Whoever manages the webhook reads its log; a request body is shown to a
// non-administrator only when they may read its record themselves (an administrator may have moved the
// webhook to them from an owner who read more).
import { sql } from 'drizzle-orm';
import { webhookDeliveryQuerySchema } from '@svyaz/shared';
import { firstRow, rows } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { isWebhookAdmin, managedWebhook } from './webhooks.service.js';
import { attemptNow, pingNow } from './webhook-delivery.js';
import { hasRecord, readableIds } from './webhook-payloads.js';
import { webhookSettings } from './webhook-settings.js';

const deliveryColumns = sql`d.id, d.webhook_id as "webhookId", d.event_id as "eventId", d.event_type as "eventType", d.object, d.record_id as "recordId",
  d.status, d.attempts, d.next_attempt_at as "nextAttemptAt", d.response_status as "responseStatus", d.error, d.last_attempt_at as "lastAttemptAt",
  d.created_at as "createdAt", a.response_excerpt as "responseExcerpt", a.duration_ms as "durationMs"`;
const lastAttempt = sql`left join lateral (select response_excerpt, duration_ms from webhook_delivery_attempts x where x.delivery_id = d.id order by x.attempt desc, x.created_at desc limit 1) a on true`;

export async function listDeliveries(ctx: Ctx, webhookId: string, query: unknown) {
  const webhook = await managedWebhook(ctx, webhookId);
  const params = parseBody(webhookDeliveryQuerySchema, query ?? {});
  if (params.cursor !== undefined && !isUuid(params.cursor)) throw invalid('cursor', 'is malformed');
  const limit = params.limit ?? 50;
  const found = await rows<Record<string, unknown> & { id: string }>(
    ctx.db,
    sql`select ${deliveryColumns} from webhook_deliveries d ${lastAttempt}
        where d.workspace_id = ${webhook.workspaceId} and d.webhook_id = ${webhook.id}
          ${params.status ? sql`and d.status = ${params.status}` : sql``} ${params.cursor ? sql`and d.id < ${params.cursor}::uuid` : sql``}
        order by d.id desc limit ${limit + 1}`,
  );
  const hasMore = found.length > limit;
  if (hasMore) found.pop();
  return { data: found, nextCursor: hasMore ? found[found.length - 1].id : null };
}

export async function getDelivery(ctx: Ctx, webhookId: string, deliveryId: string) {
  const webhook = await managedWebhook(ctx, webhookId);
  if (!isUuid(deliveryId)) throw notFound('webhook delivery', deliveryId);
  const delivery = await firstRow<Record<string, unknown> & { id: string; object: string | null; recordId: string | null }>(
    ctx.db,
    sql`select ${deliveryColumns} from webhook_deliveries d ${lastAttempt} where d.id = ${deliveryId}::uuid and d.webhook_id = ${webhook.id}`,
  );
  if (!delivery) throw notFound('webhook delivery', deliveryId);
  let bodyVisible = true;
  if (!isWebhookAdmin(ctx.actor) && hasRecord(delivery)) bodyVisible = (await readableIds(ctx.db, ctx.actor, delivery.object, [delivery.recordId])).has(delivery.recordId);
  const attemptLog = await rows<Record<string, unknown>>(
    ctx.db,
    sql`select id, attempt, manual, outcome, ${bodyVisible ? sql`request_body` : sql`null::text`} as "requestBody", response_status as "responseStatus",
          response_excerpt as "responseExcerpt", duration_ms as "durationMs", error, created_at as "createdAt"
        from webhook_delivery_attempts where delivery_id = ${deliveryId}::uuid order by attempt desc, created_at desc`,
  );
  return { ...delivery, attemptLog };
}

/** Sends the delivery again now (whatever its state, even while the webhook is off) and returns it with its attempts. */
export async function redeliver(ctx: Ctx, webhookId: string, deliveryId: string) {
  await getDelivery(ctx, webhookId, deliveryId);
  await attemptNow(ctx.db, deliveryId, webhookSettings());
  return getDelivery(ctx, webhookId, deliveryId);
}

/** A "ping" delivery sent at once, so the receiver's answer shows in the log. */
export async function testWebhook(ctx: Ctx, webhookId: string) {
  const webhook = await managedWebhook(ctx, webhookId);
  const id = await pingNow(ctx.db, webhook, webhookSettings());
  return getDelivery(ctx, webhookId, id);
}
