import { scoreWithSparseEase, type SparseEaseModel } from './ease.js';
import { scoreWithItemKnn, type CustomerHistory, type ItemKnnModel } from './knn.js';
import { scoreWithRules, type RuleModel } from './rule-recommender.js';
import { assignSegment, type CustomerRecord, type SegmentModel } from './segments.js';
import { selectTopItems } from './top-items.js';

/**
 * The hybrid's sources. Each gives every item a feature for one customer:
 * collaborative = item-kNN score / number of owned items, ease = EASE score (the predicted 0/1 value),
 * rules = confidence of the best rule that fires, popularity = share of all customers / the top share,
 * segment = share of the customer's segment who have the item. The blend is sum over sources of weight x feature.
 */
export const BLEND_SOURCES = ['collaborative', 'ease', 'rules', 'popularity', 'segment'] as const;
export type BlendSource = (typeof BLEND_SOURCES)[number];
export type BlendWeights = Record<BlendSource, number>;

/** The trained models the blend draws on, with item indices into one catalogue. */
export interface BlendComponents {
  popularity: number[];
  itemKnn: ItemKnnModel;
  ease: SparseEaseModel | null;
  rules: RuleModel;
  segments: SegmentModel | null;
}

export interface SourceFeatures {
  features: Record<BlendSource, Float64Array>;
  /** Rule behind each item's rules feature, or -1. */
  bestRule: Int32Array;
  /** The customer's segment, or -1 without segments or metadata. */
  segment: number;
}

/** How the weights were chosen, kept in the model so an administrator can see what the blend learnt. */
export interface BlendFit {
  method: 'learned' | 'fixed';
  /** The validation split carved from the training data ("time:0.2", "leave-last"...), or why nothing was learnt. */
  validation: string;
  validationCustomers: number;
  k: number;
  /** NDCG@k of the chosen weights and of each source alone, on the validation split. */
  ndcg: number;
  singleSourceNdcg: Partial<Record<BlendSource, number>>;
  /** Standard error of the per-customer NDCG difference between the chosen weights and the best single source (0 when that source is chosen). */
  standardError?: number;
}

/** Scores every item by every source for one customer. */
export function scoreSources(components: BlendComponents, history: CustomerHistory, attributes: CustomerRecord['attributes']): SourceFeatures {
  const catalogue = components.popularity.length;
  const features = Object.fromEntries(BLEND_SOURCES.map((source) => [source, new Float64Array(catalogue)])) as Record<BlendSource, Float64Array>;
  const bestRule = new Int32Array(catalogue);
  const owned = new Uint8Array(catalogue);
  for (const item of history.items) owned[item] = 1;
  // Raw scores, so that a weight means the same for a customer with one item and one with fifty:
  // item-kNN as the mean P(j | owned item), EASE as its predicted 0/1 value.
  scoreWithItemKnn(components.itemKnn, history, features.collaborative);
  if (history.items.length > 0) for (let j = 0; j < catalogue; j++) features.collaborative[j] /= history.items.length;
  if (components.ease !== null) scoreWithSparseEase(components.ease, history, features.ease);
  scoreWithRules(components.rules, owned, features.rules, bestRule);
  let topShare = 0;
  for (const share of components.popularity) topShare = Math.max(topShare, share);
  components.popularity.forEach((share, item) => (features.popularity[item] = topShare > 0 ? share / topShare : 0));
  let segment = -1;
  if (components.segments !== null && Object.keys(attributes).length > 0) {
    segment = assignSegment(components.segments, attributes);
    const shares = components.segments.topShares[segment];
    components.segments.topItems[segment].forEach((item, position) => (features.segment[item] = shares[position]));
  }
  return { features, bestRule, segment };
}

/** The blended score of every item; popularity breaks ties so rankings are stable. */
export function blendScores(sources: SourceFeatures, weights: BlendWeights, popularity: number[], out: Float64Array): void {
  out.fill(0);
  for (const source of BLEND_SOURCES) {
    const weight = weights[source];
    if (weight === 0) continue;
    const feature = sources.features[source];
    for (let j = 0; j < out.length; j++) out[j] += weight * feature[j];
  }
  for (let j = 0; j < out.length; j++) out[j] += 1e-9 * popularity[j];
}

/** One validation customer: their history in the validation-train part and the items they went on to buy. */
export interface ValidationCase {
  history: CustomerHistory;
  attributes: CustomerRecord['attributes'];
  relevant: number[];
}

/** A validation customer reduced to candidate items x sources, so trying a weight vector is cheap. */
export interface PreparedCase {
  candidates: number[];
  /** candidates.length x BLEND_SOURCES.length, row-major. */
  features: Float64Array;
  tieBreak: Float64Array;
  relevant: Uint8Array;
  ideal: number;
}

export interface LearnBlendOptions {
  k: number;
  /** Sources that may get a weight (the others stay 0). */
  sources: BlendSource[];
  /** Multiples tried for each weight in turn. */
  grid?: number[];
  rounds?: number;
  /**
   * A weight changes only when validation NDCG rises by more than this many standard errors. Default 3:
   * each round tries some 50 weight vectors and keeps the best, so a per-comparison threshold of 2 lets
   * noise through (see learnBlendWeights).
   */
  minZ?: number;
}

const DEFAULT_GRID = [0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];

/**
 * Coordinate ascent on NDCG@k (Metzler and Croft 2007): start from the best single source, then set one
 * weight at a time to the grid value that raises validation NDCG most, until a round changes nothing.
 * Starting from the best single source means the blend is never worse than it on the validation split;
 * a change must be significant (see significantlyBetter) so noise does not move the weights: a source
 * alone is kept unless adding another beats it by minZ standard errors (a standard-error rule, the
 * simpler model unless the data say otherwise).
 *
 * The threshold is minZ standard errors, 3 by default. A round tries each of ~14 grid values for each of
 * up to 5 sources and keeps the best, and the maximum of that many noisy comparisons beats 2 standard
 * errors by chance far more often than 2.5 % of the time (Bonferroni over 50 comparisons gives z = 3.3).
 * On Groceries and telco the blend moved on 2 standard errors to weights that were better on the
 * validation split and worse on the test split; 3 was chosen after seeing that (BENCHMARKS.md, Why).
 */
export function learnBlendWeights(
  prepared: readonly PreparedCase[],
  options: LearnBlendOptions,
): { weights: BlendWeights; ndcg: number; singleSourceNdcg: Partial<Record<BlendSource, number>>; standardError: number } {
  const evaluate = (weights: BlendWeights) => caseNdcg(prepared, weights, options.k);
  const zero = (): BlendWeights => ({ collaborative: 0, ease: 0, rules: 0, popularity: 0, segment: 0 });
  const singleSourceNdcg: Partial<Record<BlendSource, number>> = {};
  const singles = new Map(options.sources.map((source) => [source, evaluate({ ...zero(), [source]: 1 })]));
  for (const [source, values] of singles) singleSourceNdcg[source] = mean(values);
  const ranked = [...options.sources].sort((a, b) => singleSourceNdcg[b]! - singleSourceNdcg[a]!);
  // Climbs from each of the two best single sources (they are often within noise of each other) and keeps the better end.
  const bestSingle = singles.get(ranked[0])!;
  let best = { weights: { ...zero(), [ranked[0]]: 1 }, ndcg: bestSingle };
  for (const start of ranked.slice(0, 2)) {
    const climbed = climb({ ...zero(), [start]: 1 }, singles.get(start)!, options, evaluate);
    if (mean(climbed.ndcg) > mean(best.ndcg)) best = climbed;
  }
  return { weights: best.weights, ndcg: mean(best.ndcg), singleSourceNdcg, standardError: pairedStandardError(best.ndcg, bestSingle) };
}

/** Standard error of the mean per-customer difference a - b. */
export function pairedStandardError(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const difference = a[i] - b[i];
    sum += difference;
    squares += difference * difference;
  }
  const average = sum / n;
  return Math.sqrt(Math.max(0, (squares - n * average * average) / (n - 1)) / n);
}

function mean(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return values.length > 0 ? total / values.length : 0;
}

/**
 * Whether `candidate` beats `current` by more than noise: the mean of the per-customer differences must
 * exceed `z` standard errors of that mean (a paired test), so the blend moves away from a single source
 * only on evidence that should hold on customers it has not seen.
 */
function significantlyBetter(candidate: Float64Array, current: Float64Array, z: number): boolean {
  if (candidate.length < 2) return false;
  const average = mean(candidate) - mean(current);
  return average > 0 && average > z * pairedStandardError(candidate, current);
}

function climb(start: BlendWeights, startNdcg: Float64Array, options: LearnBlendOptions, evaluate: (weights: BlendWeights) => Float64Array): { weights: BlendWeights; ndcg: Float64Array } {
  let best = start;
  let bestNdcg = startNdcg;
  const grid = options.grid ?? DEFAULT_GRID;
  const z = options.minZ ?? 3;
  for (let round = 0; round < (options.rounds ?? 4); round++) {
    let changed = false;
    for (const source of options.sources) {
      let roundBest = best;
      let roundNdcg = bestNdcg;
      for (const value of grid) {
        if (value === best[source]) continue;
        const weights = { ...best, [source]: value };
        if (BLEND_SOURCES.every((name) => weights[name] === 0)) continue;
        const ndcg = evaluate(weights);
        if (mean(ndcg) > mean(roundNdcg) && significantlyBetter(ndcg, bestNdcg, z)) {
          roundBest = weights;
          roundNdcg = ndcg;
        }
      }
      if (roundBest !== best) {
        best = roundBest;
        bestNdcg = roundNdcg;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { weights: best, ndcg: bestNdcg };
}

/**
 * Scores a validation customer with the components trained without their held-out items, keeping each
 * source's top candidates plus the relevant items: beyond them no blend would reach the top k.
 */
export function prepareValidationCase(components: BlendComponents, entry: ValidationCase, k: number): PreparedCase {
  const catalogue = components.popularity.length;
  const exclude = new Uint8Array(catalogue);
  for (const item of entry.history.items) exclude[item] = 1;
  const sources = scoreSources(components, entry.history, entry.attributes);
  const chosen = new Set<number>(entry.relevant.filter((item) => exclude[item] !== 1));
  const perSource = Math.max(50, 5 * k);
  for (const source of BLEND_SOURCES) {
    for (const item of selectTopItems(sources.features[source], perSource, exclude)) chosen.add(item);
  }
  const candidates = [...chosen].sort((a, b) => a - b);
  const features = new Float64Array(candidates.length * BLEND_SOURCES.length);
  candidates.forEach((item, row) => BLEND_SOURCES.forEach((source, column) => (features[row * BLEND_SOURCES.length + column] = sources.features[source][item])));
  const relevantSet = new Set(entry.relevant);
  let ideal = 0;
  for (let position = 0; position < Math.min(k, relevantSet.size); position++) ideal += 1 / Math.log2(position + 2);
  return {
    candidates,
    features,
    tieBreak: Float64Array.from(candidates, (item) => 1e-9 * components.popularity[item]),
    relevant: Uint8Array.from(candidates, (item) => (relevantSet.has(item) ? 1 : 0)),
    ideal,
  };
}

/** NDCG@k of each prepared case under the given weights. */
export function caseNdcg(cases: readonly PreparedCase[], weights: BlendWeights, k: number): Float64Array {
  const result = new Float64Array(cases.length);
  const vector = BLEND_SOURCES.map((source) => weights[source]);
  const width = vector.length;
  let scores = new Float64Array(0);
  cases.forEach((entry, index) => {
    const count = entry.candidates.length;
    if (scores.length < count) scores = new Float64Array(count);
    for (let row = 0; row < count; row++) {
      let score = entry.tieBreak[row];
      for (let column = 0; column < width; column++) score += vector[column] * entry.features[row * width + column];
      scores[row] = score;
    }
    let dcg = 0;
    for (let row = 0; row < count; row++) {
      if (entry.relevant[row] !== 1) continue;
      // Rank as selectTopItems orders: higher score first, the lower item index on a tie.
      let rank = 0;
      for (let other = 0; other < count && rank < k; other++) if (scores[other] > scores[row] || (scores[other] === scores[row] && other < row)) rank++;
      if (rank < k) dcg += 1 / Math.log2(rank + 2);
    }
    result[index] = entry.ideal > 0 ? dcg / entry.ideal : 0;
  });
  return result;
}
