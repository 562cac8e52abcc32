// Competitions: a team (or, set by an administrator, the whole workspace) competes on a measure between two
// days with a prize. Standings rank the participants (active members of the team, or of every team that has
// not opted out) by the measure from startsOn to the end of endsOn. Like the leaderboard, standings are
// aggregates shown to every participant; the records behind them still need the viewer's own rights.
import { sql } from 'drizzle-orm';
import { competitionInputSchema, isCalendarDay, type CompetitionMeasure } from '@svyaz/shared';
import { ownedObjects } from '../../core/access.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { firstRow, rows, type Db } from '../../db/client.js';
import { localMidnight, measureValue } from '../plans/plans.repo.js';
import { parseTz, planRights, type PlanRights } from '../plans/plans.service.js';
import { maySeeTeam } from './gamification.service.js';

export interface Competition {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  measure: CompetitionMeasure;
  startsOn: string;
  endsOn: string;
  target: number | null;
  prize: string | null;
  createdBy: string | null;
  createdAt: string;
}

const columns = sql.raw(`c.id, c.name, c.team_id as "teamId", t.name as "teamName", c.measure, to_char(c.starts_on, 'YYYY-MM-DD') as "startsOn",
  to_char(c.ends_on, 'YYYY-MM-DD') as "endsOn", c.target::numeric::float8 as target, c.prize, c.created_by as "createdBy", c.created_at as "createdAt"`);

const mayManage = (rights: PlanRights, teamId: string | null) => rights.all || (teamId !== null && rights.headed.includes(teamId));

function checkDays(input: { startsOn: string; endsOn: string }) {
  if (!isCalendarDay(input.startsOn)) throw invalid('startsOn', 'is not a calendar day');
  if (!isCalendarDay(input.endsOn)) throw invalid('endsOn', 'is not a calendar day');
  if (input.endsOn < input.startsOn) throw invalid('endsOn', 'must not be before startsOn');
}

async function loadCompetition(ctx: Ctx, id: string, rights: PlanRights): Promise<Competition> {
  if (!isUuid(id)) throw notFound('competition', id);
  const found = await firstRow<Competition>(ctx.db, sql`select ${columns} from competitions c left join teams t on t.id = c.team_id where c.workspace_id = ${ctx.actor.workspaceId} and c.id = ${id} and c.deleted_at is null`);
  if (!found || (found.teamId !== null && !maySeeTeam(ctx.actor, rights, found.teamId))) throw notFound('competition', id);
  return { ...found, target: found.target === null ? null : Number(found.target) };
}

export async function listCompetitions(ctx: Ctx, query: Record<string, unknown> = {}) {
  const rights = await planRights(ctx.db, ctx.actor);
  const state = (query.state as string | undefined) ?? 'all';
  if (!['all', 'active', 'finished', 'upcoming'].includes(state)) throw invalid('state', 'must be one of all, active, finished, upcoming');
  const today = sql`(now() at time zone 'UTC' + ${parseTz(query.tz)}::interval)::date`;
  const found = await rows<Competition>(
    ctx.db,
    sql`select ${columns} from competitions c left join teams t on t.id = c.team_id
        where c.workspace_id = ${ctx.actor.workspaceId} and c.deleted_at is null
          ${state === 'active' ? sql`and c.starts_on <= ${today} and c.ends_on >= ${today}` : state === 'finished' ? sql`and c.ends_on < ${today}` : state === 'upcoming' ? sql`and c.starts_on > ${today}` : sql``}
        order by c.ends_on desc, c.id desc limit 200`,
  );
  return {
    canCreate: rights.all || rights.headed.length > 0,
    data: found.filter((item) => item.teamId === null || maySeeTeam(ctx.actor, rights, item.teamId)).map((item) => ({ ...item, target: item.target === null ? null : Number(item.target), canEdit: mayManage(rights, item.teamId) })),
  };
}

export async function createCompetition(ctx: Ctx, body: unknown) {
  const input = parseBody(competitionInputSchema, body);
  checkDays(input);
  const rights = await planRights(ctx.db, ctx.actor);
  if (input.teamId) {
    const team = await firstRow(ctx.db, sql`select id from teams where workspace_id = ${ctx.actor.workspaceId} and id = ${input.teamId}`);
    if (!team) throw invalid('teamId', 'is not a team of this workspace');
  }
  if (!mayManage(rights, input.teamId ?? null)) throw new AppError('FORBIDDEN', { message: 'Only administrators (any competition) and the heads of a team (its competitions) create competitions', details: { object: 'competitions', action: 'create' } });
  const id = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const created = await firstRow<{ id: string }>(
      tx,
      sql`insert into competitions (workspace_id, name, team_id, measure, starts_on, ends_on, target, prize, created_by)
          values (${ctx.actor.workspaceId}, ${input.name}, ${input.teamId ?? null}, ${input.measure}, ${input.startsOn}, ${input.endsOn},
            ${input.target === null || input.target === undefined ? null : String(input.target)}, ${input.prize ?? null}, ${ctx.actor.userId}) returning id`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'competition', recordId: created!.id, action: 'create', changes: diffRecords(null, input as Record<string, unknown>) }]);
    return created!.id;
  });
  return getCompetition(ctx, id);
}

export async function updateCompetition(ctx: Ctx, id: string, body: unknown) {
  const rights = await planRights(ctx.db, ctx.actor);
  const current = await loadCompetition(ctx, id, rights);
  if (!mayManage(rights, current.teamId)) throw new AppError('FORBIDDEN', { message: 'You may not change this competition', details: { object: 'competitions', action: 'update' } });
  const patch = parseBody(competitionInputSchema.partial().omit({ teamId: true }), body);
  const next = { ...current, ...patch };
  checkDays(next);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update competitions set name = ${next.name}, measure = ${next.measure}, starts_on = ${next.startsOn}, ends_on = ${next.endsOn},
      target = ${next.target === null || next.target === undefined ? null : String(next.target)}, prize = ${next.prize ?? null}, updated_at = now() where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'competition', recordId: id, action: 'update', changes: diffRecords(current as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>) }]);
  });
  return getCompetition(ctx, id);
}

export async function deleteCompetition(ctx: Ctx, id: string) {
  const rights = await planRights(ctx.db, ctx.actor);
  const current = await loadCompetition(ctx, id, rights);
  if (!mayManage(rights, current.teamId)) throw new AppError('FORBIDDEN', { message: 'You may not delete this competition', details: { object: 'competitions', action: 'delete' } });
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update competitions set deleted_at = now() where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'competition', recordId: id, action: 'delete' }]);
  });
  return { ok: true as const };
}

/** Reads every owned record of the workspace: standings are aggregates over all participants. */
function standingsReader(ctx: Ctx): Actor {
  return { ...ctx.actor, permissions: Object.fromEntries(ownedObjects.map((object) => [object, { read: 'all' }])) };
}

/** The competition with its standings: rank, value, percent of the target; ties share a rank. */
export async function getCompetition(ctx: Ctx, id: string, query: Record<string, unknown> = {}) {
  const tz = parseTz(query.tz);
  const rights = await planRights(ctx.db, ctx.actor);
  const competition = await loadCompetition(ctx, id, rights);
  const start = localMidnight(sql`${competition.startsOn}::date`, tz);
  const end = localMidnight(sql`(${competition.endsOn}::date + 1)`, tz);
  const owners = sql`array[u.id]`;
  const value =
    competition.measure === 'points'
      ? sql`(select coalesce(sum(g.points), 0) from gamification_points g where g.workspace_id = u.workspace_id and g.user_id = u.id and g.awarded_at >= ${start} and g.awarded_at < ${end})`
      : measureValue(standingsReader(ctx), competition.measure, owners, start, end);
  const participants = await rows<{ userId: string; name: string; teamId: string | null; value: string }>(
    ctx.db,
    sql`select "userId", name, "teamId", value::text as value from (
          select u.id as "userId", u.name, u.team_id as "teamId", (${value})::numeric as value from users u
          where u.workspace_id = ${ctx.actor.workspaceId} and u.is_active and u.team_id is not null
            ${competition.teamId ? sql`and u.team_id = ${competition.teamId}` : sql``}
            and not exists (select 1 from gamification_team_opt_outs o where o.workspace_id = u.workspace_id and o.team_id = u.team_id)) x
        order by x.value desc, x.name collate "und-x-icu"`,
  );
  let rank = 0;
  let previous: number | null = null;
  const standings = participants.map((row, index) => {
    const amount = Number(row.value);
    if (amount !== previous) rank = index + 1;
    previous = amount;
    return { rank, userId: row.userId, name: row.name, teamId: row.teamId, value: amount, percent: competition.target ? Math.round((amount / competition.target) * 1000) / 10 : null };
  });
  return { ...competition, canEdit: mayManage(rights, competition.teamId), standings };
}
