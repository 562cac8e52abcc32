// Sending deliveries. Due deliveries of active webhooks are claimed with a lease (attempts + 1, next attempt
// pushed five minutes ahead, FOR UPDATE SKIP LOCKED), so two workers never send the same one and a worker that
// dies mid-send leaves it to be retried. Each payload is read with the owner's rights at sending time
// (webhook-payloads.ts); a record the owner can no longer read is skipped, not sent. Attempts run CONCURRENCY
// at a time; their results are written in one transaction per batch: the delivery's state (a failure is
// retried after retryDelayMs: exponential with jitter, until WEBHOOK_MAX_ATTEMPTS), one row per attempt for the
// log, and the webhook's run of consecutive failures. A webhook reaching WEBHOOK_DISABLE_AFTER is switched off
// and its owner and the workspace's administrators are notified. Attempts by hand (redeliver, test ping) are
// logged as manual and leave the failure count alone.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/context.js';
import type { OwnedObject } from '../../core/access.js';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Values } from '../../core/records/definition.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { loadActor } from '../auth/auth.service.js';
import { notifyUsers, type NewNotification } from '../notifications/notifications.service.js';
import { eventPayload, hasRecord, mayReceiveRecordlessEvent, pingPayload, readRecordsAs, type EventRow } from './webhook-payloads.js';
import { postWebhook, type AttemptResult } from './webhook-sender.js';
import { retryDelayMs, type WebhookSettings } from './webhook-settings.js';
import { decryptSecret } from '../email/mail-secrets.js';

/** Attempts in flight at once (per batch). */
const CONCURRENCY = 16;
/** How long a claimed delivery is reserved for the worker that claimed it. */
const LEASE = sql`interval '5 minutes'`;
/** The largest request body kept in the attempt log. */
const MAX_LOGGED_BODY = 100_000;

interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  object: string | null;
  recordId: string | null;
  attempts: number;
  status: string;
  /** Before the claim (manual attempts keep an automatic schedule). */
  scheduled: boolean;
}

const claimedColumns = sql`d.id, d.workspace_id as "workspaceId", d.webhook_id as "webhookId", d.event_id as "eventId", d.event_type as "eventType",
  d.object, d.record_id as "recordId", d.attempts, d.status`;

/** Claims up to `limit` due deliveries of active webhooks. */
export async function claimDueDeliveries(db: Db, limit: number): Promise<ClaimedDelivery[]> {
  const claimed = await rows<Omit<ClaimedDelivery, 'scheduled'>>(
    db,
    sql`update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = now() + ${LEASE}, updated_at = now()
        where d.id in (
          select d2.id from webhook_deliveries d2 join webhooks w on w.id = d2.webhook_id and w.is_active
          where d2.status in ('pending', 'retrying') and d2.next_attempt_at <= now()
          order by d2.next_attempt_at limit ${limit} for update of d2 skip locked)
        returning ${claimedColumns}`,
  );
  return claimed.map((delivery) => ({ ...delivery, scheduled: true }));
}

/** Claims one delivery for an attempt by hand, whatever its state. */
async function claimForManualAttempt(db: Db, deliveryId: string): Promise<ClaimedDelivery | undefined> {
  const before = await firstRow<{ scheduled: boolean }>(db, sql`select (status in ('pending', 'retrying') and next_attempt_at is not null) as scheduled from webhook_deliveries where id = ${deliveryId}::uuid`);
  if (!before) return undefined;
  const claimed = await firstRow<Omit<ClaimedDelivery, 'scheduled'>>(
    db,
    sql`update webhook_deliveries d set attempts = d.attempts + 1, updated_at = now() where d.id = ${deliveryId}::uuid returning ${claimedColumns}`,
  );
  return claimed && { ...claimed, scheduled: before.scheduled };
}

interface WebhookTarget {
  id: string;
  url: string;
  secretEncrypted: string;
  ownerId: string;
  workspaceId: string;
}

interface Prepared {
  delivery: ClaimedDelivery;
  webhook: WebhookTarget;
  /** The body to send, or null when the delivery is skipped (with the reason). */
  body: string | null;
  skipReason: string | null;
}

/** Reads what each delivery sends, with its webhook owner's rights, in a few statements for the whole batch. */
async function prepare(db: Db, deliveries: ClaimedDelivery[]): Promise<Prepared[]> {
  if (deliveries.length === 0) return [];
  const webhookIds = Array.from(new Set(deliveries.map((delivery) => delivery.webhookId)));
  const webhooks = new Map(
    (
      await rows<WebhookTarget>(db, sql`select id, url, secret_encrypted as "secretEncrypted", owner_id as "ownerId", workspace_id as "workspaceId" from webhooks where id = any(${pgArrayLiteral(webhookIds)}::uuid[])`)
    ).map((webhook) => [webhook.id, webhook]),
  );
  const eventIds = deliveries.filter((delivery) => delivery.eventType !== 'ping').map((delivery) => delivery.eventId);
  const events = new Map(
    eventIds.length
      ? (
          await rows<EventRow>(
            db,
            sql`select id, workspace_id as "workspaceId", type, object, record_id as "recordId", actor_id as "actorId", data, created_at as "createdAt" from domain_events where id = any(${pgArrayLiteral(eventIds)}::uuid[])`,
          )
        ).map((event) => [event.id, event])
      : [],
  );
  const owners = new Map<string, Actor | undefined>();
  for (const webhook of webhooks.values()) if (!owners.has(webhook.ownerId)) owners.set(webhook.ownerId, await loadActor(db, webhook.ownerId));
  // One read per owner and object, of every record of the batch.
  const wanted = new Map<string, { owner: Actor; object: OwnedObject; ids: string[] }>();
  for (const delivery of deliveries) {
    const event = events.get(delivery.eventId);
    const owner = owners.get(webhooks.get(delivery.webhookId)?.ownerId ?? '');
    if (!event || !owner || !hasRecord(event)) continue;
    const key = `${owner.userId}:${event.object}`;
    const entry = wanted.get(key) ?? { owner, object: event.object, ids: [] };
    entry.ids.push(event.recordId);
    wanted.set(key, entry);
  }
  const records = new Map<string, Map<string, Values>>();
  for (const [key, entry] of wanted) records.set(key, await readRecordsAs(db, entry.owner, entry.object, entry.ids));

  // A webhook deleted since the claim took its deliveries with it: nothing to send or record for them.
  return deliveries.filter((delivery) => webhooks.has(delivery.webhookId)).map((delivery): Prepared => {
    const webhook = webhooks.get(delivery.webhookId)!;
    const skip = (reason: string): Prepared => ({ delivery, webhook, body: null, skipReason: reason });
    if (delivery.eventType === 'ping') return { delivery, webhook, body: pingPayload(delivery.id, delivery.workspaceId, webhook.id, new Date().toISOString()), skipReason: null };
    const owner = owners.get(webhook.ownerId);
    if (!owner) return skip('not sent: the webhook\'s owner is deactivated');
    const event = events.get(delivery.eventId);
    if (!event) return skip('not sent: the event no longer exists');
    if (!hasRecord(event)) return mayReceiveRecordlessEvent(owner) ? { delivery, webhook, body: eventPayload(event, null), skipReason: null } : skip('not sent: only administrators\' webhooks receive events about no record');
    const record = records.get(`${owner.userId}:${event.object}`)?.get(event.recordId);
    if (!record) return skip('not sent: the webhook\'s owner may not read this record');
    return { delivery, webhook, body: eventPayload(event, record), skipReason: null };
  });
}

interface Outcome {
  prepared: Prepared;
  result: AttemptResult | null;
  finishedAt: number;
}

async function attemptAll(prepared: Prepared[], settings: WebhookSettings): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, prepared.length) }, async () => {
      while (next < prepared.length) {
        const item = prepared[next++];
        let result: AttemptResult | null = null;
        if (item.body !== null) {
          let secret: string;
          try {
            secret = decryptSecret(item.webhook.secretEncrypted);
          } catch (error) {
            result = { ok: false, status: null, excerpt: null, durationMs: 0, error: (error as Error).message };
            outcomes.push({ prepared: item, result, finishedAt: performance.now() });
            continue;
          }
          result = await postWebhook({ url: item.webhook.url, secret, body: item.body, eventType: item.delivery.eventType, deliveryId: item.delivery.id, timeoutMs: settings.timeoutMs, allowLoopback: settings.allowLoopback });
        }
        outcomes.push({ prepared: item, result, finishedAt: performance.now() });
      }
    }),
  );
  return outcomes.sort((a, b) => a.finishedAt - b.finishedAt);
}

/** Writes a batch's results in one transaction; disables webhooks that failed too often and notifies. */
async function recordOutcomes(db: Db, outcomes: Outcome[], settings: WebhookSettings, manual: boolean): Promise<void> {
  if (outcomes.length === 0) return;
  const updates = outcomes.map(({ prepared, result }) => {
    const { delivery } = prepared;
    let status: string;
    let delayMs: number | null = null;
    if (!result) status = 'skipped';
    else if (result.ok) status = 'succeeded';
    else if (manual) {
      status = delivery.scheduled ? delivery.status : 'failed';
      delayMs = delivery.scheduled ? -1 : null; // -1: keep the schedule it had
    } else if (delivery.attempts < settings.maxAttempts) {
      status = 'retrying';
      delayMs = retryDelayMs(delivery.attempts, settings.retryBaseMs);
    } else status = 'failed';
    return {
      id: delivery.id,
      status,
      delay_ms: delayMs,
      response_status: result?.status ?? null,
      error: result ? result.error : prepared.skipReason,
      attempt: delivery.attempts,
      outcome: result ? (result.ok ? 'succeeded' : 'failed') : 'skipped',
      request_body: prepared.body === null ? null : prepared.body.slice(0, MAX_LOGGED_BODY),
      response_excerpt: result?.excerpt ?? null,
      duration_ms: result?.durationMs ?? null,
      workspace_id: delivery.workspaceId,
    };
  });
  // The run of failures per webhook, in the order the attempts finished.
  const runs = new Map<string, { reset: boolean; failures: number; lastError: string | null }>();
  if (!manual) {
    for (const { prepared, result } of outcomes) {
      if (!result) continue;
      const run = runs.get(prepared.webhook.id) ?? { reset: false, failures: 0, lastError: null };
      if (result.ok) runs.set(prepared.webhook.id, { reset: true, failures: 0, lastError: null });
      else runs.set(prepared.webhook.id, { ...run, failures: run.failures + 1, lastError: result.error });
    }
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const payload = JSON.stringify(updates);
    await tx.execute(sql`
      update webhook_deliveries d set status = x.status,
        next_attempt_at = case when x.delay_ms is null then null when x.delay_ms < 0 then d.next_attempt_at else now() + x.delay_ms * interval '1 millisecond' end,
        response_status = x.response_status, error = x.error, last_attempt_at = now(), updated_at = now()
      from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, status text, delay_ms double precision, response_status integer, error text)
      where d.id = x.id`);
    await tx.execute(sql`
      insert into webhook_delivery_attempts (workspace_id, delivery_id, attempt, manual, outcome, request_body, response_status, response_excerpt, duration_ms, error)
      select x.workspace_id, x.id, x.attempt, ${manual}, x.outcome, x.request_body, x.response_status, x.response_excerpt, x.duration_ms, x.error
      from jsonb_to_recordset(${payload}::jsonb) as x(workspace_id uuid, id uuid, attempt integer, outcome text, request_body text, response_status integer, response_excerpt text, duration_ms integer, error text)
      join webhook_deliveries d on d.id = x.id`);
    if (runs.size === 0) return;
    const counters = JSON.stringify(Array.from(runs, ([id, run]) => ({ id, reset: run.reset, failures: run.failures })));
    await tx.execute(sql`
      update webhooks w set consecutive_failures = (case when x.reset then 0 else w.consecutive_failures end) + x.failures
      from jsonb_to_recordset(${counters}::jsonb) as x(id uuid, reset boolean, failures integer)
      where w.id = x.id and (x.reset or x.failures > 0)`);
    const failing = Array.from(runs).filter(([, run]) => run.failures > 0);
    if (failing.length === 0) return;
    const disabled = await rows<{ id: string; workspaceId: string; name: string; ownerId: string; failures: number }>(
      tx,
      sql`update webhooks set is_active = false, disabled_at = now(), updated_at = now(),
            disabled_reason = ${'disabled after ' + settings.disableAfter + ' failed deliveries in a row'}
          where id = any(${pgArrayLiteral(failing.map(([id]) => id))}::uuid[]) and is_active and consecutive_failures >= ${settings.disableAfter}
          returning id, workspace_id as "workspaceId", name, owner_id as "ownerId", consecutive_failures as failures`,
    );
    if (disabled.length) await notifyDisabled(tx, disabled.map((webhook) => ({ ...webhook, lastError: runs.get(webhook.id)?.lastError ?? null })));
  });
}

const texts = {
  ru: {
    title: (name: string) => `Вебхук «${name}» отключён`,
    body: (failures: number, error: string | null) => `${failures} доставок подряд не удались${error ? ` (последняя: ${error})` : ''}. Проверьте адрес получателя и включите вебхук снова в Настройках → Вебхуки.`,
  },
  en: {
    title: (name: string) => `Webhook "${name}" disabled`,
    body: (failures: number, error: string | null) => `${failures} deliveries in a row failed${error ? ` (last: ${error})` : ''}. Check the receiver and switch the webhook on again in Settings → Webhooks.`,
  },
};

/** The owner and every active administrator of the workspace, each in their own language. */
async function notifyDisabled(db: Db, webhooks: { id: string; workspaceId: string; name: string; ownerId: string; failures: number; lastError: string | null }[]): Promise<void> {
  const notifications: NewNotification[] = [];
  for (const webhook of webhooks) {
    const recipients = await rows<{ id: string; locale: string }>(
      db,
      sql`select u.id, u.locale from users u join roles r on r.id = u.role_id
          where u.workspace_id = ${webhook.workspaceId} and u.is_active and (u.id = ${webhook.ownerId}::uuid or r.key = 'admin')`,
    );
    for (const recipient of recipients) {
      const text = recipient.locale?.startsWith('en') ? texts.en : texts.ru;
      notifications.push({ workspaceId: webhook.workspaceId, userId: recipient.id, kind: 'system', title: text.title(webhook.name), body: text.body(webhook.failures, webhook.lastError), data: { webhookId: webhook.id, link: '/settings/webhooks' } });
    }
  }
  await notifyUsers(db, notifications);
}

export interface SendResult {
  claimed: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/** One batch: claim due deliveries, read their payloads, send, record. */
export async function sendDueDeliveries(db: Db, settings: WebhookSettings, limit = 100): Promise<SendResult> {
  const claimed = await claimDueDeliveries(db, limit);
  const outcomes = await attemptAll(await prepare(db, claimed), settings);
  await recordOutcomes(db, outcomes, settings, false);
  return summarise(claimed.length, outcomes);
}

function summarise(claimed: number, outcomes: Outcome[]): SendResult {
  const result: SendResult = { claimed, succeeded: 0, failed: 0, skipped: 0 };
  for (const { result: attempt } of outcomes) {
    if (!attempt) result.skipped += 1;
    else if (attempt.ok) result.succeeded += 1;
    else result.failed += 1;
  }
  return result;
}

/** An attempt by hand now (redeliver), logged as manual. */
export async function attemptNow(db: Db, deliveryId: string, settings: WebhookSettings): Promise<void> {
  const claimed = await claimForManualAttempt(db, deliveryId);
  if (!claimed) return;
  const outcomes = await attemptAll(await prepare(db, [claimed]), settings);
  await recordOutcomes(db, outcomes, settings, true);
}

/** A test ping: a delivery of type "ping" sent at once; returns its id. */
export async function pingNow(db: Db, webhook: { id: string; workspaceId: string }, settings: WebhookSettings): Promise<string> {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into webhook_deliveries (workspace_id, webhook_id, event_id, event_type, status) values (${webhook.workspaceId}, ${webhook.id}, ${randomUUID()}, 'ping', 'pending') returning id`,
  );
  await attemptNow(db, row.id, settings);
  return row.id;
}
