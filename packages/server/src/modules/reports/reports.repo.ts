// Aggregates behind the dashboard. Each query takes its rows through accessCondition() and the
// optional team condition, so a chart counts exactly the records its list would show the same user.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export interface Window {
  /** Inclusive start and exclusive end, as timestamptz literals. */
  start: string;
  end: string;
  /** UTC offset such as +03:00: months are local months. */
  tz: string;
  /** Records of these teams only (null: every team). */
  teamIds: string[] | null;
}

const teamCondition = (alias: string, teamIds: string[] | null): SQL =>
  teamIds ? sql`${sql.raw(`"${alias}"."team_id"`)} = any(${pgArrayLiteral(teamIds)}::uuid[])` : sql`true`;
const month = (column: SQL, tz: string) => sql`to_char(${column} at time zone ${tz}::interval, 'YYYY-MM')`;

/** The team and every team below it. */
export async function selectTeamTree(db: Db, workspaceId: string, teamId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`with recursive tree(id) as (select id from teams where workspace_id = ${workspaceId} and id = ${teamId}
          union select t.id from teams t join tree on t.parent_team_id = tree.id) select id from tree`,
  );
  return found.map((row) => row.id);
}

/** Deals created in the window, by the stage they are in now (every stage of the pipeline, in order). */
export async function selectFunnel(db: Db, actor: Actor, pipelineId: string, window: Window) {
  return rows<{ stageId: string; name: string; kind: string; count: number; sum: string }>(
    db,
    sql`select s.id as "stageId", s.name, s.kind, count(d.id)::int as count, coalesce(sum(d.amount), 0)::text as sum
        from stages s
        left join deals d on d.stage_id = s.id and d.pipeline_id = ${pipelineId}
          and d.created_at >= ${window.start}::timestamptz and d.created_at < ${window.end}::timestamptz
          and ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)}
        where s.workspace_id = ${actor.workspaceId} and s.pipeline_id = ${pipelineId} and s.deleted_at is null
        group by s.id order by s.position, s.id`,
  );
}

/** Open deals of the pipeline now, per open stage (a snapshot: the period does not apply). */
export async function selectOpenByStage(db: Db, actor: Actor, pipelineId: string, window: Window) {
  return rows<{ stageId: string; name: string; count: number; sum: string }>(
    db,
    sql`select s.id as "stageId", s.name, count(d.id)::int as count, coalesce(sum(d.amount), 0)::text as sum
        from stages s
        left join deals d on d.stage_id = s.id and d.pipeline_id = ${pipelineId}
          and ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)}
        where s.workspace_id = ${actor.workspaceId} and s.pipeline_id = ${pipelineId} and s.deleted_at is null and s.kind = 'open'
        group by s.id order by s.position, s.id`,
  );
}

/** Deals won (closed in a won stage) per local month of the window, in every pipeline. */
export async function selectWonByMonth(db: Db, actor: Actor, window: Window) {
  return rows<{ month: string; count: number; sum: string }>(
    db,
    sql`select ${month(sql`d.closed_at`, window.tz)} as month, count(*)::int as count, sum(d.amount)::text as sum
        from deals d join stages s on s.id = d.stage_id and s.kind = 'won'
        where ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)}
          and d.closed_at >= ${window.start}::timestamptz and d.closed_at < ${window.end}::timestamptz
        group by 1 order by 1`,
  );
}

/** Activities in the window per owner and kind. */
export async function selectActivitiesByManager(db: Db, actor: Actor, window: Window) {
  return rows<{ ownerId: string | null; name: string | null; kind: string; count: number }>(
    db,
    sql`select a.owner_id as "ownerId", u.name, a.kind, count(*)::int as count
        from activities a left join users u on u.id = a.owner_id
        where ${accessCondition(actor, 'activities', 'read', 'a')} and ${teamCondition('a', window.teamIds)}
          and a.occurred_at >= ${window.start}::timestamptz and a.occurred_at < ${window.end}::timestamptz
        group by a.owner_id, u.name, a.kind`,
  );
}

/** Open deals per owner (count and amount), every pipeline. */
export async function selectOpenDealsByManager(db: Db, actor: Actor, window: Window) {
  return rows<{ ownerId: string | null; name: string | null; count: number; sum: string }>(
    db,
    sql`select d.owner_id as "ownerId", u.name, count(*)::int as count, sum(d.amount)::text as sum
        from deals d join stages s on s.id = d.stage_id and s.kind = 'open' left join users u on u.id = d.owner_id
        where ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)}
        group by d.owner_id, u.name order by sum(d.amount) desc, u.name`,
  );
}

/** Companies created per local month of the window (new clients). */
export async function selectNewCompaniesByMonth(db: Db, actor: Actor, window: Window) {
  return rows<{ month: string; count: number }>(
    db,
    sql`select ${month(sql`c.created_at`, window.tz)} as month, count(*)::int as count
        from companies c
        where ${accessCondition(actor, 'companies', 'read', 'c')} and ${teamCondition('c', window.teamIds)}
          and c.created_at >= ${window.start}::timestamptz and c.created_at < ${window.end}::timestamptz
        group by 1 order by 1`,
  );
}
