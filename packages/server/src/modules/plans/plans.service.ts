// Sales plans: a target per person or team, per measure and period, and its progress from the real records.
// Who sees a plan: its person, their team (the team's own plan), the heads of the team (and of teams above it),
// and administrators. Who sets one: administrators (settings update at level all) and the heads of the team.
// Progress is counted with the viewer's rights, so a head sees the team's figures and a manager their own.
import { sql, type SQL } from 'drizzle-orm';
import { isCalendarDay, periodKinds, periodOf, planGridSchema, planInputSchema, planMeasures, planUpdateSchema, type PeriodKind, type PlanMeasure, type PlanProgress } from '@svyaz/shared';
import { permissionLevel } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { firstRow, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { selectHeadedTeams, selectOverlappingPlan, selectPlan, selectPlanIds, selectPlanProgress, selectTeam, selectUser } from './plans.repo.js';

export const DEFAULT_TZ = '+03:00';

export interface PlanRights {
  /** Administrators: every plan. */
  all: boolean;
  /** Teams the actor heads, with their sub-teams. */
  headed: string[];
}

export async function planRights(db: Db, actor: Actor): Promise<PlanRights> {
  return { all: permissionLevel(actor, 'settings', 'update') === 'all', headed: await selectHeadedTeams(db, actor) };
}

const mayManage = (rights: PlanRights, subjectTeamId: string | null) => rights.all || (subjectTeamId !== null && rights.headed.includes(subjectTeamId));

function visibleCondition(actor: Actor, rights: PlanRights): SQL {
  if (rights.all) return sql`true`;
  const headed = pgArrayLiteral(rights.headed);
  return sql`(p.user_id = ${actor.userId} ${actor.teamId ? sql`or p.team_id = ${actor.teamId}` : sql``}
    or pu.team_id = any(${headed}::uuid[]) or p.team_id = any(${headed}::uuid[]))`;
}

export function parseTz(value: unknown): string {
  if (value === undefined || value === '') return DEFAULT_TZ;
  if (typeof value !== 'string' || !/^[+-](0\d|1[0-4]):[0-5]\d$/.test(value)) throw invalid('tz', 'must be a UTC offset such as +03:00');
  return value;
}

/** Today in the offset `tz` as YYYY-MM-DD. */
export function localToday(tz: string, now = new Date()): string {
  const sign = tz.startsWith('-') ? -1 : 1;
  const [hours, minutes] = tz.slice(1).split(':').map(Number) as [number, number];
  return new Date(now.getTime() + sign * (hours * 60 + minutes) * 60000).toISOString().slice(0, 10);
}

export function parsePeriod(query: Record<string, unknown>, tz: string): { kind: PeriodKind; start: string; end: string } {
  const kind = (query.periodKind ?? 'month') as PeriodKind;
  if (!periodKinds.includes(kind)) throw invalid('periodKind', `must be one of ${periodKinds.join(', ')}`);
  const date = query.date === undefined || query.date === '' ? localToday(tz) : String(query.date);
  if (!isCalendarDay(date)) throw invalid('date', 'must be a date YYYY-MM-DD');
  return { kind, ...periodOf(kind, date) };
}

function toProgress(row: Awaited<ReturnType<typeof selectPlanProgress>>[number], rights: PlanRights): PlanProgress {
  const target = row.teamMode === 'sum' ? (row.memberTarget === null ? null : Number(row.memberTarget)) : row.target === null ? null : Number(row.target);
  const actual = Number(row.actual);
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    teamId: row.teamId,
    teamName: row.teamName,
    measure: row.measure,
    periodKind: row.periodKind as PeriodKind,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    mode: row.teamMode,
    target,
    actual,
    percent: target ? Math.round((actual / target) * 1000) / 10 : null,
    canEdit: mayManage(rights, row.subjectTeamId),
  };
}

export async function progressOf(ctx: Ctx, ids: string[], tz: string, rights?: PlanRights): Promise<PlanProgress[]> {
  const known = rights ?? (await planRights(ctx.db, ctx.actor));
  return (await selectPlanProgress(ctx.db, ctx.actor, ids, tz)).map((row) => toProgress(row, known));
}

/** Plans overlapping the period (default: this month) that the viewer may see, with progress. */
export async function listPlans(ctx: Ctx, query: Record<string, unknown> = {}) {
  const tz = parseTz(query.tz);
  const period = parsePeriod(query, tz);
  for (const key of ['userId', 'teamId'] as const) if (query[key] !== undefined && !isUuid(String(query[key]))) throw invalid(key, 'must be a UUID');
  if (query.userId === 'me') query.userId = ctx.actor.userId;
  if (query.measure !== undefined && !planMeasures.includes(query.measure as PlanMeasure)) throw invalid('measure', `must be one of ${planMeasures.join(', ')}`);
  const rights = await planRights(ctx.db, ctx.actor);
  const ids = await selectPlanIds(ctx.db, ctx.actor.workspaceId, visibleCondition(ctx.actor, rights), {
    start: period.start,
    end: period.end,
    userId: query.userId as string | undefined,
    teamId: query.teamId as string | undefined,
    measure: query.measure as string | undefined,
  });
  return { period, tz, canManage: rights.all || rights.headed.length > 0, data: await progressOf(ctx, ids, tz, rights) };
}

/** The actor's own plans for the period: the desk's progress bars. */
export async function listMyPlans(ctx: Ctx, query: Record<string, unknown> = {}) {
  return listPlans(ctx, { ...query, userId: ctx.actor.userId });
}

export async function getPlan(ctx: Ctx, id: string, tz = DEFAULT_TZ): Promise<PlanProgress> {
  if (!isUuid(id)) throw notFound('plan', id);
  const rights = await planRights(ctx.db, ctx.actor);
  const ids = await selectPlanIds(ctx.db, ctx.actor.workspaceId, sql`p.id = ${id} and ${visibleCondition(ctx.actor, rights)}`, { start: '0001-01-01', end: '9999-12-31' });
  if (ids.length === 0) throw notFound('plan', id);
  return (await progressOf(ctx, ids, tz, rights))[0]!;
}

async function subjectTeam(ctx: Ctx, input: { userId?: string; teamId?: string }): Promise<string | null> {
  if (input.userId) {
    const user = await selectUser(ctx.db, ctx.actor.workspaceId, input.userId);
    if (!user) throw invalid('userId', 'is not a user of this workspace');
    return user.teamId;
  }
  const team = await selectTeam(ctx.db, ctx.actor.workspaceId, input.teamId!);
  if (!team) throw invalid('teamId', 'is not a team of this workspace');
  return team.id;
}

function overlapError(found: { id: string; periodStart: string; periodEnd: string }, field = 'periodStart'): AppError {
  return invalid(field, `overlaps another plan of the same person or team and measure (${found.periodStart} to ${found.periodEnd})`, { planId: found.id });
}

export async function createPlan(ctx: Ctx, body: unknown): Promise<PlanProgress> {
  const input = parseBody(planInputSchema, body);
  if (!isCalendarDay(input.periodStart)) throw invalid('periodStart', 'is not a calendar day');
  if (Boolean(input.userId) === Boolean(input.teamId)) throw invalid('userId', 'give either userId (a person\'s plan) or teamId (a team\'s plan)');
  if (input.mode === 'sum' && !input.teamId) throw invalid('mode', '"sum" is only for team plans');
  if (input.mode === 'fixed' && input.target === undefined) throw invalid('target', 'is required');
  const rights = await planRights(ctx.db, ctx.actor);
  const teamId = await subjectTeam(ctx, input);
  if (!mayManage(rights, teamId)) throw new AppError('FORBIDDEN', { message: 'Only administrators and the heads of the team set its plans', details: { object: 'plans', action: 'create' } });
  const period = periodOf(input.periodKind, input.periodStart);
  const id = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const overlapping = await selectOverlappingPlan(tx, ctx.actor.workspaceId, input, input.measure, period.start, period.end);
    if (overlapping) throw overlapError(overlapping);
    const created = await firstRow<{ id: string }>(
      tx,
      sql`insert into sales_plans (workspace_id, user_id, team_id, measure, period_kind, period_start, period_end, target, team_mode, created_by)
          values (${ctx.actor.workspaceId}, ${input.userId ?? null}, ${input.teamId ?? null}, ${input.measure}, ${input.periodKind}, ${period.start}, ${period.end},
            ${input.mode === 'sum' ? null : String(input.target)}, ${input.mode}, ${ctx.actor.userId}) returning id`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'sales_plan', recordId: created!.id, action: 'create', changes: { target: { from: null, to: input.target ?? null } }, meta: { measure: input.measure, periodStart: period.start, userId: input.userId ?? null, teamId: input.teamId ?? null } }]);
    return created!.id;
  });
  return getPlan(ctx, id);
}

async function planForWrite(ctx: Ctx, id: string) {
  if (!isUuid(id)) throw notFound('plan', id);
  const plan = await selectPlan(ctx.db, ctx.actor.workspaceId, id);
  if (!plan) throw notFound('plan', id);
  const rights = await planRights(ctx.db, ctx.actor);
  if (!mayManage(rights, plan.subjectTeamId)) {
    // A plan one may not even see answers 404, as records do.
    const visible = plan.userId === ctx.actor.userId || (plan.teamId !== null && plan.teamId === ctx.actor.teamId);
    if (!visible) throw notFound('plan', id);
    throw new AppError('FORBIDDEN', { message: 'Only administrators and the heads of the team change its plans', details: { object: 'plans', action: 'update' } });
  }
  return plan;
}

export async function updatePlan(ctx: Ctx, id: string, body: unknown): Promise<PlanProgress> {
  const input = parseBody(planUpdateSchema, body);
  const plan = await planForWrite(ctx, id);
  const mode = input.mode ?? plan.teamMode;
  if (mode === 'sum' && !plan.teamId) throw invalid('mode', '"sum" is only for team plans');
  const target = mode === 'sum' ? null : input.target !== undefined ? input.target : plan.target === null ? undefined : Number(plan.target);
  if (target === undefined) throw invalid('target', 'is required');
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update sales_plans set target = ${target === null ? null : String(target)}, team_mode = ${mode}, updated_at = now() where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'sales_plan', recordId: id, action: 'update', changes: { target: { from: plan.target === null ? null : Number(plan.target), to: target }, ...(mode !== plan.teamMode ? { mode: { from: plan.teamMode, to: mode } } : {}) } }]);
  });
  return getPlan(ctx, id);
}

export async function deletePlan(ctx: Ctx, id: string): Promise<{ ok: true }> {
  const plan = await planForWrite(ctx, id);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`delete from sales_plans where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'sales_plan', recordId: id, action: 'delete', changes: { target: { from: plan.target === null ? null : Number(plan.target), to: null } }, meta: { measure: plan.measure, periodStart: plan.periodStart, userId: plan.userId, teamId: plan.teamId } }]);
  });
  return { ok: true };
}

/**
 * The plans grid: person plans of one measure and period for many people in one transaction (all or nothing).
 * A plan of exactly that period is changed, a null target removes it; a plan of another overlapping period
 * (a quarter over this month) is refused naming the row.
 */
export async function savePlanGrid(ctx: Ctx, body: unknown) {
  const input = parseBody(planGridSchema, body);
  if (!isCalendarDay(input.periodStart)) throw invalid('periodStart', 'is not a calendar day');
  const period = periodOf(input.periodKind, input.periodStart);
  const rights = await planRights(ctx.db, ctx.actor);
  const seen = new Set<string>();
  for (const [index, row] of input.plans.entries()) {
    if (seen.has(row.userId)) throw invalid(`plans[${index}].userId`, 'appears twice');
    seen.add(row.userId);
    const user = await selectUser(ctx.db, ctx.actor.workspaceId, row.userId);
    if (!user) throw invalid(`plans[${index}].userId`, 'is not a user of this workspace');
    if (!mayManage(rights, user.teamId)) throw new AppError('FORBIDDEN', { message: `You may not set the plans of ${user.name}`, details: { field: `plans[${index}].userId`, object: 'plans', action: 'update' } });
  }
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    for (const [index, row] of input.plans.entries()) {
      const existing = await firstRow<{ id: string; target: string | null }>(
        tx,
        sql`select id, target::text as target from sales_plans where workspace_id = ${ctx.actor.workspaceId} and user_id = ${row.userId} and measure = ${input.measure}
            and period_start = ${period.start}::date and period_end = ${period.end}::date`,
      );
      const overlapping = await selectOverlappingPlan(tx, ctx.actor.workspaceId, { userId: row.userId }, input.measure, period.start, period.end, existing?.id);
      if (overlapping && row.target !== null) throw overlapError(overlapping, `plans[${index}].target`);
      if (row.target === null) {
        if (!existing) continue;
        await tx.execute(sql`delete from sales_plans where id = ${existing.id}`);
        await recordAudit(tx, ctx.actor, [{ recordType: 'sales_plan', recordId: existing.id, action: 'delete', changes: { target: { from: Number(existing.target), to: null } } }]);
      } else if (existing) {
        if (Number(existing.target) === row.target) continue;
        await tx.execute(sql`update sales_plans set target = ${String(row.target)}, updated_at = now() where id = ${existing.id}`);
        await recordAudit(tx, ctx.actor, [{ recordType: 'sales_plan', recordId: existing.id, action: 'update', changes: { target: { from: Number(existing.target), to: row.target } } }]);
      } else {
        const created = await firstRow<{ id: string }>(
          tx,
          sql`insert into sales_plans (workspace_id, user_id, measure, period_kind, period_start, period_end, target, created_by)
              values (${ctx.actor.workspaceId}, ${row.userId}, ${input.measure}, ${input.periodKind}, ${period.start}, ${period.end}, ${String(row.target)}, ${ctx.actor.userId}) returning id`,
        );
        await recordAudit(tx, ctx.actor, [{ recordType: 'sales_plan', recordId: created!.id, action: 'create', changes: { target: { from: null, to: row.target } }, meta: { measure: input.measure, periodStart: period.start, userId: row.userId } }]);
      }
    }
  });
  return listPlans(ctx, { periodKind: input.periodKind, date: period.start, measure: input.measure });
}
