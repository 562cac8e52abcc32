// Points from domain events, in the transaction of the change (core/domain-events.ts subscribers):
//   deal_won           a deal that is in a won stage after record.created or deal.stage_changed -> its owner
//   call_logged        an activity of kind "call" created -> its owner
//   task_done_on_time  a task whose status changed to done at or before its due time -> its owner
// Each award is a claim unique on (workspace, rule, record, user): inserted with ON CONFLICT DO NOTHING, so a deal
// won, reopened and won again, or a task done, reopened and done again, earns once. Edits of other fields (owner,
// amount) never award, since only the events above are read. Users of opted-out teams earn nothing.
// Then the team is told (pg_notify on svyaz_gamification, 'recipient:earner', delivered when the change commits):
// the earner, their team-mates and the heads of their team and the teams above, for every earner and for the
// owner of every deal whose stage changed (plan progress moves with a win or a reopening even without points).
import { sql } from 'drizzle-orm';
import type { DomainEvent } from '../../core/domain-events.js';
import { subscribeToDomainEvents } from '../../core/domain-events.js';
import { rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { defaultGamificationPoints, type GamificationRule } from '@svyaz/shared';

export const GAMIFICATION_CHANNEL = 'svyaz_gamification';

interface Wanted {
  deals: Set<string>;
  stageChangedDeals: Set<string>;
  calls: Set<string>;
  tasks: Set<string>;
}

function collect(events: DomainEvent[]): Map<string, Wanted> {
  const byWorkspace = new Map<string, Wanted>();
  const wanted = (workspaceId: string) => {
    let found = byWorkspace.get(workspaceId);
    if (!found) byWorkspace.set(workspaceId, (found = { deals: new Set(), stageChangedDeals: new Set(), calls: new Set(), tasks: new Set() }));
    return found;
  };
  for (const event of events) {
    if (!event.recordId) continue;
    if (event.object === 'deals') {
      if (event.type === 'deal.stage_changed') {
        wanted(event.workspaceId).stageChangedDeals.add(event.recordId);
        if (event.data?.toStageKind === 'won') wanted(event.workspaceId).deals.add(event.recordId);
      } else if (event.type === 'record.created') wanted(event.workspaceId).deals.add(event.recordId);
    } else if (event.object === 'activities' && event.type === 'record.created') wanted(event.workspaceId).calls.add(event.recordId);
    else if (event.object === 'tasks' && event.type === 'record.updated' && Array.isArray(event.data?.changedFields) && (event.data.changedFields as string[]).includes('status')) {
      wanted(event.workspaceId).tasks.add(event.recordId);
    }
  }
  return byWorkspace;
}

const pointsOf = (rule: GamificationRule) =>
  sql`(select coalesce((w.settings -> 'gamification' -> 'points' ->> ${rule})::int, ${defaultGamificationPoints[rule]}) from workspaces w where w.id = x.workspace_id)`;

/** Inserts the claims of `rule` for the rows `source` yields (workspace_id, user_id, record_id); returns the earners. */
async function claim(tx: Db, rule: GamificationRule, recordType: string, source: ReturnType<typeof sql>): Promise<string[]> {
  const earned = await rows<{ userId: string }>(
    tx,
    sql`with candidates as (${source}),
        inserted as (
          insert into gamification_points (workspace_id, user_id, team_id, rule, record_type, record_id, points)
          select x.workspace_id, x.user_id, u.team_id, ${rule}, ${recordType}, x.record_id, p.points
          from candidates x
          join users u on u.id = x.user_id and u.workspace_id = x.workspace_id and u.is_active
          cross join lateral (select ${pointsOf(rule)} as points) p
          where p.points > 0
            and not exists (select 1 from gamification_team_opt_outs o where o.workspace_id = x.workspace_id and o.team_id = u.team_id)
          on conflict (workspace_id, rule, record_id, user_id) do nothing
          returning user_id)
        select distinct user_id as "userId" from inserted`,
  );
  return earned.map((row) => row.userId);
}

/** Tells the earners' teams (and the heads above) that the leaderboard and plan progress moved. */
export async function announceProgress(tx: Db, workspaceId: string, subjects: string[]): Promise<void> {
  if (subjects.length === 0) return;
  await tx.execute(sql`
    with recursive subject as (
      select id, team_id from users where workspace_id = ${workspaceId} and id = any(${pgArrayLiteral(subjects)}::uuid[])),
    up(subject_id, team_id) as (
      select s.id, s.team_id from subject s where s.team_id is not null
      union select up.subject_id, t.parent_team_id from up join teams t on t.id = up.team_id where t.parent_team_id is not null),
    recipients as (
      select s.id as recipient, s.id as subject from subject s
      union select m.id, s.id from subject s join users m on m.workspace_id = ${workspaceId} and m.team_id = s.team_id and m.is_active
      union select t.head_user_id, up.subject_id from up join teams t on t.id = up.team_id where t.head_user_id is not null)
    select pg_notify(${GAMIFICATION_CHANNEL}, recipient::text || ':' || subject::text) from recipients`);
}

export async function awardPointsForEvents(tx: Db, events: DomainEvent[]): Promise<void> {
  const byWorkspace = collect(events);
  for (const [workspaceId, wanted] of byWorkspace) {
    const subjects = new Set<string>();
    if (wanted.deals.size > 0) {
      for (const id of await claim(tx, 'deal_won', 'deal', sql`
        select d.workspace_id, d.owner_id as user_id, d.id as record_id from deals d join stages s on s.id = d.stage_id and s.kind = 'won'
        where d.workspace_id = ${workspaceId} and d.id = any(${pgArrayLiteral([...wanted.deals])}::uuid[]) and d.deleted_at is null and d.owner_id is not null`))
        subjects.add(id);
    }
    if (wanted.calls.size > 0) {
      for (const id of await claim(tx, 'call_logged', 'activity', sql`
        select a.workspace_id, a.owner_id as user_id, a.id as record_id from activities a
        where a.workspace_id = ${workspaceId} and a.id = any(${pgArrayLiteral([...wanted.calls])}::uuid[]) and a.kind = 'call' and a.deleted_at is null and a.owner_id is not null`))
        subjects.add(id);
    }
    if (wanted.tasks.size > 0) {
      for (const id of await claim(tx, 'task_done_on_time', 'task', sql`
        select t.workspace_id, t.owner_id as user_id, t.id as record_id from tasks t
        where t.workspace_id = ${workspaceId} and t.id = any(${pgArrayLiteral([...wanted.tasks])}::uuid[]) and t.status = 'done'
          and t.due_at is not null and t.completed_at <= t.due_at and t.deleted_at is null and t.owner_id is not null`))
        subjects.add(id);
    }
    if (wanted.stageChangedDeals.size > 0) {
      const owners = await rows<{ ownerId: string }>(
        tx,
        sql`select distinct owner_id as "ownerId" from deals where workspace_id = ${workspaceId} and id = any(${pgArrayLiteral([...wanted.stageChangedDeals])}::uuid[]) and owner_id is not null`,
      );
      for (const owner of owners) subjects.add(owner.ownerId);
    }
    await announceProgress(tx, workspaceId, [...subjects]);
  }
}

/** Hooks the points into every write of this process (API and worker). Idempotent. */
export function registerGamificationSubscriber(): void {
  subscribeToDomainEvents(awardPointsForEvents);
}
