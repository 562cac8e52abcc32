// The domain event outbox. A change writes its events here in its own transaction, so an event exists
// exactly when the change was committed (a rolled-back write emits nothing); the webhooks dispatcher
// (modules/webhooks) turns committed rows into deliveries afterwards. The record engine emits
// record.created / record.updated (a restore too, with restored: true) / record.deleted for every object and
// deal.stage_changed for deals; other modules call recordDomainEvent for their own events
// (email.received, form.submitted, call.ended, survey.answered).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export const domainEventTypes = [
  'record.created',
  'record.updated',
  'record.deleted',
  'deal.stage_changed',
  'email.received',
  'form.submitted',
  'call.ended',
  'survey.answered',
] as const;
export type DomainEventType = (typeof domainEventTypes)[number];

export interface DomainEvent {
  workspaceId: string;
  type: DomainEventType | string;
  /** The object of the record the event is about ('deals', 'leads', ...), when there is one. */
  object?: string | null;
  recordId?: string | null;
  actorId?: string | null;
  /** Small facts about the event (changed field names, stage ids); never field values a reader may not see. */
  data?: Record<string, unknown>;
}

/** Writes one event to the outbox in the caller's transaction. */
export async function recordDomainEvent(tx: Db, event: DomainEvent): Promise<void> {
  await recordDomainEvents(tx, [event]);
}

/** Writes many events in one statement (a bulk create of 1,000 records writes 1,000 rows at once). */
export async function recordDomainEvents(tx: Db, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payload = JSON.stringify(
    events.map((event) => ({
      workspace_id: event.workspaceId,
      type: event.type,
      object: event.object ?? null,
      record_id: event.recordId ?? null,
      actor_id: event.actorId ?? null,
      data: event.data ?? {},
    })),
  );
  await tx.execute(sql`
    insert into domain_events (workspace_id, type, object, record_id, actor_id, data)
    select x.workspace_id, x.type, x.object, x.record_id, x.actor_id, x.data
    from jsonb_to_recordset(${payload}::jsonb) as x(workspace_id uuid, type text, object text, record_id uuid, actor_id uuid, data jsonb)`);
}

/** The same event for many records of one object (bulk writes): one statement, the data shared or per record. */
export async function recordRecordEvents(
  tx: Db,
  actor: { workspaceId: string; userId: string | null },
  type: DomainEventType,
  object: string,
  records: { id: string; data?: Record<string, unknown> }[],
): Promise<void> {
  await recordDomainEvents(
    tx,
    records.map((record) => ({ workspaceId: actor.workspaceId, type, object, recordId: record.id, actorId: actor.userId, data: record.data })),
  );
}
