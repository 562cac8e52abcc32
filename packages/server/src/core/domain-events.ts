// The domain event outbox. A change writes its events here in its own transaction, so an event exists
// exactly when the change was committed (a rolled-back write emits nothing); the webhooks dispatcher
// (modules/webhooks) turns committed rows into deliveries afterwards. The record engine emits
// record.created / record.updated (a restore too, with restored: true) / record.deleted for every object and
// deal.stage_changed for deals; orders add order.lines_changed when their lines are written; other modules call recordDomainEvent for their own events
// (email.received, form.submitted, call.ended, survey.answered).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export const domainEventTypes = [
  'record.created',
  'record.updated',
  'record.deleted',
  'deal.stage_changed',
  // An order's lines were written (at creation or replaced); after them, so subscribers see the products.
  'order.lines_changed',
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

/**
 * Something that reacts to events in the transaction that writes them (gamification's points): it runs after
 * the events' INSERT, sees the change as written, and commits or rolls back with it. A subscriber must be
 * cheap for events it does not care about (filter in JavaScript first) and must not throw for them.
 */
export type DomainEventSubscriber = (tx: Db, events: DomainEvent[]) => Promise<void>;
const subscribers = new Set<DomainEventSubscriber>();

/** Adds a subscriber for this process (idempotent for the same function); returns a function that removes it. */
export function subscribeToDomainEvents(subscriber: DomainEventSubscriber): () => void {
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}

/** Runs the subscribers over events just written by the caller (every writer of events calls it after its INSERT). */
export async function notifyDomainEventSubscribers(tx: Db, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  for (const subscriber of subscribers) await subscriber(tx, events);
}

/** Writes one event to the outbox in the caller's transaction. */
export async function recordDomainEvent(tx: Db, event: DomainEvent): Promise<void> {
  await recordDomainEvents(tx, [event]);
}

/** The INSERT of many events as one SQL fragment (written alone, or after another write in one statement). */
export function domainEventsInsert(events: DomainEvent[]): SQL {
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
  return sql`
    insert into domain_events (workspace_id, type, object, record_id, actor_id, data)
    select x.workspace_id, x.type, x.object, x.record_id, x.actor_id, x.data
    from jsonb_to_recordset(${payload}::jsonb) as x(workspace_id uuid, type text, object text, record_id uuid, actor_id uuid, data jsonb)`;
}

/** Writes many events in one statement (a bulk create of 1,000 records writes 1,000 rows at once). */
export async function recordDomainEvents(tx: Db, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(domainEventsInsert(events));
  await notifyDomainEventSubscribers(tx, events);
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
