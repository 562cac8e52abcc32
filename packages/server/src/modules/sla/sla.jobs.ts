// The SLA sweep (job `sla-sweep`, every minute): open cases whose first-response or resolution clock passed its
// warning instant are "breaching soon" (the assignee is told), and those past the deadline are breached (the breach
// is marked on the case, written to its audit log and timeline, and the assignee and the team head — queue head,
// else the head of the queue's team, else of the case's team, else the workspace's administrators — are told).
// Each warning and breach is claimed once by inserting into case_sla_events under its unique key (case, kind,
// target): a concurrent worker's insert waits for the first transaction and then does nothing, so nobody is
// notified twice. A waiting case has no resolution deadline (case-sla.ts), so its resolution clock cannot breach.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rows, type Db } from '../../db/client.js';
import { recordAudit } from '../../core/audit.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { notifyUsers, type NewNotification } from '../notifications/notifications.service.js';

export type SlaTarget = 'first_response' | 'resolution';
export type SlaEventKind = 'warning' | 'breach';

/** The sweep's payload: nothing when scheduled; `at` (a later instant) only from the test clock (sla.routes.ts). */
export const slaSweepPayload = z.union([z.object({ at: z.string().datetime({ offset: true }).optional() }).strict(), z.null(), z.undefined()]);

interface Claimed {
  id: string;
  workspaceId: string;
  caseId: string;
  kind: SlaEventKind;
  target: SlaTarget;
  dueAt: string;
  number: string;
  subject: string;
  ownerId: string | null;
  ownerActive: boolean;
  escalate: boolean;
  headId: string | null;
}

const titles: Record<'ru' | 'en', Record<`${SlaEventKind}:${SlaTarget}`, string>> = {
  ru: {
    'warning:first_response': 'Скоро срок первого ответа',
    'warning:resolution': 'Скоро срок решения',
    'breach:first_response': 'Просрочен первый ответ',
    'breach:resolution': 'Просрочено решение',
  },
  en: {
    'warning:first_response': 'First response due soon',
    'warning:resolution': 'Resolution due soon',
    'breach:first_response': 'First response overdue',
    'breach:resolution': 'Resolution overdue',
  },
};

export interface SweepResult {
  warnings: number;
  breaches: number;
  notified: number;
}

/** One pass over every workspace; `now` is the database clock unless a test moves it. */
export async function sweepSla(db: Db, now: Date = new Date()): Promise<SweepResult> {
  const at = now.toISOString();
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const claimed = await rows<Claimed>(
      tx,
      sql`with candidates as (
            select c.id, c.workspace_id, 'warning' as kind, 'first_response' as target, c.first_response_due_at as due_at from cases c
            where c.deleted_at is null and c.is_open and c.first_response_at is null and c.first_response_breached_at is null
              and c.first_response_warn_at <= ${at}::timestamptz and c.first_response_due_at > ${at}::timestamptz
            union all
            select c.id, c.workspace_id, 'breach', 'first_response', c.first_response_due_at from cases c
            where c.deleted_at is null and c.is_open and c.first_response_at is null and c.first_response_breached_at is null
              and c.first_response_due_at <= ${at}::timestamptz
            union all
            select c.id, c.workspace_id, 'warning', 'resolution', c.resolution_due_at from cases c
            where c.deleted_at is null and c.is_open and c.resolution_breached_at is null
              and c.resolution_warn_at <= ${at}::timestamptz and c.resolution_due_at > ${at}::timestamptz
            union all
            select c.id, c.workspace_id, 'breach', 'resolution', c.resolution_due_at from cases c
            where c.deleted_at is null and c.is_open and c.resolution_breached_at is null
              and c.resolution_due_at <= ${at}::timestamptz
          ), claimed as (
            insert into case_sla_events (workspace_id, case_id, kind, target, due_at, occurred_at, owner_id)
            select d.workspace_id, d.id, d.kind, d.target, d.due_at, ${at}::timestamptz, c.owner_id
            from candidates d join cases c on c.id = d.id
            order by d.id, d.kind, d.target
            on conflict (case_id, kind, target) do nothing
            returning id, workspace_id, case_id, kind, target, due_at
          )
          select e.id, e.workspace_id as "workspaceId", e.case_id as "caseId", e.kind, e.target, e.due_at as "dueAt", c.number, c.subject,
            c.owner_id as "ownerId", coalesce(o.is_active, false) as "ownerActive", coalesce(p.escalate_to_team_head, true) as escalate,
            coalesce(
              (select h.id from case_queues q join users h on h.id = q.head_user_id and h.is_active where q.id = c.queue_id),
              (select h.id from case_queues q join teams t on t.id = q.team_id join users h on h.id = t.head_user_id and h.is_active where q.id = c.queue_id),
              (select h.id from teams t join users h on h.id = t.head_user_id and h.is_active where t.id = c.team_id)
            ) as "headId"
          from claimed e join cases c on c.id = e.case_id
          left join users o on o.id = c.owner_id
          left join sla_policies p on p.id = c.sla_policy_id
          order by e.workspace_id, c.number`,
    );
    if (claimed.length === 0) return { warnings: 0, breaches: 0, notified: 0 };

    const breaches = claimed.filter((event) => event.kind === 'breach');
    // The breach is visible on the case itself (the desk's badge, the report), beside its event.
    if (breaches.length) {
      await tx.execute(sql`update cases c set
          first_response_breached_at = case when b.first_response then ${at}::timestamptz else c.first_response_breached_at end,
          resolution_breached_at = case when b.resolution then ${at}::timestamptz else c.resolution_breached_at end
        from (select x.case_id, bool_or(x.target = 'first_response') as first_response, bool_or(x.target = 'resolution') as resolution
              from unnest(${pgArrayLiteral(breaches.map((event) => event.caseId))}::uuid[], ${pgArrayLiteral(breaches.map((event) => event.target))}::text[]) as x(case_id, target)
              group by x.case_id) b
        where c.id = b.case_id`);
    }

    // Who hears of it: the assignee always; on a breach also the head (or the administrators when there is none).
    const needAdmins = [...new Set(breaches.filter((event) => event.escalate && !event.headId).map((event) => event.workspaceId))];
    const admins = needAdmins.length
      ? await rows<{ id: string; workspaceId: string }>(
          tx,
          sql`select u.id, u.workspace_id as "workspaceId" from users u join roles r on r.id = u.role_id and r.key = 'admin'
              where u.is_active and u.workspace_id = any(${pgArrayLiteral(needAdmins)}::uuid[])`,
        )
      : [];
    const recipientsOf = (event: Claimed) => {
      const owner = event.ownerId && event.ownerActive ? [event.ownerId] : [];
      if (event.kind === 'warning') return owner.length ? owner : event.headId ? [event.headId] : [];
      const escalated = !event.escalate ? [] : event.headId ? [event.headId] : admins.filter((admin) => admin.workspaceId === event.workspaceId).map((admin) => admin.id);
      return { owner, escalated };
    };
    const everyone = [...new Set(claimed.flatMap((event) => { const to = recipientsOf(event); return Array.isArray(to) ? to : [...to.owner, ...to.escalated]; }))];
    const locales = new Map(
      (everyone.length ? await rows<{ id: string; locale: string | null }>(tx, sql`select id, locale from users where id = any(${pgArrayLiteral(everyone)}::uuid[])`) : []).map((user) => [user.id, user.locale === 'en' ? 'en' : 'ru'] as const),
    );
    const notifications: NewNotification[] = [];
    const escalatedTo = new Map<string, string[]>();
    for (const event of claimed) {
      const to = recipientsOf(event);
      const owner = Array.isArray(to) ? to : to.owner;
      const escalated = Array.isArray(to) ? [] : to.escalated.filter((id) => !owner.includes(id));
      escalatedTo.set(event.id, escalated);
      for (const userId of [...owner, ...escalated]) {
        const locale = locales.get(userId) ?? 'ru';
        notifications.push({
          workspaceId: event.workspaceId,
          userId,
          kind: event.kind === 'warning' ? 'sla_warning' : 'sla_breach',
          title: `${titles[locale][`${event.kind}:${event.target}`]}: ${event.number} — ${event.subject}`,
          body: null,
          recordType: 'case',
          recordId: event.caseId,
          data: { target: event.target, dueAt: event.dueAt, escalated: escalated.includes(userId) },
        });
      }
    }
    await notifyUsers(tx, notifications);
    const withEscalation = claimed.filter((event) => (escalatedTo.get(event.id) ?? []).length > 0);
    if (withEscalation.length) {
      await tx.execute(sql`update case_sla_events e set escalated_to = x.ids::uuid[]
        from jsonb_to_recordset(${JSON.stringify(withEscalation.map((event) => ({ id: event.id, ids: pgArrayLiteral(escalatedTo.get(event.id)!) })))}::jsonb) as x(id uuid, ids text)
        where e.id = x.id`);
    }
    // The case's history: one audit event per breach, written by the system (no actor).
    for (const workspaceId of new Set(breaches.map((event) => event.workspaceId))) {
      await recordAudit(
        tx,
        { workspaceId, userId: null },
        breaches
          .filter((event) => event.workspaceId === workspaceId)
          .map((event) => ({
            recordType: 'case',
            recordId: event.caseId,
            action: 'update' as const,
            changes: { [event.target === 'first_response' ? 'firstResponseBreachedAt' : 'resolutionBreachedAt']: { from: null, to: at } },
            meta: { sla: 'breach', target: event.target, dueAt: event.dueAt, escalatedTo: escalatedTo.get(event.id) ?? [] },
          })),
      );
    }
    return { warnings: claimed.length - breaches.length, breaches: breaches.length, notified: notifications.length };
  });
}
