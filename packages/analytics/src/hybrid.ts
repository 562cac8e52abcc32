import { AnalyticsError } from './errors.js';
import { buildInteractionMatrix, countItemCustomers, type Interaction, type WeightingOptions } from './interactions.js';
import { explainItemKnnScore, scoreWithItemKnn, trainItemKnn, type ItemKnnModel, type KnnOptions } from './knn.js';
import { scoreWithRules, trainRuleModel, type RuleModel, type RuleRecommenderOptions } from './rule-recommender.js';
import { assignSegment, trainSegments, type CustomerRecord, type SegmentModel, type SegmentOptions } from './segments.js';
import { selectTopItems } from './top-items.js';

export interface HybridOptions {
  weighting?: WeightingOptions;
  knn?: KnnOptions;
  rules?: RuleRecommenderOptions;
  segments?: SegmentOptions;
  /** Items a customer may be offered again although they already have them (consumables, renewals). */
  repeatPurchaseItems?: string[];
  /** Weights of the collaborative score, the rule confidence and the item's popularity share. Defaults 1, 1 and 0.5. */
  blend?: { collaborative?: number; rules?: number; popularity?: number };
}

/** Everything needed to recommend, as plain JSON (the server can store and version it). */
export interface HybridModel {
  kind: 'hybrid';
  version: 1;
  itemIds: string[];
  customerIds: string[];
  histories: number[][];
  historyWeights: number[][];
  customerAttributes: CustomerRecord['attributes'][];
  repeatPurchase: number[];
  /** Share of customers who have each item. */
  popularity: number[];
  itemKnn: ItemKnnModel;
  rules: RuleModel;
  segments: SegmentModel | null;
  blend: { collaborative: number; rules: number; popularity: number };
}

/** Why an item is recommended, with the numbers and item ids the server renders in Russian or English. */
export type RecommendationExplanation =
  | { kind: 'similar-customers'; score: number; becauseOfItemIds: string[]; similarities: number[] }
  | { kind: 'bought-together'; antecedentItemIds: string[]; confidence: number; lift: number; support: number }
  | { kind: 'popular-in-segment'; segment: number; share: number; segmentSize: number }
  | { kind: 'popular'; share: number };

export interface Recommendation {
  itemId: string;
  score: number;
  explanation: RecommendationExplanation;
}

export interface CustomerProfile {
  items?: string[];
  attributes?: CustomerRecord['attributes'];
}

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
  const customerCount = matrix.customerIds.length;
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
  return {
    kind: 'hybrid',
    version: 1,
    itemIds: matrix.itemIds,
    customerIds,
    histories,
    historyWeights,
    customerAttributes: customerIds.map((id) => attributesById.get(id) ?? {}),
    repeatPurchase: (options.repeatPurchaseItems ?? []).map((item) => itemIndex.get(item)).filter((index) => index !== undefined),
    popularity: Array.from(countItemCustomers(matrix), (count) => count / customerCount),
    itemKnn: trainItemKnn(matrix, options.knn ?? { similarity: 'conditional' }),
    rules: trainRuleModel(matrix, options.rules),
    segments: customers.length > 0 ? trainSegments([...customers], matrix, options.segments) : null,
    blend: { collaborative: options.blend?.collaborative ?? 1, rules: options.blend?.rules ?? 1, popularity: options.blend?.popularity ?? 0.5 },
  };
}

/**
 * Checks a model read back from storage (JSON.parse output) before use: the kind, the format version
 * and that per-customer and per-item arrays line up. Throws MALFORMED_INPUT naming what is wrong.
 */
export function parseHybridModel(value: unknown): HybridModel {
  const model = value as Partial<HybridModel> | null;
  const fail = (problem: string): never => {
    throw new AnalyticsError('MALFORMED_INPUT', `Stored recommendation model is unusable: ${problem}`, { problem });
  };
  if (model === null || typeof model !== 'object' || model.kind !== 'hybrid') return fail('not a hybrid model');
  if (model.version !== 1) return fail(`format version ${String(model.version)} is not supported (expected 1)`);
  const customers = model.customerIds?.length ?? -1;
  if (model.histories?.length !== customers || model.historyWeights?.length !== customers || model.customerAttributes?.length !== customers) {
    return fail('customer arrays differ in length');
  }
  const items = model.itemIds?.length ?? -1;
  if (model.popularity?.length !== items || model.itemKnn?.offsets.length !== items + 1) return fail('item arrays differ in length');
  if (!Array.isArray(model.rules?.rules) || model.blend === undefined) return fail('rules or blend weights missing');
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

function recommendForHistory(model: HybridModel, items: number[], weights: number[], attributes: CustomerRecord['attributes'], k: number): Recommendation[] {
  if (!Number.isInteger(k) || k < 1) throw new AnalyticsError('INVALID_PARAMETER', `k must be a positive integer, got ${k}`, { parameter: 'k' });
  const catalogue = model.itemIds.length;
  const exclude = new Uint8Array(catalogue);
  for (const item of items) exclude[item] = 1;
  for (const item of model.repeatPurchase) exclude[item] = 0;
  const owned = new Uint8Array(catalogue);
  for (const item of items) owned[item] = 1;
  const collaborative = new Float64Array(catalogue);
  const ruleScores = new Float64Array(catalogue);
  const bestRule = new Int32Array(catalogue);
  const history = { items, weights };
  scoreWithItemKnn(model.itemKnn, history, collaborative);
  scoreWithRules(model.rules, owned, ruleScores, bestRule);
  let maximum = 0;
  for (let j = 0; j < catalogue; j++) if (exclude[j] !== 1 && collaborative[j] > maximum) maximum = collaborative[j];
  const blended = new Float64Array(catalogue);
  for (let j = 0; j < catalogue; j++) {
    const cf = maximum > 0 ? collaborative[j] / maximum : 0;
    const score = model.blend.collaborative * cf + model.blend.rules * ruleScores[j];
    // Popularity only re-ranks items with collaborative or rule evidence; it never adds new candidates.
    blended[j] = score > 0 ? score + model.blend.popularity * model.popularity[j] + 1e-9 * model.popularity[j] : -Infinity;
  }
  const result: Recommendation[] = selectTopItems(blended, k, exclude).map((item) => {
    exclude[item] = 1;
    const fromRules = model.blend.rules * ruleScores[item] >= (model.blend.collaborative * collaborative[item]) / (maximum || 1);
    return { itemId: model.itemIds[item], score: blended[item], explanation: explainBlend(model, history, item, fromRules ? bestRule[item] : -1, collaborative[item]) };
  });
  if (result.length < k) result.push(...recommendPopularFallback(model, attributes, k - result.length, exclude));
  return result;
}

function explainBlend(model: HybridModel, history: { items: number[]; weights: number[] }, item: number, ruleIndex: number, score: number): RecommendationExplanation {
  if (ruleIndex >= 0) {
    const rule = model.rules.rules[ruleIndex];
    return {
      kind: 'bought-together',
      antecedentItemIds: rule.lhs.map((id) => model.itemIds[id]),
      confidence: rule.confidence,
      lift: rule.lift,
      support: rule.support,
    };
  }
  const contributors = explainItemKnnScore(model.itemKnn, history, item);
  return {
    kind: 'similar-customers',
    score,
    becauseOfItemIds: contributors.map((entry) => model.itemIds[entry.item]),
    similarities: contributors.map((entry) => entry.similarity),
  };
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
      });
    }
  }
  for (const item of selectTopItems(model.popularity, k - result.length, exclude)) {
    result.push({ itemId: model.itemIds[item], score: model.popularity[item], explanation: { kind: 'popular', share: model.popularity[item] } });
  }
  return result;
}
