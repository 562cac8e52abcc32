import { explainSparseEaseScore, sparsifyEase, trainEase, type EaseOptions, type SparseEaseModel } from './ease.js';
import { AnalyticsError } from './errors.js';
import type { SplitSpec } from './evaluation-splits.js';
import { BLEND_SOURCES, blendScores, scoreSources, type BlendComponents, type BlendFit, type BlendSource, type BlendWeights } from './hybrid-blend.js';
import { chooseBlend } from './hybrid-validation.js';
import { buildInteractionMatrix, countItemCustomers, type Interaction, type InteractionMatrix, type WeightingOptions } from './interactions.js';
import { explainItemKnnScore, trainItemKnn, type ItemKnnModel, type KnnOptions } from './knn.js';
import { trainRuleModel, type RuleModel, type RuleRecommenderOptions } from './rule-recommender.js';
import { assignSegment, trainSegments, type CustomerRecord, type SegmentModel, type SegmentOptions } from './segments.js';
import { selectTopItems } from './top-items.js';

export { BLEND_SOURCES, type BlendFit, type BlendSource, type BlendWeights } from './hybrid-blend.js';

export interface BlendLearningOptions {
  /**
   * Validation split carved from the training interactions. Default time:0.2 when they carry timestamps,
   * else random:0.2. random:F is run as leave-one-out of the customers with ceil(1/F) or more items
   * (see holdOutOneItem), or as random:F itself when fewer than 20 customers have that many.
   */
  validation?: SplitSpec;
  /** Cut-off of the NDCG the weights maximise. Default 10. */
  k?: number;
  /** Validation customers used (a seeded sample beyond this). Default 3000. */
  maxCustomers?: number;
  /** Folds the validation customers are cut into (not for a time split). Default 3. */
  folds?: number;
  /** Standard errors of validation gain a weight change needs (see learnBlendWeights). Default 3. */
  minZ?: number;
  seed?: number;
}

export interface HybridOptions {
  weighting?: WeightingOptions;
  knn?: KnnOptions;
  rules?: RuleRecommenderOptions;
  segments?: SegmentOptions;
  ease?: EaseOptions & { neighbours?: number };
  /** Items a customer may be offered again although they already have them (consumables, renewals). */
  repeatPurchaseItems?: string[];
  /** Fixed weights per source (missing ones 0); without them the weights are learnt on a validation split. */
  blend?: Partial<BlendWeights>;
  learning?: BlendLearningOptions;
}

/** Everything needed to recommend, as plain JSON (the server can store and version it). */
export interface HybridModel {
  kind: 'hybrid';
  version: 2;
  itemIds: string[];
  customerIds: string[];
  histories: number[][];
  historyWeights: number[][];
  customerAttributes: CustomerRecord['attributes'][];
  repeatPurchase: number[];
  /** Share of customers who have each item. */
  popularity: number[];
  itemKnn: ItemKnnModel;
  /** EASE weights, or null when the catalogue is too large for its dense inverse. */
  ease: SparseEaseModel | null;
  rules: RuleModel;
  segments: SegmentModel | null;
  blend: BlendWeights;
  /** How the blend was chosen (null in models stored before it was learnt). */
  blendFit: BlendFit | null;
}

/** Why an item is recommended, with the numbers and item ids the server renders in Russian or English. */
export type RecommendationExplanation =
  | { kind: 'similar-customers'; score: number; becauseOfItemIds: string[]; similarities: number[] }
  | { kind: 'related-items'; becauseOfItemIds: string[]; weights: number[] }
  | { kind: 'bought-together'; antecedentItemIds: string[]; confidence: number; lift: number; support: number }
  | { kind: 'popular-in-segment'; segment: number; share: number; segmentSize: number }
  | { kind: 'popular'; share: number };

export interface Recommendation {
  itemId: string;
  score: number;
  /** The explanation of the source that contributed most to the score. */
  explanation: RecommendationExplanation;
  /** Every source that raised the score, the largest contribution first. */
  sources: BlendSource[];
}

export interface CustomerProfile {
  items?: string[];
  attributes?: CustomerRecord['attributes'];
}

/** Catalogues above this skip EASE (one dense items x items inverse) unless options.ease.maxItems says otherwise. */
const EASE_MAX_ITEMS = 1500;

export function trainModel(interactions: readonly Interaction[], customers: readonly CustomerRecord[] = [], options: HybridOptions = {}): HybridModel {
  const matrix = buildInteractionMatrix(interactions, options.weighting);
  const itemIndex = new Map(matrix.itemIds.map((item, index) => [item, index]));
  const attributesById = new Map(customers.map((customer) => [customer.id, customer.attributes]));
  const histories: number[][] = [];
  const historyWeights: number[][] = [];
  for (let u = 0; u < matrix.customerIds.length; u++) {
    histories.push(Array.from(matrix.columns.subarray(matrix.rowOffsets[u], matrix.rowOffsets[u + 1])));
    historyWeights.push(Array.from(matrix.values.subarray(matrix.rowOffsets[u], matrix.rowOffsets[u + 1])));
  }
  // Customers with metadata but no purchases yet are known too: they get cold-start recommendations.
  const customerIds = [...matrix.customerIds];
  const known = new Set(customerIds);
  for (const customer of customers) {
    if (known.has(customer.id)) continue;
    known.add(customer.id);
    customerIds.push(customer.id);
    histories.push([]);
    historyWeights.push([]);
  }
  const segments = customers.length > 0 ? trainSegments([...customers], matrix, options.segments) : null;
  const components = trainComponents(matrix, segments, options);
  const { blend, blendFit } = chooseBlend({ interactions, customers, matrix, segments, components, options, trainComponents });
  return {
    kind: 'hybrid',
    version: 2,
    itemIds: matrix.itemIds,
    customerIds,
    histories,
    historyWeights,
    customerAttributes: customerIds.map((id) => attributesById.get(id) ?? {}),
    repeatPurchase: (options.repeatPurchaseItems ?? []).map((item) => itemIndex.get(item)).filter((index) => index !== undefined),
    ...components,
    blend,
    blendFit,
  };
}

function trainComponents(matrix: InteractionMatrix, segments: SegmentModel | null, options: HybridOptions): BlendComponents {
  const customerCount = matrix.customerIds.length;
  const { neighbours: easeNeighbours, ...easeOptions } = options.ease ?? {};
  const easeLimit = easeOptions.maxItems ?? EASE_MAX_ITEMS;
  return {
    popularity: Array.from(countItemCustomers(matrix), (count) => count / customerCount),
    itemKnn: trainItemKnn(matrix, options.knn ?? { similarity: 'conditional' }),
    ease: matrix.itemIds.length <= easeLimit ? sparsifyEase(trainEase(matrix, { ...easeOptions, maxItems: easeLimit }), easeNeighbours) : null,
    rules: trainRuleModel(matrix, options.rules),
    segments,
  };
}

/**
 * Checks a model read back from storage (JSON.parse output) before use: the kind, the format version
 * and that per-customer and per-item arrays line up. Throws MALFORMED_INPUT naming what is wrong.
 */
export function parseHybridModel(value: unknown): HybridModel {
  const model = value as (Omit<Partial<HybridModel>, 'version'> & { version?: number }) | null;
  const fail = (problem: string): never => {
    throw new AnalyticsError('MALFORMED_INPUT', `Stored recommendation model is unusable: ${problem}`, { problem });
  };
  if (model === null || typeof model !== 'object' || model.kind !== 'hybrid') return fail('not a hybrid model');
  if (model.version !== 1 && model.version !== 2) return fail(`format version ${String(model.version)} is not supported (expected 1 or 2)`);
  const customers = model.customerIds?.length ?? -1;
  if (model.histories?.length !== customers || model.historyWeights?.length !== customers || model.customerAttributes?.length !== customers) {
    return fail('customer arrays differ in length');
  }
  const items = model.itemIds?.length ?? -1;
  if (model.popularity?.length !== items || model.itemKnn?.offsets.length !== items + 1) return fail('item arrays differ in length');
  if (!Array.isArray(model.rules?.rules) || model.blend === undefined) return fail('rules or blend weights missing');
  if (model.version === 1) {
    // Stored before the blend was learnt: the same three sources, without EASE and segments.
    const old = model.blend as Partial<BlendWeights>;
    return { ...(model as HybridModel), version: 2, ease: null, blendFit: null, blend: { collaborative: old.collaborative ?? 1, ease: 0, rules: old.rules ?? 1, popularity: old.popularity ?? 0.5, segment: 0 } };
  }
  if (model.ease !== null && model.ease?.offsets.length !== items + 1) return fail('EASE weights do not match the catalogue');
  if (BLEND_SOURCES.some((source) => typeof model.blend![source] !== 'number')) return fail('blend weights missing');
  return model as HybridModel;
}

const customerRowCache = new WeakMap<HybridModel, Map<string, number>>();

/** Top-k recommendations for a customer the model knows; an unknown id is an error. */
export function recommend(model: HybridModel, customerId: string, k = 10): Recommendation[] {
  let rows = customerRowCache.get(model);
  if (rows === undefined) {
    rows = new Map(model.customerIds.map((id, row) => [id, row]));
    customerRowCache.set(model, rows);
  }
  const row = rows.get(customerId);
  if (row === undefined) {
    throw new AnalyticsError('UNKNOWN_CUSTOMER', `Customer "${customerId}" is not in the model; use recommendForProfile for new customers`, {
      customer: customerId,
    });
  }
  return recommendForHistory(model, model.histories[row], model.historyWeights[row], model.customerAttributes[row], k);
}

/** Top-k for a customer described by the items they have (possibly none) and their metadata. */
export function recommendForProfile(model: HybridModel, profile: CustomerProfile, k = 10): Recommendation[] {
  const itemIndex = new Map(model.itemIds.map((item, index) => [item, index]));
  const items = [...new Set((profile.items ?? []).map((item) => itemIndex.get(item)).filter((index) => index !== undefined))];
  return recommendForHistory(model, items, items.map(() => 1), profile.attributes ?? {}, k);
}

/**
 * A customer with a history gets the learnt blend over every item they may be offered; one without
 * (cold start) gets their segment's favourites, then the overall ones.
 */
function recommendForHistory(model: HybridModel, items: number[], weights: number[], attributes: CustomerRecord['attributes'], k: number): Recommendation[] {
  if (!Number.isInteger(k) || k < 1) throw new AnalyticsError('INVALID_PARAMETER', `k must be a positive integer, got ${k}`, { parameter: 'k' });
  const catalogue = model.itemIds.length;
  const exclude = new Uint8Array(catalogue);
  for (const item of items) exclude[item] = 1;
  for (const item of model.repeatPurchase) exclude[item] = 0;
  if (items.length === 0) return recommendPopularFallback(model, attributes, k, exclude);
  const history = { items, weights };
  const sources = scoreSources(model, history, attributes);
  const blended = new Float64Array(catalogue);
  blendScores(sources, model.blend, model.popularity, blended);
  return selectTopItems(blended, k, exclude).map((item) => {
    const contributions = BLEND_SOURCES.map((source) => ({ source, value: model.blend[source] * sources.features[source][item] }))
      .filter((entry) => entry.value > 0)
      .sort((a, b) => b.value - a.value);
    const used = contributions.map((entry) => entry.source);
    return { itemId: model.itemIds[item], score: blended[item], explanation: explainSource(model, history, item, used[0] ?? 'popularity', sources), sources: used.length > 0 ? used : ['popularity'] };
  });
}

function explainSource(model: HybridModel, history: { items: number[]; weights: number[] }, item: number, source: BlendSource, sources: ReturnType<typeof scoreSources>): RecommendationExplanation {
  switch (source) {
    case 'rules': {
      const rule = model.rules.rules[sources.bestRule[item]];
      return { kind: 'bought-together', antecedentItemIds: rule.lhs.map((id) => model.itemIds[id]), confidence: rule.confidence, lift: rule.lift, support: rule.support };
    }
    case 'collaborative': {
      const contributors = explainItemKnnScore(model.itemKnn, history, item);
      return {
        kind: 'similar-customers',
        score: sources.features.collaborative[item],
        becauseOfItemIds: contributors.map((entry) => model.itemIds[entry.item]),
        similarities: contributors.map((entry) => entry.similarity),
      };
    }
    case 'ease': {
      const contributors = explainSparseEaseScore(model.ease!, history, item);
      return { kind: 'related-items', becauseOfItemIds: contributors.map((entry) => model.itemIds[entry.item]), weights: contributors.map((entry) => entry.weight) };
    }
    case 'segment':
      return { kind: 'popular-in-segment', segment: sources.segment, share: sources.features.segment[item], segmentSize: model.segments!.segmentSizes[sources.segment] };
    case 'popularity':
      return { kind: 'popular', share: model.popularity[item] };
  }
}

/** Popular among the customer's segment when metadata places them in one, else popular overall. */
function recommendPopularFallback(model: HybridModel, attributes: CustomerRecord['attributes'], k: number, exclude: Uint8Array): Recommendation[] {
  const result: Recommendation[] = [];
  if (model.segments !== null && Object.keys(attributes).length > 0) {
    const segment = assignSegment(model.segments, attributes);
    const items = model.segments.topItems[segment];
    for (let position = 0; position < items.length && result.length < k; position++) {
      const item = items[position];
      if (exclude[item] === 1) continue;
      exclude[item] = 1;
      const share = model.segments.topShares[segment][position];
      result.push({
        itemId: model.itemIds[item],
        score: share,
        explanation: { kind: 'popular-in-segment', segment, share, segmentSize: model.segments.segmentSizes[segment] },
        sources: ['segment'],
      });
    }
  }
  for (const item of selectTopItems(model.popularity, k - result.length, exclude)) {
    result.push({ itemId: model.itemIds[item], score: model.popularity[item], explanation: { kind: 'popular', share: model.popularity[item] }, sources: ['popularity'] });
  }
  return result;
}
