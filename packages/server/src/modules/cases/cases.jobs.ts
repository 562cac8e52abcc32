// Escalation of cases nobody takes: a case still "new" (unassigned, or assigned and untouched) longer than its
// queue's escalation time is escalated once to the queue's head (else the head of the queue's team, else the
// workspace's administrators), as tasks' overdue escalation does: one statement that claims the cases by
// setting escalated_at where it is empty, so concurrent workers never notify twice.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { NOTIFICATION_CHANNEL } from '../notifications/notification-bus.js';

export async function escalateWaitingCases(db: Db, now: Date = new Date()): Promise<number> {
  const at = now.toISOString();
  const [{ sent }] = await rows<{ sent: number }>(
    db,
    sql`with due as (
          update cases c set escalated_at = ${at}::timestamptz
          from case_queues q
          where q.id = c.queue_id and q.deleted_at is null and q.escalation_minutes > 0
            and c.status = 'new' and c.deleted_at is null and c.escalated_at is null
            and c.updated_at < ${at}::timestamptz - interval '1 minute' * q.escalation_minutes
          returning c.id, c.workspace_id, c.number, c.subject, c.owner_id, q.head_user_id, q.team_id, q.name as queue_name
        ), heads as (
          select d.*, coalesce(
            (select h.id from users h where h.id = d.head_user_id and h.is_active),
            (select h.id from teams t join users h on h.id = t.head_user_id and h.is_active where t.id = d.team_id)
          ) as head_id from due d
        ), recipients as (
          select h.*, h.head_id as recipient_id from heads h where h.head_id is not null
          union all
          select h.*, a.id from heads h join users a on a.workspace_id = h.workspace_id and a.is_active join roles r on r.id = a.role_id and r.key = 'admin'
          where h.head_id is null
        ), inserted as (
          insert into notifications (workspace_id, user_id, kind, title, body, record_type, record_id, data)
          select r.workspace_id, r.recipient_id, 'escalation',
                 case when u.locale = 'en' then 'Nobody has taken case ' else 'Обращение никто не взял: ' end || r.number || ' — ' || r.subject,
                 r.queue_name, 'case', r.id, jsonb_build_object('queue', r.queue_name, 'ownerId', r.owner_id)
          from recipients r join users u on u.id = r.recipient_id
          returning id, user_id
        ) select count(*)::int as sent from (select pg_notify(${NOTIFICATION_CHANNEL}, user_id::text || ':' || id::text) from inserted) as announced`,
  );
  return sent;
}
