import { AnalyticsError, assertPositiveInteger } from './errors.js';
import { splitInteractions, type SplitSpec } from './evaluation-splits.js';
import { buildInteractionMatrix, type Interaction, type WeightingOptions } from './interactions.js';
import { trainRecommender, type ModelName, type ModelOptions } from './recommender-models.js';
import type { CustomerRecord } from './segments.js';

export interface RankingMetrics {
  precision: number;
  recall: number;
  ndcg: number;
  hitRate: number;
  /** Share of the training catalogue that appears in at least one list. */
  coverage: number;
}

export interface ModelEvaluation extends RankingMetrics {
  model: ModelName;
  /** NDCG of this model divided by NDCG of most-popular on the same split. */
  ndcgVersusPopular: number;
  trainSeconds: number;
  recommendMilliseconds: number;
}

export interface EvaluationReport {
  split: SplitSpec;
  k: number;
  seed: number;
  trainInteractions: number;
  testCustomers: number;
  catalogueSize: number;
  results: ModelEvaluation[];
}

export interface EvaluationOptions {
  split: SplitSpec;
  k: number;
  models: ModelName[];
  seed?: number;
  weighting?: WeightingOptions;
  modelOptions?: ModelOptions;
}

/** Binary-relevance metrics of one ranked list against the held-out items. */
export function scoreRanking(ranked: string[], relevant: Set<string>, k: number): Omit<RankingMetrics, 'coverage'> {
  let hits = 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((item, position) => {
    if (!relevant.has(item)) return;
    hits++;
    dcg += 1 / Math.log2(position + 2);
  });
  let ideal = 0;
  for (let position = 0; position < Math.min(k, relevant.size); position++) ideal += 1 / Math.log2(position + 2);
  return {
    precision: hits / k,
    recall: relevant.size === 0 ? 0 : hits / relevant.size,
    ndcg: ideal === 0 ? 0 : dcg / ideal,
    hitRate: hits > 0 ? 1 : 0,
  };
}

/**
 * The split the hybrid validates its blend on, inside the training part: the same protocol as the test
 * (a time split again cuts the latest 20 % of what is left; random:F is run as leave-one-out of the
 * customers with ceil(1/F)+ items, see holdOutOneItem). Cold-start customers are served by the segment
 * fallback, so their blend is learnt on the purchases of the others (random:0.25).
 */
export function validationSplitFor(split: SplitSpec): SplitSpec {
  switch (split.kind) {
    case 'leave-last':
      return split;
    case 'random':
      return split;
    case 'time':
      return { kind: 'time', testFraction: split.testFraction ?? 0.2 };
    case 'cold-start':
      return { kind: 'random', testFraction: 0.25 };
  }
}

/** Splits, trains every model on the training part, ranks k items for each test customer; popular always runs. */
export function evaluateRecommenders(
  interactions: readonly Interaction[],
  customers: readonly CustomerRecord[],
  options: EvaluationOptions,
): EvaluationReport {
  assertPositiveInteger('k', options.k);
  if (interactions.length === 0) throw new AnalyticsError('EMPTY_DATA', 'There are no interactions to evaluate on');
  const seed = options.seed ?? 42;
  const split = splitInteractions(interactions, options.split, seed);
  const matrix = buildInteractionMatrix(split.train, options.weighting);
  const models: ModelName[] = ['popular', ...options.models.filter((name) => name !== 'popular')];
  // The hybrid learns its blend on a split of the same kind carved from the training part only.
  const learning = { validation: validationSplitFor(options.split), k: options.k, seed };
  const modelOptions = { seed, ...options.modelOptions, hybrid: { weighting: options.weighting, learning, ...options.modelOptions?.hybrid } };
  const context = { matrix, interactions: split.train, customers, options: modelOptions };
  const results: ModelEvaluation[] = [];
  for (const name of models) {
    const trainStart = performance.now();
    const recommender = trainRecommender(name, context);
    const trainSeconds = (performance.now() - trainStart) / 1000;
    const totals = { precision: 0, recall: 0, ndcg: 0, hitRate: 0 };
    const recommended = new Set<string>();
    const recommendStart = performance.now();
    for (const [customer, relevant] of split.test) {
      const ranked = recommender.recommend(customer, options.k);
      for (const item of ranked) recommended.add(item);
      const metrics = scoreRanking(ranked, relevant, options.k);
      totals.precision += metrics.precision;
      totals.recall += metrics.recall;
      totals.ndcg += metrics.ndcg;
      totals.hitRate += metrics.hitRate;
    }
    const count = split.test.size;
    results.push({
      model: name,
      precision: totals.precision / count,
      recall: totals.recall / count,
      ndcg: totals.ndcg / count,
      hitRate: totals.hitRate / count,
      coverage: recommended.size / matrix.itemIds.length,
      ndcgVersusPopular: 0,
      trainSeconds,
      recommendMilliseconds: (performance.now() - recommendStart) / count,
    });
  }
  const popularNdcg = results[0].ndcg;
  for (const result of results) result.ndcgVersusPopular = popularNdcg > 0 ? result.ndcg / popularNdcg : 0;
  return {
    split: options.split,
    k: options.k,
    seed,
    trainInteractions: split.train.length,
    testCustomers: split.test.size,
    catalogueSize: matrix.itemIds.length,
    results,
  };
}
