// In-app notifications: reminders, overdue notices, escalations, assignments. A user only ever
// sees their own; another user's notification answers 404.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { NOTIFICATION_CHANNEL } from './notification-bus.js';

export interface NewNotification {
  workspaceId: string;
  userId: string;
  kind: 'reminder' | 'overdue' | 'escalation' | 'assignment' | 'system' | 'sla_warning' | 'sla_breach';
  title: string;
  body?: string | null;
  recordType?: string | null;
  recordId?: string | null;
  data?: Record<string, unknown>;
}

const columns = sql`id, kind, title, body, record_type as "recordType", record_id as "recordId", data, read_at as "readAt", created_at as "createdAt"`;

/** Inserts notifications and announces them (delivered to live streams when the transaction commits). */
export async function notifyUsers(db: Db, notifications: NewNotification[]): Promise<void> {
  if (notifications.length === 0) return;
  const payload = JSON.stringify(
    notifications.map((item) => ({
      workspace_id: item.workspaceId,
      user_id: item.userId,
      kind: item.kind,
      title: item.title,
      body: item.body ?? null,
      record_type: item.recordType ?? null,
      record_id: item.recordId ?? null,
      data: item.data ?? {},
    })),
  );
  await db.execute(sql`
    with inserted as (
      insert into notifications (workspace_id, user_id, kind, title, body, record_type, record_id, data)
      select x.workspace_id, x.user_id, x.kind, x.title, x.body, x.record_type, x.record_id, x.data
      from jsonb_to_recordset(${payload}::jsonb) as x(workspace_id uuid, user_id uuid, kind text, title text, body text, record_type text, record_id uuid, data jsonb)
      returning id, user_id
    )
    select pg_notify(${NOTIFICATION_CHANNEL}, user_id::text || ':' || id::text) from inserted`);
}

export async function listNotifications(ctx: Ctx, query: { unread?: string; cursor?: string; limit?: string }) {
  if (query.unread !== undefined && query.unread !== 'true' && query.unread !== 'false') throw invalid('unread', 'must be true or false');
  const limit = query.limit === undefined ? 30 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('limit', 'must be an integer from 1 to 200');
  let after = sql``;
  if (query.cursor) {
    // Microseconds since the epoch: rows written in one transaction share a timestamp finer than milliseconds.
    const [micros, id] = Buffer.from(query.cursor, 'base64url').toString('utf8').split('|');
    if (!id || !/^\d{1,17}$/.test(micros) || !/^[0-9a-f-]{36}$/.test(id)) throw invalid('cursor', 'is malformed');
    after = sql`and ((extract(epoch from created_at) * 1000000)::bigint, id) < (${micros}::bigint, ${id}::uuid)`;
  }
  const data = await rows<{ id: string; createdAt: string; cursorMicros?: number }>(
    ctx.db,
    sql`select ${columns}, (extract(epoch from created_at) * 1000000)::bigint as "cursorMicros" from notifications where user_id = ${ctx.actor.userId} ${query.unread === 'true' ? sql`and read_at is null` : sql``} ${after}
        order by created_at desc, id desc limit ${limit + 1}`,
  );
  const hasMore = data.length > limit;
  if (hasMore) data.pop();
  const last = data[data.length - 1];
  const nextCursor = hasMore && last ? Buffer.from(`${last.cursorMicros}|${last.id}`).toString('base64url') : null;
  for (const row of data) delete row.cursorMicros;
  return { data, nextCursor };
}

export async function getOwnNotification(ctx: Ctx, id: string) {
  const [row] = await rows(ctx.db, sql`select ${columns} from notifications where id = ${id}::uuid and user_id = ${ctx.actor.userId}`);
  return row;
}

export async function markNotificationRead(ctx: Ctx, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('notification', id);
  const [row] = await rows(ctx.db, sql`update notifications set read_at = coalesce(read_at, now()) where id = ${id}::uuid and user_id = ${ctx.actor.userId} returning ${columns}`);
  if (!row) throw notFound('notification', id);
  return row;
}

export async function markAllNotificationsRead(ctx: Ctx) {
  const updated = await rows(ctx.db, sql`update notifications set read_at = now() where user_id = ${ctx.actor.userId} and read_at is null returning id`);
  return { updated: updated.length };
}

export async function countUnreadNotifications(ctx: Ctx) {
  const [{ unread }] = await rows<{ unread: number }>(ctx.db, sql`select count(*)::int as unread from notifications where user_id = ${ctx.actor.userId} and read_at is null`);
  return { unread };
}
