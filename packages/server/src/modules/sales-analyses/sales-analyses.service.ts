// The ready-made sales analyses of issue 13: funnel, forecast, sales cycle, regions, lead sources, customers
// (RFM, repeat purchases, churn) and purchases by attributes. Every figure is computed in SQL over the records
// the viewer may read (accessCondition() in each query); this file checks the input and shapes the answers.
import type { Ctx } from '../../core/context.js';
import { parseBody } from '../../core/validation.js';
import { listPipelines } from '../pipelines/pipelines.service.js';
import * as funnelRepo from './funnel.repo.js';
import * as marketsRepo from './markets.repo.js';
import * as customersRepo from './customers.repo.js';
import { cycleQuerySchema, funnelQuerySchema, periodQuerySchema, purchasesQuerySchema } from './sales-analyses.schema.js';
import { isoDay, nextDay, resolvePeriod, resolvePipeline, resolveTeam, windowOf } from './sales-analyses.window.js';
import { rfmSegment, rfmSegments } from './rfm.js';

export { getForecast } from './forecast.service.js';

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const sumMoney = (values: string[]) => values.reduce((sum, value) => sum + Number(value), 0).toFixed(2);

async function scope(ctx: Ctx, input: { from?: string; to?: string; tz?: string; teamId?: string }) {
  const period = resolvePeriod(input);
  const teamIds = await resolveTeam(ctx, input.teamId);
  return { period, teamIds, window: windowOf(period, teamIds) };
}

/** Funnel of a pipeline over the deals created in the period: reach, conversion, time per stage, losses. */
export async function getFunnel(ctx: Ctx, query: unknown) {
  const input = parseBody(funnelQuerySchema, query ?? {});
  const pipeline = await resolvePipeline(ctx, input.pipelineId, 'default');
  const { period, teamIds, window } = await scope(ctx, input);
  const { db, actor } = ctx;
  if (!pipeline) return { period, teamIds, pipeline: null, totals: null, stages: [], lostReasons: [], losses: [] };
  const reach = new Map((await funnelRepo.selectReach(db, actor, pipeline.id, window)).map((row) => [row.stageId, row]));
  const outcomes = new Map((await funnelRepo.selectOutcomes(db, actor, pipeline.id, window)).map((row) => [row.kind, row]));
  const times = new Map((await funnelRepo.selectStageTimes(db, actor, pipeline.id, window)).map((row) => [row.stageId, row]));
  const losses = await funnelRepo.selectLosses(db, actor, pipeline.id, window);
  const won = outcomes.get('won') ?? { count: 0, amount: '0.00' };
  const lost = outcomes.get('lost') ?? { count: 0, amount: '0.00' };
  const open = outcomes.get('open') ?? { count: 0, amount: '0.00' };
  const openStages = pipeline.stages.filter((stage) => stage.kind === 'open');
  const stages = openStages.map((stage, index) => {
    const reached = reach.get(stage.id)?.reached ?? 0;
    const next = index + 1 < openStages.length ? (reach.get(openStages[index + 1].id)?.reached ?? 0) : won.count;
    const lostHere = losses.filter((row) => row.stageId === stage.id);
    const time = times.get(stage.id);
    return {
      stageId: stage.id,
      name: stage.name,
      probability: stage.probability,
      reached,
      amount: reach.get(stage.id)?.amount ?? '0.00',
      conversionToNext: ratio(next, reached),
      conversionFromStart: ratio(reached, reach.get(openStages[0].id)?.reached ?? 0),
      time: time ? { stays: time.stays, medianSeconds: time.medianSeconds, p25Seconds: time.p25Seconds, p75Seconds: time.p75Seconds } : { stays: 0, medianSeconds: null, p25Seconds: null, p75Seconds: null },
      lost: { count: lostHere.reduce((sum, row) => sum + row.count, 0), amount: sumMoney(lostHere.map((row) => row.amount)) },
    };
  });
  const reasons = new Map<string | null, { reason: string | null; count: number; amount: number }>();
  for (const row of losses) {
    const entry = reasons.get(row.reason) ?? { reason: row.reason, count: 0, amount: 0 };
    entry.count += row.count;
    entry.amount += Number(row.amount);
    reasons.set(row.reason, entry);
  }
  const deals = won.count + lost.count + open.count;
  return {
    period,
    teamIds,
    pipeline: { id: pipeline.id, name: pipeline.name },
    totals: { deals, open: open.count, won: won.count, wonAmount: won.amount, lost: lost.count, lostAmount: lost.amount, winRate: ratio(won.count, won.count + lost.count), conversion: ratio(won.count, deals) },
    stages,
    lostReasons: [...reasons.values()].map((row) => ({ ...row, amount: row.amount.toFixed(2) })).sort((a, b) => b.count - a.count || String(a.reason).localeCompare(String(b.reason))),
    losses: losses.sort((a, b) => b.count - a.count),
  };
}

/** Cycle length (created -> won) of the deals won in the period: histogram, median and quartiles, per pipeline. */
export async function getSalesCycle(ctx: Ctx, query: unknown) {
  const input = parseBody(cycleQuerySchema, query ?? {});
  const pipeline = await resolvePipeline(ctx, input.pipelineId, 'none');
  const { period, teamIds, window } = await scope(ctx, input);
  const pipelineId = pipeline?.id ?? null;
  const histogram = new Map((await marketsRepo.selectCycleHistogram(ctx.db, ctx.actor, window, pipelineId)).map((row) => [row.bucket, row]));
  const statistics = await marketsRepo.selectCycleStatistics(ctx.db, ctx.actor, window, pipelineId);
  const names = new Map((await listPipelines(ctx)).map((item) => [item.id, item.name]));
  const empty = { count: 0, medianDays: null, p25Days: null, p75Days: null, averageDays: null, amount: '0.00' };
  const { pipelineId: _overall, ...overall } = statistics.find((row) => row.pipelineId === null) ?? { pipelineId: null, ...empty };
  return {
    period,
    teamIds,
    pipelineId,
    overall,
    buckets: marketsRepo.CYCLE_BUCKETS.map((fromDays, index) => ({
      fromDays,
      toDays: marketsRepo.CYCLE_BUCKETS[index + 1] ?? null,
      count: histogram.get(fromDays)?.count ?? 0,
      amount: histogram.get(fromDays)?.amount ?? '0.00',
    })),
    byPipeline: statistics.filter((row) => row.pipelineId !== null).map((row) => ({ ...row, name: names.get(row.pipelineId!) ?? null })).sort((a, b) => b.count - a.count),
  };
}

/** Companies, won deals and orders by region, and by city within each region. */
export async function getRegions(ctx: Ctx, query: unknown) {
  const input = parseBody(periodQuerySchema, query ?? {});
  const { period, teamIds, window } = await scope(ctx, input);
  const cities = await marketsRepo.selectRegions(ctx.db, ctx.actor, window);
  const regions = new Map<string | null, { region: string | null; companies: number; wonCount: number; wonAmount: number; orderCount: number; orderAmount: number; cities: typeof cities }>();
  for (const row of cities) {
    const entry = regions.get(row.region) ?? { region: row.region, companies: 0, wonCount: 0, wonAmount: 0, orderCount: 0, orderAmount: 0, cities: [] };
    entry.companies += row.companies;
    entry.wonCount += row.wonCount;
    entry.wonAmount += Number(row.wonAmount);
    entry.orderCount += row.orderCount;
    entry.orderAmount += Number(row.orderAmount);
    entry.cities.push(row);
    regions.set(row.region, entry);
  }
  const byValue = (a: { wonAmount: number | string; orderAmount: number | string; companies: number }, b: typeof a) =>
    Number(b.wonAmount) + Number(b.orderAmount) - (Number(a.wonAmount) + Number(a.orderAmount)) || b.companies - a.companies;
  return {
    period,
    teamIds,
    regions: [...regions.values()]
      .map((entry) => ({ ...entry, wonAmount: entry.wonAmount.toFixed(2), orderAmount: entry.orderAmount.toFixed(2), cities: entry.cities.map(({ region: _region, ...city }) => city).sort(byValue) }))
      .sort(byValue),
  };
}

/** Per source: leads created in the period and converted; deals created in the period, won and their amount. */
export async function getLeadSources(ctx: Ctx, query: unknown) {
  const input = parseBody(periodQuerySchema, query ?? {});
  const { period, teamIds, window } = await scope(ctx, input);
  const leads = await marketsRepo.selectLeadsBySource(ctx.db, ctx.actor, window);
  const deals = await marketsRepo.selectDealsBySource(ctx.db, ctx.actor, window);
  const sources = new Map<string | null, { source: string | null; leads: number; convertedLeads: number; deals: number; dealsFromLeads: number; wonCount: number; wonAmount: string; lostCount: number }>();
  const entry = (source: string | null) => sources.get(source) ?? { source, leads: 0, convertedLeads: 0, deals: 0, dealsFromLeads: 0, wonCount: 0, wonAmount: '0.00', lostCount: 0 };
  for (const row of leads) sources.set(row.source, { ...entry(row.source), leads: row.leads, convertedLeads: row.converted });
  for (const row of deals) sources.set(row.source, { ...entry(row.source), deals: row.deals, dealsFromLeads: row.fromLeads, wonCount: row.wonCount, wonAmount: row.wonAmount, lostCount: row.lostCount });
  return {
    period,
    teamIds,
    sources: [...sources.values()]
      .map((row) => ({ ...row, leadConversion: ratio(row.convertedLeads, row.leads), winRate: ratio(row.wonCount, row.wonCount + row.lostCount) }))
      .sort((a, b) => Number(b.wonAmount) - Number(a.wonAmount) || b.deals - a.deals || b.leads - a.leads),
  };
}

const CUSTOMER_LIST_LIMIT = 200;

/** RFM scores and segments of the customers who bought in the period, the repeat-purchase rate and churn. */
export async function getCustomers(ctx: Ctx, query: unknown) {
  const input = parseBody(periodQuerySchema, query ?? {});
  const { period, teamIds, window } = await scope(ctx, input);
  const scores = await customersRepo.selectCustomerScores(ctx.db, ctx.actor, window);
  // The period of the same length just before this one: who bought then and did not come back is churned.
  const length = Date.parse(`${nextDay(period.to)}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`);
  const previousFrom = isoDay(Date.parse(`${period.from}T00:00:00Z`) - length);
  const retention = await customersRepo.selectRetention(ctx.db, ctx.actor, window, `${previousFrom}T00:00:00${period.tz}`);
  const customers = scores.map((row) => ({ ...row, segment: rfmSegment(row.r, row.f) }));
  const repeat = customers.filter((row) => row.frequency >= 2).length;
  const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  for (const row of customers) grid[row.r - 1][row.f - 1] += 1;
  return {
    period,
    teamIds,
    previousPeriod: { from: previousFrom, to: isoDay(Date.parse(`${period.from}T00:00:00Z`) - 86_400_000) },
    totals: {
      customers: customers.length,
      purchases: customers.reduce((sum, row) => sum + row.frequency, 0),
      amount: sumMoney(customers.map((row) => row.monetary)),
      repeatCustomers: repeat,
      repeatRate: ratio(repeat, customers.length),
      previousCustomers: retention.previous,
      retained: retention.retained,
      churned: retention.previous - retention.retained,
      churnRate: ratio(retention.previous - retention.retained, retention.previous),
    },
    segments: rfmSegments.map((segment) => {
      const members = customers.filter((row) => row.segment === segment);
      return { segment, customers: members.length, amount: sumMoney(members.map((row) => row.monetary)) };
    }),
    /** grid[r - 1][f - 1]: customers with recency score r and frequency score f. */
    grid,
    customers: customers.slice(0, CUSTOMER_LIST_LIMIT),
    truncated: customers.length > CUSTOMER_LIST_LIMIT,
  };
}

const PURCHASE_ROWS_LIMIT = 200;

/** Order lines of the period by one attribute (industry, region, city, product category or month). */
export async function getPurchases(ctx: Ctx, query: unknown) {
  const input = parseBody(purchasesQuerySchema, query ?? {});
  const { period, teamIds, window } = await scope(ctx, input);
  const by = input.by ?? 'category';
  const found = await customersRepo.selectPurchases(ctx.db, ctx.actor, window, by, { industry: input.industry, region: input.region, category: input.category }, PURCHASE_ROWS_LIMIT + 1);
  return {
    period,
    teamIds,
    by,
    filters: { industry: input.industry ?? null, region: input.region ?? null, category: input.category ?? null },
    rows: found.slice(0, PURCHASE_ROWS_LIMIT),
    truncated: found.length > PURCHASE_ROWS_LIMIT,
  };
}

/**
 * The companies in these RFM classes over the default period (the last twelve months), scored exactly as the
 * customers analysis scores them and with the viewer's rights: segments (modules/segments) filter by it.
 */
export async function companiesInRfmClasses(ctx: Ctx, classes: readonly string[]): Promise<string[]> {
  const window = windowOf(resolvePeriod({}), null);
  const scores = await customersRepo.selectCustomerScores(ctx.db, ctx.actor, window);
  const wanted = new Set(classes);
  return scores.filter((row) => wanted.has(rfmSegment(row.r, row.f))).map((row) => row.companyId);
}
