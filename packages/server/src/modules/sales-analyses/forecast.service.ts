// The forecast: open deals by expected close month, weighted by stage probability and by the workspace's
// own historical stage-to-won rates, with a `plan` figure per month (see loadPlanByMonth) and the accuracy of
// past months' forecasts.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.js';
import { parseBody } from '../../core/validation.js';
import { rows } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { planRights } from '../plans/plans.service.js';
import { visiblePeople } from '../plans/kpi.service.js';
import * as repo from './forecast.repo.js';
import { forecastQuerySchema } from './sales-analyses.schema.js';
import { localToday, nextDay, resolvePipeline, resolveTeam, shiftMonths } from './sales-analyses.window.js';

/**
 * "Against plan": per month, the won-amount plans (modules/plans) of the people the viewer may see plans of
 * (themselves; the teams they head; everyone for an administrator), within the forecast's team filter. A month
 * plan counts as it is; a person without one for the month contributes a third of their quarter plan or a
 * twelfth of their year plan. Null when none of these people has a won-amount plan in any of the months.
 */
export async function loadPlanByMonth(ctx: Ctx, scope: repo.ForecastScope, months: string[]): Promise<Map<string, string> | null> {
  const rights = await planRights(ctx.db, ctx.actor);
  const people = (await visiblePeople(ctx.db, ctx.actor, rights)).filter((person) => !scope.teamIds || (person.teamId !== null && scope.teamIds.includes(person.teamId)));
  if (people.length === 0 || months.length === 0) return null;
  const found = await rows<{ month: string; plan: string }>(
    ctx.db,
    sql`select month, round(sum(share), 2)::text as plan from (
          select distinct on (m.month, p.user_id) m.month, p.user_id,
                 p.target / case p.period_kind when 'month' then 1 when 'quarter' then 3 else 12 end as share
          from unnest(${pgArrayLiteral(months)}::text[]) as m(month)
          join sales_plans p on p.workspace_id = ${ctx.actor.workspaceId} and p.measure = 'won_amount' and p.user_id is not null and p.target is not null
            and p.user_id = any(${pgArrayLiteral(people.map((person) => person.id))}::uuid[])
            and (m.month || '-01')::date >= p.period_start and (m.month || '-01')::date < p.period_end
          order by m.month, p.user_id, case p.period_kind when 'month' then 0 when 'quarter' then 1 else 2 end
        ) as shares group by month`,
  );
  return found.length ? new Map(found.map((row) => [row.month, row.plan])) : null;
}

const monthStart = (month: string, tz: string) => `${month}-01T00:00:00${tz}`;

export async function getForecast(ctx: Ctx, query: unknown) {
  const input = parseBody(forecastQuerySchema, query ?? {});
  const pipeline = await resolvePipeline(ctx, input.pipelineId, 'none');
  const teamIds = await resolveTeam(ctx, input.teamId);
  const tz = input.tz ?? '+03:00';
  const today = localToday(tz);
  const current = today.slice(0, 7);
  const horizon = input.months ?? 6;
  const historyMonths = input.historyMonths ?? 12;
  const accuracyMonths = input.accuracyMonths ?? 6;
  const scope: repo.ForecastScope = { pipelineId: pipeline?.id ?? null, teamIds };
  const months = Array.from({ length: horizon }, (_, index) => shiftMonths(`${current}-01`, index));
  // Rates from the deals closed in the last `historyMonths` whole months and this month so far.
  const since = monthStart(shiftMonths(`${current}-01`, -historyMonths), tz);
  const until = `${nextDay(today)}T00:00:00${tz}`;
  const { db, actor } = ctx;
  const rates = await repo.selectStageRates(db, actor, scope, since, until);
  const buckets = new Map((await repo.selectOpenForecast(db, actor, scope, { first: months[0], last: months[months.length - 1] }, since, until)).map((row) => [row.bucket, row]));
  const pastMonths = Array.from({ length: accuracyMonths }, (_, index) => shiftMonths(`${current}-01`, index - accuracyMonths));
  const plans = await loadPlanByMonth(ctx, scope, [...pastMonths, ...months]);
  const empty = { count: 0, amount: '0.00', weighted: '0.00', historical: '0.00' };
  const bucket = (key: string) => {
    const { bucket: _key, ...figures } = buckets.get(key) ?? { bucket: key, ...empty };
    return figures;
  };
  const accuracy = [];
  for (let back = accuracyMonths; back >= 1; back--) {
    const key = shiftMonths(`${current}-01`, -back);
    const figures = await repo.selectMonthAccuracy(db, actor, scope, { key, start: monthStart(key, tz), end: monthStart(shiftMonths(`${key}-01`, 1), tz) });
    const forecast = Number(figures.forecast);
    const won = Number(figures.won);
    accuracy.push({
      month: key,
      forecastCount: figures.count,
      pipelineAmount: figures.amount,
      forecast: figures.forecast,
      wonCount: figures.wonCount,
      won: figures.won,
      // 1 - |won - forecast| / won: 1 is a perfect forecast; null when nothing was won (nothing to be accurate about).
      accuracy: won > 0 ? Math.max(0, 1 - Math.abs(won - forecast) / won) : null,
      plan: plans?.get(key) ?? null,
    });
  }
  const total = (field: 'amount' | 'weighted' | 'historical') => months.reduce((sum, month) => sum + Number(bucket(month)[field]), 0).toFixed(2);
  return {
    today,
    tz,
    pipelineId: scope.pipelineId,
    teamIds,
    history: { since, until, months: historyMonths },
    planAvailable: plans !== null,
    months: months.map((month) => ({ month, ...bucket(month), plan: plans?.get(month) ?? null })),
    overdue: bucket('overdue'),
    later: bucket('later'),
    undated: bucket('undated'),
    totals: { amount: total('amount'), weighted: total('weighted'), historical: total('historical') },
    rates: rates.map((row) => ({
      ...row,
      rate: row.closed > 0 ? row.won / row.closed : null,
      used: row.closed > 0 ? row.won / row.closed : row.probability / 100,
      basis: row.closed > 0 ? ('history' as const) : ('probability' as const),
    })),
    accuracy,
  };
}
