// From the domain event outbox to deliveries. The outbox's own marker is the cursor: a batch of events not yet
// dispatched is claimed (FOR UPDATE SKIP LOCKED, so two workers never take the same rows) and marked
// dispatched in the transaction that inserts its deliveries. An id cursor would skip events: ids are taken
// when a row is written, but transactions commit in another order, so a smaller id can appear after a larger
// one was read. One delivery per event and webhook (a unique index, ON CONFLICT DO NOTHING), created only
// when the webhook's owner may read the event's record (webhook-payloads.ts).
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/context.js';
import { rows, type Db } from '../../db/client.js';
import { loadActor } from '../auth/auth.service.js';
import { hasRecord, mayReceiveRecordlessEvent, readableIds, type EventRow } from './webhook-payloads.js';
import type { OwnedObject } from '../../core/access.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

interface ActiveWebhook {
  id: string;
  workspaceId: string;
  events: string[];
  objects: string[];
  ownerId: string;
  createdAt: string;
}

export interface DispatchResult {
  events: number;
  deliveries: number;
}

/** Turns up to `limit` undispatched events into deliveries; returns how many of each. */
export async function dispatchEvents(db: Db, limit = 1000): Promise<DispatchResult> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const events = await rows<EventRow>(
      tx,
      sql`update domain_events set dispatched_at = now()
          where id in (select id from domain_events where dispatched_at is null order by id limit ${limit} for update skip locked)
          returning id, workspace_id as "workspaceId", type, object, record_id as "recordId", actor_id as "actorId", data, created_at as "createdAt"`,
    );
    if (events.length === 0) return { events: 0, deliveries: 0 };
    const workspaces = Array.from(new Set(events.map((event) => event.workspaceId)));
    const webhooks = await rows<ActiveWebhook>(
      tx,
      sql`select id, workspace_id as "workspaceId", events, objects, owner_id as "ownerId", created_at as "createdAt" from webhooks
          where is_active and workspace_id = any(${pgArrayLiteral(workspaces)}::uuid[])`,
    );
    if (webhooks.length === 0) return { events: events.length, deliveries: 0 };
    const deliveries: { webhook_id: string; workspace_id: string; event_id: string; event_type: string; object: string | null; record_id: string | null }[] = [];
    const actors = new Map<string, Actor | undefined>();
    for (const webhook of webhooks) {
      // A webhook gets what happens after it was created, not events still waiting from before.
      const since = new Date(webhook.createdAt).getTime();
      const matching = events.filter(
        (event) =>
          event.workspaceId === webhook.workspaceId &&
          webhook.events.includes(event.type) &&
          (webhook.objects.length === 0 || (event.object !== null && webhook.objects.includes(event.object))) &&
          new Date(event.createdAt).getTime() >= since,
      );
      if (matching.length === 0) continue;
      if (!actors.has(webhook.ownerId)) actors.set(webhook.ownerId, await loadActor(tx, webhook.ownerId));
      const owner = actors.get(webhook.ownerId);
      if (!owner || owner.workspaceId !== webhook.workspaceId) continue; // a deactivated owner's webhook sends nothing
      const byObject = new Map<OwnedObject, string[]>();
      for (const event of matching) {
        if (!hasRecord(event)) continue;
        const ids = byObject.get(event.object) ?? [];
        ids.push(event.recordId);
        byObject.set(event.object, ids);
      }
      const readable = new Map<OwnedObject, Set<string>>();
      for (const [object, ids] of byObject) readable.set(object, await readableIds(tx, owner, object, ids));
      for (const event of matching) {
        const allowed = hasRecord(event) ? readable.get(event.object)!.has(event.recordId) : mayReceiveRecordlessEvent(owner);
        if (!allowed) continue;
        deliveries.push({ webhook_id: webhook.id, workspace_id: webhook.workspaceId, event_id: event.id, event_type: event.type, object: event.object, record_id: event.recordId });
      }
    }
    if (deliveries.length === 0) return { events: events.length, deliveries: 0 };
    const inserted = await rows<{ id: string }>(
      tx,
      sql`insert into webhook_deliveries (workspace_id, webhook_id, event_id, event_type, object, record_id, status, next_attempt_at)
          select x.workspace_id, x.webhook_id, x.event_id, x.event_type, x.object, x.record_id, 'pending', now()
          from jsonb_to_recordset(${JSON.stringify(deliveries)}::jsonb) as x(workspace_id uuid, webhook_id uuid, event_id uuid, event_type text, object text, record_id uuid)
          on conflict (webhook_id, event_id) do nothing
          returning id`,
    );
    return { events: events.length, deliveries: inserted.length };
  });
}
