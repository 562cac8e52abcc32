// Every create, update, delete, restore, purge, merge and stage change writes an audit event
// with field-by-field before/after, in the same transaction as the change.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Actor } from './context.js';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'purge' | 'merge' | 'stage_change' | 'convert';
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

/** Writes audit events in one statement (bulk operations write thousands at once). */
export async function recordAudit(db: Db, actor: Pick<Actor, 'workspaceId' | 'userId'> | { workspaceId: string; userId: string | null }, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const payload = JSON.stringify(
    entries.map((entry) => ({
      record_type: entry.recordType,
      record_id: entry.recordId,
      action: entry.action,
      changes: entry.changes ?? {},
      meta: entry.meta ?? {},
    })),
  );
  await db.execute(sql`
    insert into audit_events (workspace_id, actor_id, record_type, record_id, action, changes, meta)
    select ${actor.workspaceId}::uuid, ${actor.userId}::uuid, x.record_type, x.record_id, x.action, x.changes, x.meta
    from jsonb_to_recordset(${payload}::jsonb) as x(record_type text, record_id uuid, action text, changes jsonb, meta jsonb)`);
}
