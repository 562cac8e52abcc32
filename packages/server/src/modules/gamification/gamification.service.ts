// Gamification settings (points per rule), team opt-outs, the leaderboard of a team over a period and badges.
// Points are aggregates of gamification_points (not owned records), so everyone who may see a team's
// leaderboard sees its members' points: the team's members, its heads and administrators (and roles that
// read every deal). An opted-out team has no leaderboard and earns no points.
import { sql } from 'drizzle-orm';
import { defaultGamificationPoints, gamificationSettingsSchema, type GamificationSettings } from '@svyaz/shared';
import { permissionLevel, requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { firstRow, rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { localMidnight } from '../plans/plans.repo.js';
import { parsePeriod, parseTz, planRights, type PlanRights } from '../plans/plans.service.js';

export const badgeRules = [
  { key: 'first_win', rule: 'deal_won', count: 1 },
  { key: 'closer_10', rule: 'deal_won', count: 10 },
  { key: 'caller_100', rule: 'call_logged', count: 100 },
  { key: 'punctual_20', rule: 'task_done_on_time', count: 20 },
] as const;

export async function getGamificationSettings(db: Db, workspaceId: string): Promise<GamificationSettings & { optedOutTeamIds: string[] }> {
  const row = await firstRow<{ points: unknown }>(db, sql`select settings -> 'gamification' -> 'points' as points from workspaces where id = ${workspaceId}`);
  const points = { ...defaultGamificationPoints, ...((row?.points as object | null) ?? {}) };
  const optedOut = await rows<{ teamId: string }>(db, sql`select team_id as "teamId" from gamification_team_opt_outs where workspace_id = ${workspaceId} order by team_id`);
  return { points, optedOutTeamIds: optedOut.map((item) => item.teamId) };
}

export async function saveGamificationSettings(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(gamificationSettingsSchema, body);
  const before = await getGamificationSettings(ctx.db, ctx.actor.workspaceId);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update workspaces set settings = settings || jsonb_build_object('gamification', coalesce(settings -> 'gamification', '{}'::jsonb) || jsonb_build_object('points', ${JSON.stringify(input.points)}::jsonb)) where id = ${ctx.actor.workspaceId}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'workspace', recordId: ctx.actor.workspaceId, action: 'update', changes: { gamificationPoints: { from: before.points, to: input.points } } }]);
  });
  return getGamificationSettings(ctx.db, ctx.actor.workspaceId);
}

const mayManageTeam = (rights: PlanRights, teamId: string) => rights.all || rights.headed.includes(teamId);

export function maySeeTeam(actor: Actor, rights: PlanRights, teamId: string): boolean {
  return mayManageTeam(rights, teamId) || actor.teamId === teamId || permissionLevel(actor, 'deals', 'read') === 'all';
}

async function teamOrFail(ctx: Ctx, teamId: string, field = 'teamId') {
  if (!isUuid(teamId)) throw invalid(field, 'must be a UUID');
  const team = await firstRow<{ id: string; name: string }>(ctx.db, sql`select id, name from teams where workspace_id = ${ctx.actor.workspaceId} and id = ${teamId}`);
  if (!team) throw notFound('team', teamId);
  return team;
}

/** A team's head (or an administrator) switches gamification off or on for the team. */
export async function setTeamOptOut(ctx: Ctx, teamId: string, body: unknown) {
  const team = await teamOrFail(ctx, teamId);
  const optedOut = (body as { optedOut?: unknown } | null)?.optedOut;
  if (typeof optedOut !== 'boolean') throw invalid('optedOut', 'must be true or false');
  const rights = await planRights(ctx.db, ctx.actor);
  if (!mayManageTeam(rights, team.id)) throw new AppError('FORBIDDEN', { message: 'Only administrators and the team\'s heads switch gamification for a team', details: { object: 'teams', action: 'update' } });
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    if (optedOut) await tx.execute(sql`insert into gamification_team_opt_outs (workspace_id, team_id, opted_out_by) values (${ctx.actor.workspaceId}, ${team.id}, ${ctx.actor.userId}) on conflict do nothing`);
    else await tx.execute(sql`delete from gamification_team_opt_outs where workspace_id = ${ctx.actor.workspaceId} and team_id = ${team.id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'team', recordId: team.id, action: 'update', changes: { gamificationOptedOut: { from: !optedOut, to: optedOut } } }]);
  });
  return { teamId: team.id, optedOut };
}

export async function isTeamOptedOut(db: Db, workspaceId: string, teamId: string): Promise<boolean> {
  return Boolean(await firstRow(db, sql`select 1 from gamification_team_opt_outs where workspace_id = ${workspaceId} and team_id = ${teamId}`));
}

/** Badges earned so far per user, from the count of their claims per rule. */
export async function badgesOf(db: Db, workspaceId: string, userIds: string[]): Promise<Map<string, string[]>> {
  const counts = await rows<{ userId: string; rule: string; count: number }>(
    db,
    sql`select user_id as "userId", rule, count(*)::int as count from gamification_points
        where workspace_id = ${workspaceId} and user_id = any(${pgArrayLiteral(userIds)}::uuid[]) group by user_id, rule`,
  );
  const badges = new Map<string, string[]>(userIds.map((id) => [id, []]));
  for (const badge of badgeRules) {
    for (const row of counts) if (row.rule === badge.rule && Number(row.count) >= badge.count) badges.get(row.userId)!.push(badge.key);
  }
  return badges;
}

/** The team's members ranked by points earned in the period (default: the viewer's team, this month). */
export async function getLeaderboard(ctx: Ctx, query: Record<string, unknown> = {}) {
  const tz = parseTz(query.tz);
  const period = parsePeriod(query, tz);
  const teamId = (query.teamId as string | undefined) || ctx.actor.teamId;
  if (!teamId) throw invalid('teamId', 'is required for someone in no team');
  const team = await teamOrFail(ctx, teamId);
  const rights = await planRights(ctx.db, ctx.actor);
  if (!maySeeTeam(ctx.actor, rights, team.id)) throw notFound('team', team.id);
  if (await isTeamOptedOut(ctx.db, ctx.actor.workspaceId, team.id)) return { period, tz, team: { ...team, optedOut: true }, data: [] };
  const start = localMidnight(sql`${period.start}::date`, tz);
  const end = localMidnight(sql`${period.end}::date`, tz);
  const standings = await rows<{ userId: string; name: string; points: number; wins: number }>(
    ctx.db,
    sql`select u.id as "userId", u.name,
          coalesce(sum(g.points), 0)::int as points, count(g.id) filter (where g.rule = 'deal_won')::int as wins
        from users u
        left join gamification_points g on g.workspace_id = u.workspace_id and g.user_id = u.id and g.awarded_at >= ${start} and g.awarded_at < ${end}
        where u.workspace_id = ${ctx.actor.workspaceId} and u.team_id = ${team.id} and u.is_active
        group by u.id, u.name
        order by points desc, u.name collate "und-x-icu"`,
  );
  const badges = await badgesOf(ctx.db, ctx.actor.workspaceId, standings.map((row) => row.userId));
  let rank = 0;
  let previous: number | null = null;
  const data = standings.map((row, index) => {
    if (row.points !== previous) rank = index + 1;
    previous = row.points;
    return { rank, userId: row.userId, name: row.name, points: Number(row.points), wins: Number(row.wins), badges: badges.get(row.userId) ?? [] };
  });
  return { period, tz, team: { ...team, optedOut: false }, data };
}

/** Teams the viewer may open a leaderboard of, with their opt-out state. */
export async function listGamificationTeams(ctx: Ctx) {
  const rights = await planRights(ctx.db, ctx.actor);
  const teams = await rows<{ id: string; name: string; optedOut: boolean }>(
    ctx.db,
    sql`select t.id, t.name, exists (select 1 from gamification_team_opt_outs o where o.workspace_id = t.workspace_id and o.team_id = t.id) as "optedOut"
        from teams t where t.workspace_id = ${ctx.actor.workspaceId} order by t.name collate "und-x-icu"`,
  );
  return { data: teams.filter((team) => maySeeTeam(ctx.actor, rights, team.id)).map((team) => ({ ...team, canManage: mayManageTeam(rights, team.id) })) };
}
