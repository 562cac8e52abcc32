// KPI cards per manager over a period: plan attainment (their person plans), conversion (won / closed),
// average won deal, activity (calls + meetings), and a weighted score 0–100 with the workspace's weights
// (settings.kpiWeights). Figures are counted with the viewer's rights, like plan progress.
import { sql } from 'drizzle-orm';
import { defaultKpiWeights, kpiComponents, kpiWeightsSchema, type KpiWeights } from '@svyaz/shared';
import { requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { firstRow, rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { localMidnight, measureValue, selectPlanIds } from './plans.repo.js';
import { parsePeriod, parseTz, planRights, progressOf, type PlanRights } from './plans.service.js';
import type { Actor } from '../../core/context.js';

export interface KpiCard {
  userId: string;
  name: string;
  teamId: string | null;
  wonAmount: number;
  wonCount: number;
  lostCount: number;
  activityCount: number;
  /** Average attainment of the person's plans in the period (percent), null without plans. */
  planAttainment: number | null;
  /** Won / (won + lost) of the deals closed in the period (percent), null when none closed. */
  conversion: number | null;
  averageDeal: number | null;
  score: number;
}

export async function getKpiWeights(db: Db, workspaceId: string): Promise<KpiWeights> {
  const row = await firstRow<{ weights: unknown }>(db, sql`select settings -> 'kpiWeights' as weights from workspaces where id = ${workspaceId}`);
  const parsed = kpiWeightsSchema.safeParse(row?.weights);
  return parsed.success ? parsed.data : defaultKpiWeights;
}

export async function saveKpiWeights(ctx: Ctx, body: unknown): Promise<KpiWeights> {
  requirePermission(ctx.actor, 'settings', 'update');
  const weights = parseBody(kpiWeightsSchema, body);
  if (kpiComponents.every((key) => weights[key] === 0)) throw invalid('planAttainment', 'at least one weight must be above 0');
  const before = await getKpiWeights(ctx.db, ctx.actor.workspaceId);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update workspaces set settings = settings || jsonb_build_object('kpiWeights', ${JSON.stringify(weights)}::jsonb) where id = ${ctx.actor.workspaceId}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'workspace', recordId: ctx.actor.workspaceId, action: 'update', changes: { kpiWeights: { from: before, to: weights } } }]);
  });
  return weights;
}

/** The people whose figures the viewer is shown: administrators everyone active, heads their teams, others themselves. */
export async function visiblePeople(db: Db, actor: Actor, rights: PlanRights, teamId?: string) {
  const condition = rights.all ? sql`true` : sql`(u.id = ${actor.userId} or u.team_id = any(${pgArrayLiteral(rights.headed)}::uuid[]))`;
  return rows<{ id: string; name: string; teamId: string | null; teamName: string | null }>(
    db,
    sql`select u.id, u.name, u.team_id as "teamId", t.name as "teamName" from users u left join teams t on t.id = u.team_id
        where u.workspace_id = ${actor.workspaceId} and u.is_active and ${condition} ${teamId ? sql`and u.team_id = ${teamId}` : sql``}
        order by t.name collate "und-x-icu" nulls last, u.name collate "und-x-icu"`,
  );
}

/** Normalised components (0–1) weighted into a score 0–100. Average deal and activity compare with the best shown. */
export function kpiScore(card: Pick<KpiCard, 'planAttainment' | 'conversion' | 'averageDeal' | 'activityCount'>, best: { averageDeal: number; activity: number }, weights: KpiWeights): number {
  const parts: Record<(typeof kpiComponents)[number], number> = {
    planAttainment: Math.min((card.planAttainment ?? 0) / 100, 1),
    conversion: (card.conversion ?? 0) / 100,
    averageDeal: best.averageDeal > 0 ? (card.averageDeal ?? 0) / best.averageDeal : 0,
    activity: best.activity > 0 ? card.activityCount / best.activity : 0,
  };
  const total = kpiComponents.reduce((sum, key) => sum + weights[key], 0);
  if (total === 0) return 0;
  return Math.round((kpiComponents.reduce((sum, key) => sum + weights[key] * parts[key], 0) / total) * 1000) / 10;
}

export async function listKpiCards(ctx: Ctx, query: Record<string, unknown> = {}) {
  const tz = parseTz(query.tz);
  const period = parsePeriod(query, tz);
  if (query.teamId !== undefined && !isUuid(String(query.teamId))) throw invalid('teamId', 'must be a UUID');
  const rights = await planRights(ctx.db, ctx.actor);
  const people = await visiblePeople(ctx.db, ctx.actor, rights, query.teamId as string | undefined);
  const weights = await getKpiWeights(ctx.db, ctx.actor.workspaceId);
  if (people.length === 0) return { period, tz, weights, data: [] as KpiCard[] };
  const owners = sql`array[u.id]`;
  const start = localMidnight(sql`${period.start}::date`, tz);
  const end = localMidnight(sql`${period.end}::date`, tz);
  const figures = await rows<{ id: string; wonAmount: string; wonCount: number; lostCount: number; calls: number; meetings: number }>(
    ctx.db,
    sql`select u.id, ${measureValue(ctx.actor, 'won_amount', owners, start, end)}::text as "wonAmount",
          ${measureValue(ctx.actor, 'won_count', owners, start, end)}::int as "wonCount",
          ${measureValue(ctx.actor, 'lost_count', owners, start, end)}::int as "lostCount",
          ${measureValue(ctx.actor, 'calls', owners, start, end)}::int as calls,
          ${measureValue(ctx.actor, 'meetings', owners, start, end)}::int as meetings
        from users u where u.workspace_id = ${ctx.actor.workspaceId} and u.id = any(${pgArrayLiteral(people.map((person) => person.id))}::uuid[])`,
  );
  const byId = new Map(figures.map((row) => [row.id, row]));
  const planIds = await selectPlanIds(ctx.db, ctx.actor.workspaceId, sql`p.user_id = any(${pgArrayLiteral(people.map((person) => person.id))}::uuid[])`, period);
  const plans = await progressOf(ctx, planIds, tz, rights);
  const cards: KpiCard[] = people.map((person) => {
    const row = byId.get(person.id)!;
    const wonAmount = Number(row.wonAmount);
    const wonCount = Number(row.wonCount);
    const lostCount = Number(row.lostCount);
    const mine = plans.filter((plan) => plan.userId === person.id && plan.percent !== null);
    return {
      userId: person.id,
      name: person.name,
      teamId: person.teamId,
      wonAmount,
      wonCount,
      lostCount,
      activityCount: Number(row.calls) + Number(row.meetings),
      planAttainment: mine.length ? Math.round((mine.reduce((sum, plan) => sum + plan.percent!, 0) / mine.length) * 10) / 10 : null,
      conversion: wonCount + lostCount > 0 ? Math.round((wonCount / (wonCount + lostCount)) * 1000) / 10 : null,
      averageDeal: wonCount > 0 ? Math.round((wonAmount / wonCount) * 100) / 100 : null,
      score: 0,
    };
  });
  const best = { averageDeal: Math.max(0, ...cards.map((card) => card.averageDeal ?? 0)), activity: Math.max(0, ...cards.map((card) => card.activityCount)) };
  for (const card of cards) card.score = kpiScore(card, best, weights);
  cards.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return { period, tz, weights, data: cards };
}
