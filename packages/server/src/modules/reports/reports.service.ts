// The dashboard's figures, computed in the database over the records the actor may read: the funnel
// of a pipeline, open deals per stage and per manager, deals won and companies created per month,
// activities per manager and kind. The web app draws them; it never aggregates fetched lists.
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { listPipelines } from '../pipelines/pipelines.service.js';
import * as repo from './reports.repo.js';
import { dashboardQuerySchema } from './reports.schema.js';

const DAY = 86_400_000;

function offsetMinutes(tz: string): number {
  const sign = tz.startsWith('-') ? -1 : 1;
  const [hours, minutes] = tz.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
}

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Every month from the month of `from` to the month of `to`, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.slice(0, 7).split('-').map(Number);
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last || months.length > 240) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

export async function getDashboard(ctx: Ctx, query: unknown) {
  const input = parseBody(dashboardQuerySchema, query ?? {});
  const tz = input.tz ?? '+03:00';
  // Local today; by default the period is the last twelve months including this one.
  const today = isoDay(Date.now() + offsetMinutes(tz) * 60_000);
  const to = input.to ?? today;
  const from = input.from ?? `${shiftMonths(to, -11)}-01`;
  if (Date.parse(to) - Date.parse(from) > 3 * 366 * DAY) throw invalid('from', 'the period may be at most three years');
  const pipelines = await listPipelines(ctx);
  const pipeline = input.pipelineId ? pipelines.find((item) => item.id === input.pipelineId) : (pipelines.find((item) => item.isDefault) ?? pipelines[0]);
  if (input.pipelineId && !pipeline) throw invalid('pipelineId', 'is not a pipeline of this workspace');
  const teamIds = input.teamId ? await repo.selectTeamTree(ctx.db, ctx.actor.workspaceId, input.teamId) : null;
  if (teamIds && teamIds.length === 0) throw invalid('teamId', 'is not a team of this workspace');
  const window: repo.Window = { start: `${from}T00:00:00${tz}`, end: `${isoDay(Date.parse(`${to}T00:00:00Z`) + DAY)}T00:00:00${tz}`, tz, teamIds };
  const { actor, db } = ctx;
  const [funnel, openByStage, won, activities, openByManager, companies] = [
    pipeline ? await repo.selectFunnel(db, actor, pipeline.id, window) : [],
    pipeline ? await repo.selectOpenByStage(db, actor, pipeline.id, window) : [],
    await repo.selectWonByMonth(db, actor, window),
    await repo.selectActivitiesByManager(db, actor, window),
    await repo.selectOpenDealsByManager(db, actor, window),
    await repo.selectNewCompaniesByMonth(db, actor, window),
  ];
  const months = monthsBetween(from, to);
  const wonByMonth = new Map(won.map((row) => [row.month, row]));
  const companiesByMonth = new Map(companies.map((row) => [row.month, row.count]));
  const managers = new Map<string, { ownerId: string | null; name: string | null; total: number; byKind: Record<string, number> }>();
  for (const row of activities) {
    const key = row.ownerId ?? '';
    const entry = managers.get(key) ?? { ownerId: row.ownerId, name: row.name, total: 0, byKind: {} };
    entry.total += row.count;
    entry.byKind[row.kind] = (entry.byKind[row.kind] ?? 0) + row.count;
    managers.set(key, entry);
  }
  return {
    period: { from, to, tz },
    pipelineId: pipeline?.id ?? null,
    teamIds,
    funnel,
    openByStage,
    wonByMonth: months.map((month) => ({ month, count: wonByMonth.get(month)?.count ?? 0, sum: wonByMonth.get(month)?.sum ?? '0' })),
    newCompaniesByMonth: months.map((month) => ({ month, count: companiesByMonth.get(month) ?? 0 })),
    activitiesByManager: [...managers.values()].sort((a, b) => b.total - a.total || String(a.name).localeCompare(String(b.name))),
    openDealsByManager: openByManager,
  };
}

/** YYYY-MM of the month `delta` months away from the date's month. */
function shiftMonths(date: string, delta: number): string {
  const [year, month] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
