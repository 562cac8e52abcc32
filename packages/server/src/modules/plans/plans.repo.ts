// SQL of plans and of the measures behind them. Every measure counts real records through the viewer's
// accessCondition(), so the same plan shows a manager what they may read and the head the whole team.
import { sql, type SQL } from 'drizzle-orm';
import type { PlanMeasure } from '@svyaz/shared';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { firstRow, rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export interface PlanRow {
  id: string;
  userId: string | null;
  teamId: string | null;
  measure: PlanMeasure;
  periodKind: string;
  periodStart: string;
  periodEnd: string;
  target: string | null;
  teamMode: 'fixed' | 'sum';
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export const planColumns = sql.raw(`p.id, p.user_id as "userId", p.team_id as "teamId", p.measure, p.period_kind as "periodKind",
  to_char(p.period_start, 'YYYY-MM-DD') as "periodStart", to_char(p.period_end, 'YYYY-MM-DD') as "periodEnd",
  p.target::text as target, p.team_mode as "teamMode", p.created_by as "createdBy", p.created_at as "createdAt", p.updated_at as "updatedAt"`);

/** Local midnight of a date column or parameter as timestamptz, for a UTC offset such as +03:00. */
export const localMidnight = (day: SQL, tz: string): SQL => sql`((${day})::timestamp at time zone 'UTC' - ${tz}::interval)`;

/**
 * The value of one measure over [start, end) for records owned by `owners` (a uuid[] expression), through the
 * viewer's rights. Won deals count by `closed_at` in a won stage; calls and meetings by `occurred_at`; new
 * clients are companies created in the period.
 */
export function measureValue(actor: Actor, measure: PlanMeasure | 'lost_count', owners: SQL, start: SQL, end: SQL): SQL {
  switch (measure) {
    case 'won_amount':
    case 'won_count':
    case 'lost_count': {
      const kind = measure === 'lost_count' ? 'lost' : 'won';
      const value = measure === 'won_amount' ? sql`coalesce(sum(d.amount), 0)` : sql`count(*)`;
      return sql`(select ${value} from deals d join stages s on s.id = d.stage_id and s.kind = ${kind}
        where ${accessCondition(actor, 'deals', 'read', 'd')} and d.owner_id = any(${owners})
          and d.closed_at >= ${start} and d.closed_at < ${end})`;
    }
    case 'calls':
    case 'meetings':
      return sql`(select count(*) from activities a where ${accessCondition(actor, 'activities', 'read', 'a')}
        and a.kind = ${measure === 'calls' ? 'call' : 'meeting'} and a.owner_id = any(${owners})
        and a.occurred_at >= ${start} and a.occurred_at < ${end})`;
    case 'new_clients':
      return sql`(select count(*) from companies c where ${accessCondition(actor, 'companies', 'read', 'c')}
        and c.owner_id = any(${owners}) and c.created_at >= ${start} and c.created_at < ${end})`;
  }
}

/** Each team with every team below it (root, member team). */
const teamTree = (workspaceId: string) => sql`team_tree(root, id) as (
  select id, id from teams where workspace_id = ${workspaceId}
  union all select tt.root, t.id from teams t join team_tree tt on t.parent_team_id = tt.id)`;

/**
 * Plans by id with their actual value under the viewer's rights and, for team plans in mode "sum", the target
 * as the sum of the members' plans of the same measure and period.
 */
export async function selectPlanProgress(db: Db, actor: Actor, ids: string[], tz: string) {
  if (ids.length === 0) return [];
  const owners = sql.raw(`o.owners`);
  const start = localMidnight(sql`p.period_start`, tz);
  const end = localMidnight(sql`p.period_end`, tz);
  const measures: PlanMeasure[] = ['won_amount', 'won_count', 'calls', 'meetings', 'new_clients'];
  const actual = sql`case p.measure ${sql.join(
    measures.map((measure) => sql`when ${measure} then ${measureValue(actor, measure, owners, start, end)}::numeric`),
    sql` `,
  )} end`;
  return rows<PlanRow & { actual: string; memberTarget: string | null; userName: string | null; teamName: string | null; subjectTeamId: string | null }>(
    db,
    sql`with recursive ${teamTree(actor.workspaceId)}
        select ${planColumns}, (${actual})::text as actual, pu.name as "userName", pt.name as "teamName", coalesce(p.team_id, pu.team_id) as "subjectTeamId",
          (select sum(m.target)::text from sales_plans m join users mu on mu.id = m.user_id
            where m.workspace_id = p.workspace_id and m.measure = p.measure and m.period_start = p.period_start and m.period_end = p.period_end
              and mu.team_id in (select id from team_tree where root = p.team_id)) as "memberTarget"
        from sales_plans p
        left join users pu on pu.id = p.user_id
        left join teams pt on pt.id = coalesce(p.team_id, pu.team_id)
        cross join lateral (
          select case when p.user_id is not null then array[p.user_id]
            else coalesce((select array_agg(u.id) from users u where u.workspace_id = p.workspace_id and u.team_id in (select id from team_tree where root = p.team_id)), '{}'::uuid[]) end as owners
        ) o
        where p.workspace_id = ${actor.workspaceId} and p.id = any(${pgArrayLiteral(ids)}::uuid[])
        order by p.period_start, p.team_id nulls first, p.user_id, p.measure`,
  );
}

/** The ids of plans overlapping [start, end) that the visibility condition admits. */
export async function selectPlanIds(db: Db, workspaceId: string, visible: SQL, filters: { start: string; end: string; userId?: string; teamId?: string; measure?: string }) {
  const found = await rows<{ id: string }>(
    db,
    sql`select p.id from sales_plans p left join users pu on pu.id = p.user_id
        where p.workspace_id = ${workspaceId} and p.period_start < ${filters.end}::date and p.period_end > ${filters.start}::date
          ${filters.userId ? sql`and p.user_id = ${filters.userId}` : sql``}
          ${filters.teamId ? sql`and (p.team_id = ${filters.teamId} or pu.team_id = ${filters.teamId})` : sql``}
          ${filters.measure ? sql`and p.measure = ${filters.measure}` : sql``}
          and ${visible}
        order by p.period_start, p.id limit 2000`,
  );
  return found.map((row) => row.id);
}

export async function selectPlan(db: Db, workspaceId: string, id: string) {
  return firstRow<PlanRow & { subjectTeamId: string | null }>(
    db,
    sql`select ${planColumns}, coalesce(p.team_id, pu.team_id) as "subjectTeamId" from sales_plans p left join users pu on pu.id = p.user_id
        where p.workspace_id = ${workspaceId} and p.id = ${id}`,
  );
}

/** A plan of the same subject and measure whose period overlaps [start, end), other than `exceptId`. */
export async function selectOverlappingPlan(db: Db, workspaceId: string, subject: { userId?: string; teamId?: string }, measure: string, start: string, end: string, exceptId?: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`plan:${workspaceId}:${subject.userId ?? subject.teamId}:${measure}`}, 0))`);
  return firstRow<{ id: string; periodStart: string; periodEnd: string }>(
    db,
    sql`select id, to_char(period_start, 'YYYY-MM-DD') as "periodStart", to_char(period_end, 'YYYY-MM-DD') as "periodEnd" from sales_plans
        where workspace_id = ${workspaceId} and measure = ${measure}
          and ${subject.userId ? sql`user_id = ${subject.userId}` : sql`team_id = ${subject.teamId!}`}
          and period_start < ${end}::date and period_end > ${start}::date
          ${exceptId ? sql`and id <> ${exceptId}` : sql``}
        limit 1`,
  );
}

/** Teams the actor heads, with every team below them. */
export async function selectHeadedTeams(db: Db, actor: Actor): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`with recursive tree(id) as (select id from teams where workspace_id = ${actor.workspaceId} and head_user_id = ${actor.userId}
          union select t.id from teams t join tree on t.parent_team_id = tree.id) select id from tree`,
  );
  return found.map((row) => row.id);
}

export async function selectUser(db: Db, workspaceId: string, id: string) {
  return firstRow<{ id: string; name: string; teamId: string | null; isActive: boolean }>(
    db,
    sql`select id, name, team_id as "teamId", is_active as "isActive" from users where workspace_id = ${workspaceId} and id = ${id}`,
  );
}

export async function selectTeam(db: Db, workspaceId: string, id: string) {
  return firstRow<{ id: string; name: string; headUserId: string | null }>(db, sql`select id, name, head_user_id as "headUserId" from teams where workspace_id = ${workspaceId} and id = ${id}`);
}
