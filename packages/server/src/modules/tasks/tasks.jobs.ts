// Background jobs of tasks: reminders, overdue notices and escalation to the team head.
// Each is one set-based statement that claims tasks by setting a marker column in an UPDATE
// whose WHERE requires the marker to be empty, so concurrent workers never notify twice.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { NOTIFICATION_CHANNEL } from '../notifications/notification-bus.js';

const announce = sql`select count(*)::int as sent from (select pg_notify(${NOTIFICATION_CHANNEL}, user_id::text || ':' || id::text) from inserted) as announced`;

/** Turns due `remind_at` moments into a 'reminder' notification to the assignee. */
export async function sendDueReminders(db: Db, now: Date = new Date()): Promise<number> {
  const [{ sent }] = await rows<{ sent: number }>(
    db,
    sql`with due as (
          update tasks set reminded_at = ${now.toISOString()}::timestamptz
          where status = 'open' and deleted_at is null and reminded_at is null and owner_id is not null and remind_at <= ${now.toISOString()}::timestamptz
          returning id, workspace_id, owner_id, title, due_at
        ), inserted as (
          insert into notifications (workspace_id, user_id, kind, title, body, record_type, record_id, data)
          select d.workspace_id, d.owner_id, 'reminder',
                 case when u.locale = 'en' then 'Reminder: ' else 'Напоминание: ' end || d.title,
                 null, 'task', d.id, jsonb_build_object('dueAt', d.due_at)
          from due d join users u on u.id = d.owner_id
          returning id, user_id
        ) ${announce}`,
  );
  return sent;
}

/** Open tasks past their due time: an 'overdue' notice to the assignee, once. */
export async function notifyOverdueTasks(db: Db, now: Date = new Date()): Promise<number> {
  const [{ sent }] = await rows<{ sent: number }>(
    db,
    sql`with due as (
          update tasks set overdue_notified_at = ${now.toISOString()}::timestamptz
          where status = 'open' and deleted_at is null and overdue_notified_at is null and owner_id is not null and due_at < ${now.toISOString()}::timestamptz
          returning id, workspace_id, owner_id, title, due_at
        ), inserted as (
          insert into notifications (workspace_id, user_id, kind, title, body, record_type, record_id, data)
          select d.workspace_id, d.owner_id, 'overdue',
                 case when u.locale = 'en' then 'Overdue: ' else 'Просрочена задача: ' end || d.title,
                 null, 'task', d.id, jsonb_build_object('dueAt', d.due_at)
          from due d join users u on u.id = d.owner_id
          returning id, user_id
        ) ${announce}`,
  );
  return sent;
}

/**
 * Tasks still open `graceHours` after their due time (per workspace: settings.escalationGraceHours)
 * are escalated once: to the head of the assignee's team; if the assignee heads it, to the head of the
 * parent team (also when the team has no head); if there is none (or it is deactivated), to the workspace's
 * administrators.
 */
export async function escalateOverdueTasks(db: Db, defaultGraceHours: number, now: Date = new Date()): Promise<number> {
  const at = now.toISOString();
  const [{ sent }] = await rows<{ sent: number }>(
    db,
    sql`with due as (
          update tasks t set escalated_at = ${at}::timestamptz
          from workspaces w
          where w.id = t.workspace_id and t.status = 'open' and t.deleted_at is null and t.escalated_at is null and t.owner_id is not null
            and t.due_at < ${at}::timestamptz - interval '1 hour' * coalesce((w.settings ->> 'escalationGraceHours')::numeric, ${defaultGraceHours})
          returning t.id, t.workspace_id, t.owner_id, t.title, t.due_at
        ), heads as (
          select d.*, coalesce(
            (select tm.head_user_id from users u join teams tm on tm.id = u.team_id join users head on head.id = tm.head_user_id
              where u.id = d.owner_id and tm.head_user_id <> d.owner_id and head.is_active),
            (select parent.head_user_id from users u join teams tm on tm.id = u.team_id join teams parent on parent.id = tm.parent_team_id
              join users head on head.id = parent.head_user_id where u.id = d.owner_id and parent.head_user_id <> d.owner_id and head.is_active)
          ) as head_id
          from due d
        ), recipients as (
          select h.*, h.head_id as recipient_id from heads h where h.head_id is not null
          union all
          select h.*, a.id from heads h join users a on a.workspace_id = h.workspace_id and a.is_active join roles r on r.id = a.role_id and r.key = 'admin'
          where h.head_id is null and a.id <> h.owner_id
        ), inserted as (
          insert into notifications (workspace_id, user_id, kind, title, body, record_type, record_id, data)
          select r.workspace_id, r.recipient_id, 'escalation',
                 case when u.locale = 'en' then 'Escalated overdue task: ' else 'Эскалация просроченной задачи: ' end || r.title,
                 owner.name, 'task', r.id, jsonb_build_object('dueAt', r.due_at, 'assigneeId', r.owner_id)
          from recipients r join users u on u.id = r.recipient_id join users owner on owner.id = r.owner_id
          returning id, user_id
        ) ${announce}`,
  );
  return sent;
}
