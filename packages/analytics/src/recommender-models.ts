import { scoreCustomerWithAls, scoreFactorsWithAls, foldInCustomer, trainAls, type AlsOptions } from './als.js';
import { scoreWithEase, trainEase, type EaseOptions } from './ease.js';
import { AnalyticsError } from './errors.js';
import { recommendForProfile, trainModel, type HybridOptions } from './hybrid.js';
import { countItemCustomers, type Interaction, type InteractionMatrix } from './interactions.js';
import { scoreWithItemKnn, trainItemKnn, UserKnnScorer, type CustomerHistory, type KnnOptions } from './knn.js';
import { scoreWithRules, trainRuleModel, type RuleRecommenderOptions } from './rule-recommender.js';
import { assignSegment, trainSegments, type CustomerRecord } from './segments.js';
import { selectTopItems } from './top-items.js';

export const MODEL_NAMES = ['popular', 'user-knn', 'item-knn', 'als', 'ease', 'rules', 'cluster-popular', 'hybrid'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelOptions {
  userKnn?: KnnOptions;
  itemKnn?: KnnOptions;
  als?: AlsOptions;
  ease?: EaseOptions;
  rules?: RuleRecommenderOptions;
  hybrid?: HybridOptions;
  seed?: number;
}

export interface TrainingContext {
  matrix: InteractionMatrix;
  interactions: readonly Interaction[];
  customers: readonly CustomerRecord[];
  options: ModelOptions;
}

/** A trained model that ranks items for a customer id (known from training or new), excluding owned items. */
export interface TrainedRecommender {
  name: ModelName;
  recommend(customerId: string, k: number): string[];
}

export function parseModelNames(text: string): ModelName[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  for (const name of names) {
    if (!(MODEL_NAMES as readonly string[]).includes(name)) {
      throw new AnalyticsError('UNKNOWN_MODEL', `Unknown model "${name}"; choose from ${MODEL_NAMES.join(', ')}`, { model: name });
    }
  }
  if (names.length === 0) throw new AnalyticsError('INVALID_PARAMETER', 'Name at least one model', { parameter: 'models' });
  return names as ModelName[];
}

type Scorer = (row: number, history: CustomerHistory, owned: Uint8Array, attributes: CustomerRecord['attributes'], out: Float64Array) => void;

export function trainRecommender(name: ModelName, context: TrainingContext): TrainedRecommender {
  const { matrix, options } = context;
  if (name === 'hybrid') {
    const model = trainModel(context.interactions, context.customers, options.hybrid);
    const attributesById = new Map(context.customers.map((customer) => [customer.id, customer.attributes]));
    const rowOf = new Map(matrix.customerIds.map((id, row) => [id, row]));
    return {
      name,
      recommend: (customerId, k) => {
        const row = rowOf.get(customerId);
        const items = row === undefined ? [] : Array.from(matrix.columns.subarray(matrix.rowOffsets[row], matrix.rowOffsets[row + 1]), (item) => matrix.itemIds[item]);
        return recommendForProfile(model, { items, attributes: attributesById.get(customerId) ?? {} }, k).map((entry) => entry.itemId);
      },
    };
  }
  return wrapScorer(name, context, createScorer(name, context));
}

function createScorer(name: Exclude<ModelName, 'hybrid'>, context: TrainingContext): Scorer {
  const { matrix, options } = context;
  switch (name) {
    case 'popular': {
      const popularity = countItemCustomers(matrix);
      return (_row, _history, _owned, _attributes, out) => out.set(popularity);
    }
    case 'item-knn': {
      // P(j | i) keeps the popularity of j in the score, which basket completion needs (cosine divides it out).
      const model = trainItemKnn(matrix, options.itemKnn ?? { similarity: 'conditional' });
      return (_row, history, _owned, _attributes, out) => scoreWithItemKnn(model, history, out);
    }
    case 'user-knn': {
      const scorer = new UserKnnScorer(matrix, options.userKnn ?? { neighbours: 200 });
      return (row, history, _owned, _attributes, out) => scorer.score(history, out, row);
    }
    case 'als': {
      // Few factors for small catalogues: with as many factors as items ALS reproduces each customer's own
      // row and predicts ~0 elsewhere. alpha 1 suits 0/1 purchases.
      const factors = Math.min(32, Math.max(2, Math.round(Math.sqrt(matrix.itemIds.length) / 3)));
      const model = trainAls(matrix, { seed: options.seed, factors, alpha: 1, regularisation: 5, ...options.als });
      return (row, history, _owned, _attributes, out) => {
        if (row >= 0) scoreCustomerWithAls(model, row, out);
        else if (history.items.length > 0) scoreFactorsWithAls(model, foldInCustomer(model, history), out);
        else out.fill(0);
      };
    }
    case 'ease': {
      const model = trainEase(matrix, options.ease);
      return (_row, history, _owned, _attributes, out) => scoreWithEase(model, history, out);
    }
    case 'rules': {
      const model = trainRuleModel(matrix, options.rules);
      return (_row, _history, owned, _attributes, out) => scoreWithRules(model, owned, out);
    }
    case 'cluster-popular': {
      if (context.customers.length === 0) {
        throw new AnalyticsError('INVALID_PARAMETER', 'cluster-popular needs customer metadata (--customers)', { parameter: 'customers' });
      }
      const model = trainSegments([...context.customers], matrix, { seed: options.seed });
      return (_row, _history, _owned, attributes, out) => {
        out.fill(0);
        if (Object.keys(attributes).length === 0) return;
        const segment = assignSegment(model, attributes);
        model.topItems[segment].forEach((item, position) => (out[item] = model.topShares[segment][position]));
      };
    }
  }
}

/** Ranks by the model's positive scores, then fills from overall popularity so every list has k items. */
function wrapScorer(name: ModelName, context: TrainingContext, scorer: Scorer): TrainedRecommender {
  const { matrix } = context;
  const catalogue = matrix.itemIds.length;
  const rowOf = new Map(matrix.customerIds.map((id, row) => [id, row]));
  const attributesById = new Map(context.customers.map((customer) => [customer.id, customer.attributes]));
  const popularity = countItemCustomers(matrix);
  const scores = new Float64Array(catalogue);
  return {
    name,
    recommend: (customerId, k) => {
      const row = rowOf.get(customerId) ?? -1;
      const history: CustomerHistory = { items: [], weights: [] };
      const owned = new Uint8Array(catalogue);
      if (row >= 0) {
        for (let p = matrix.rowOffsets[row]; p < matrix.rowOffsets[row + 1]; p++) {
          history.items.push(matrix.columns[p]);
          history.weights.push(matrix.values[p]);
          owned[matrix.columns[p]] = 1;
        }
      }
      scorer(row, history, owned, attributesById.get(customerId) ?? {}, scores);
      for (let j = 0; j < catalogue; j++) if (!(scores[j] > 0)) scores[j] = -Infinity;
      const chosen = selectTopItems(scores, k, owned);
      for (const item of chosen) owned[item] = 1;
      chosen.push(...selectTopItems(popularity, k - chosen.length, owned));
      return chosen.map((item) => matrix.itemIds[item]);
    },
  };
}
