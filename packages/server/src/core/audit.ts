// Every create, update, delete, restore, purge, merge and stage change writes an audit event
// with field-by-field before/after, in the same transaction as the change.
import { sql, type SQL } from 'drizzle-orm';
import { domainEventsInsert, notifyDomainEventSubscribers, type DomainEvent } from './domain-events.js';
import type { Db } from '../db/client.js';
import type { Actor } from './context.js';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'purge' | 'merge' | 'stage_change' | 'convert'
  // Campaigns (issue 14): the sending's state changes and test sends.
  | 'start' | 'pause' | 'resume' | 'cancel' | 'test_send';
export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface AuditEntry {
  recordType: string;
  recordId: string;
  action: AuditAction;
  changes?: Changes;
  meta?: Record<string, unknown>;
}

const IGNORED = new Set(['updatedAt', 'createdAt', 'searchVector', 'phoneDigits', 'fullName', 'searchName']);

/** Field-by-field difference between two plain records (deep-equal for arrays and objects). */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const changes: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (IGNORED.has(key)) continue;
    const from = before?.[key] ?? null;
    const to = after?.[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

function auditInsert(actor: Pick<Actor, 'workspaceId' | 'userId'> | { workspaceId: string; userId: string | null }, entries: AuditEntry[]): SQL {
  const payload = JSON.stringify(
    entries.map((entry) => ({
      record_type: entry.recordType,
      record_id: entry.recordId,
      action: entry.action,
      changes: entry.changes ?? {},
      meta: entry.meta ?? {},
    })),
  );
  return sql`
    insert into audit_events (workspace_id, actor_id, record_type, record_id, action, changes, meta)
    select ${actor.workspaceId}::uuid, ${actor.userId}::uuid, x.record_type, x.record_id, x.action, x.changes, x.meta
    from jsonb_to_recordset(${payload}::jsonb) as x(record_type text, record_id uuid, action text, changes jsonb, meta jsonb)`;
}

/** Writes audit events in one statement (bulk operations write thousands at once). */
export async function recordAudit(db: Db, actor: Pick<Actor, 'workspaceId' | 'userId'> | { workspaceId: string; userId: string | null }, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.execute(auditInsert(actor, entries));
}

/**
 * The audit events of a write and its outbox events in ONE statement (a data-modifying CTE): every record
 * created or updated through the engine writes both, and a round trip saved on each is a round trip saved
 * on every form submission, import row and API write.
 */
export async function recordAuditAndEvents(db: Db, actor: Pick<Actor, 'workspaceId' | 'userId'> | { workspaceId: string; userId: string | null }, entries: AuditEntry[], events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return recordAudit(db, actor, entries);
  if (entries.length === 0) await db.execute(domainEventsInsert(events));
  else await db.execute(sql`with audit as (${auditInsert(actor, entries)}) ${domainEventsInsert(events)}`);
  await notifyDomainEventSubscribers(db, events);
}
