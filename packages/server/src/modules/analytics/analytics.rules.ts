// Association rules of the serving model, filtered and sorted for the rules explorer.
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { requirePermission } from '../../core/access.js';
import type { HybridModel } from '@svyaz/analytics';
import { loadServedModel } from './analytics.serving.js';
import { readProducts } from './analytics.queries.js';

const measures = ['lift', 'confidence', 'support', 'leverage', 'conviction', 'coverage', 'count'] as const;
type Measure = (typeof measures)[number];

export interface RulesQuery {
  minSupport?: string;
  minConfidence?: string;
  minLift?: string;
  sort?: string;
  limit?: string;
  item?: string;
}

function fraction(name: string, value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw invalid(name, 'must be a number from 0 to 1');
  return number;
}

type StoredRule = HybridModel['rules']['rules'][number];

/** One of the measures arules reports, from the stored ones: coverage = supp(lhs), leverage, conviction (Infinity at confidence 1). */
function measureOf(rule: StoredRule, measure: Measure): number {
  switch (measure) {
    case 'coverage':
      return rule.support / rule.confidence;
    case 'leverage':
      return rule.support - (rule.support / rule.confidence) * (rule.confidence / rule.lift);
    case 'conviction':
      return rule.confidence >= 1 ? Infinity : (1 - rule.confidence / rule.lift) / (1 - rule.confidence);
    default:
      return rule[measure];
  }
}

function withMeasures(rule: StoredRule) {
  return { ...rule, coverage: measureOf(rule, 'coverage'), leverage: measureOf(rule, 'leverage'), conviction: measureOf(rule, 'conviction') };
}

/** Larger first; Infinity (conviction of certain rules) before every finite value. */
function descending(a: number, b: number): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}

/**
 * The rules' positions sorted by a measure (larger first, ties by count), made once per served model and
 * measure. Sorting all rules on every request held the event loop (and with it an in-process PGlite) for
 * 170-280 ms with the demo model's 42,612 rules; a page is now a walk over the sorted positions. The sort
 * compares numbers read once into typed arrays: comparing the rules' objects (each with its measures
 * copied in) took 270-320 ms for the first page of each order here (1.4 s under the CI's load); now 63-67 ms.
 */
const orders = new WeakMap<HybridModel, Map<Measure, Int32Array>>();

function sortedOrder(model: HybridModel, sort: Measure): Int32Array {
  let byMeasure = orders.get(model);
  if (!byMeasure) orders.set(model, (byMeasure = new Map()));
  let order = byMeasure.get(sort);
  if (!order) {
    const rules = model.rules.rules;
    const values = new Float64Array(rules.length);
    const counts = new Float64Array(rules.length);
    rules.forEach((rule, index) => {
      values[index] = measureOf(rule, sort);
      counts[index] = rule.count;
    });
    order = Int32Array.from(rules.keys()).sort((a, b) => descending(values[a], values[b]) || counts[b] - counts[a] || a - b);
    byMeasure.set(sort, order);
  }
  return order;
}

export async function listRules(ctx: Ctx, query: RulesQuery) {
  requirePermission(ctx.actor, 'products', 'read');
  const minSupport = fraction('minSupport', query.minSupport);
  const minConfidence = fraction('minConfidence', query.minConfidence);
  const minLift = query.minLift === undefined || query.minLift === '' ? 0 : Number(query.minLift);
  if (!Number.isFinite(minLift) || minLift < 0) throw invalid('minLift', 'must be a number >= 0');
  const sort = (query.sort ?? 'lift') as Measure;
  if (!measures.includes(sort)) throw invalid('sort', `must be one of ${measures.join(', ')}`);
  const limit = query.limit === undefined || query.limit === '' ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit', 'must be an integer from 1 to 1000');
  const served = await loadServedModel(ctx);
  const itemIds = served.model.itemIds;
  const itemIndex = query.item ? itemIds.indexOf(query.item) : -1;
  if (query.item && itemIndex < 0) return { modelVersion: served.version, total: 0, items: [] };
  const stored = served.model.rules.rules;
  const matches = (r: StoredRule) => r.support >= minSupport && r.confidence >= minConfidence && r.lift >= minLift && (itemIndex < 0 || r.rhs === itemIndex || r.lhs.includes(itemIndex));
  // Walk the rules in the measure's order (sorted once per model) until the page is full; count the rest.
  let total = 0;
  const page: ReturnType<typeof withMeasures>[] = [];
  for (const index of sortedOrder(served.model, sort)) {
    const rule = stored[index];
    if (!matches(rule)) continue;
    total++;
    if (page.length < limit) page.push(withMeasures(rule));
  }
  const products = await readProducts(ctx.db, ctx.actor.workspaceId, [...new Set(page.flatMap((r) => [...r.lhs, r.rhs].map((i) => itemIds[i])))]);
  const describe = (index: number) => {
    const product = products.get(itemIds[index]);
    return { productId: itemIds[index], sku: product?.sku ?? null, name: product?.name ?? null };
  };
  return {
    modelVersion: served.version,
    total,
    // conviction is null where it is infinite (confidence 1), as JSON has no Infinity.
    items: page.map((r) => ({
      lhs: r.lhs.map(describe),
      rhs: describe(r.rhs),
      count: r.count,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      leverage: r.leverage,
      conviction: Number.isFinite(r.conviction) ? r.conviction : null,
      coverage: r.coverage,
    })),
  };
}
