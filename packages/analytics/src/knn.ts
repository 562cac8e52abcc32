import { assertNonNegative, assertPositiveInteger } from './errors.js';
import { transposeMatrix, type InteractionMatrix } from './interactions.js';
import { selectTopItems } from './top-items.js';

/**
 * cosine and jaccard are symmetric; conditional is P(j | i) = co / n_i (asymmetric, Deshpande and Karypis
 * 2004), which keeps the popularity of j in the score and suits basket completion.
 */
export type SimilarityMeasure = 'cosine' | 'jaccard' | 'conditional';

export interface KnnOptions {
  similarity?: SimilarityMeasure;
  /** Neighbours kept per item (item-based) or used per customer (user-based). Default 50. */
  neighbours?: number;
  /** Similarity is multiplied by co / (co + shrinkage), co = number of shared customers or items. Default 10. */
  shrinkage?: number;
}

/** A customer's items (indices into the matrix's itemIds) with their interaction weights. */
export interface CustomerHistory {
  items: number[];
  weights: number[];
}

/** Item-based kNN: for every item its nearest items, JSON-safe. */
export interface ItemKnnModel {
  kind: 'item-knn';
  itemCount: number;
  offsets: number[];
  neighbours: number[];
  similarities: number[];
}

interface ResolvedKnnOptions {
  similarity: SimilarityMeasure;
  neighbours: number;
  shrinkage: number;
}

function resolveKnnOptions(options: KnnOptions): ResolvedKnnOptions {
  const resolved = { similarity: options.similarity ?? 'cosine', neighbours: options.neighbours ?? 50, shrinkage: options.shrinkage ?? 10 };
  assertPositiveInteger('neighbours', resolved.neighbours);
  assertNonNegative('shrinkage', resolved.shrinkage);
  return resolved;
}

/** Similarity of two vectors from their dot product, co-occurrence count, norms and sizes. */
function computeSimilarity(options: ResolvedKnnOptions, dot: number, shared: number, leftNorm: number, rightNorm: number, leftSize: number, rightSize: number): number {
  if (shared === 0) return 0;
  const raw =
    options.similarity === 'cosine'
      ? dot / (leftNorm * rightNorm || 1)
      : options.similarity === 'jaccard'
        ? shared / (leftSize + rightSize - shared)
        : shared / leftSize;
  return raw * (shared / (shared + options.shrinkage));
}

export function trainItemKnn(matrix: InteractionMatrix, options: KnnOptions = {}): ItemKnnModel {
  const resolved = resolveKnnOptions(options);
  const items = matrix.itemIds.length;
  const byItem = transposeMatrix(matrix);
  const norms = new Float64Array(items);
  for (let p = 0; p < matrix.columns.length; p++) norms[matrix.columns[p]] += matrix.values[p] * matrix.values[p];
  for (let i = 0; i < items; i++) norms[i] = Math.sqrt(norms[i]);
  const dots = new Float64Array(items);
  const shared = new Int32Array(items);
  const similarities = new Float64Array(items);
  const touched: number[] = [];
  const model: ItemKnnModel = { kind: 'item-knn', itemCount: items, offsets: [0], neighbours: [], similarities: [] };
  for (let i = 0; i < items; i++) {
    touched.length = 0;
    for (let p = byItem.offsets[i]; p < byItem.offsets[i + 1]; p++) {
      const customer = byItem.rows[p];
      const weight = byItem.values[p];
      for (let q = matrix.rowOffsets[customer]; q < matrix.rowOffsets[customer + 1]; q++) {
        const j = matrix.columns[q];
        if (j === i) continue;
        if (shared[j] === 0) touched.push(j);
        shared[j]++;
        dots[j] += weight * matrix.values[q];
      }
    }
    similarities.fill(-Infinity);
    const sizeI = byItem.offsets[i + 1] - byItem.offsets[i];
    for (const j of touched) {
      const sizeJ = byItem.offsets[j + 1] - byItem.offsets[j];
      similarities[j] = computeSimilarity(resolved, dots[j], shared[j], norms[i], norms[j], sizeI, sizeJ);
    }
    for (const j of selectTopItems(similarities, resolved.neighbours)) {
      if (similarities[j] <= 0) continue;
      model.neighbours.push(j);
      model.similarities.push(similarities[j]);
    }
    model.offsets.push(model.neighbours.length);
    for (const j of touched) {
      dots[j] = 0;
      shared[j] = 0;
    }
  }
  return model;
}

/** score(j) = sum over owned items i of sim(i, j) x weight(i). */
export function scoreWithItemKnn(model: ItemKnnModel, history: CustomerHistory, out: Float64Array): void {
  out.fill(0);
  history.items.forEach((item, position) => {
    const weight = history.weights[position] ?? 1;
    for (let p = model.offsets[item]; p < model.offsets[item + 1]; p++) out[model.neighbours[p]] += model.similarities[p] * weight;
  }); 
}

/** The owned items that contribute most to an item's item-kNN score, strongest first. */
export function explainItemKnnScore(model: ItemKnnModel, history: CustomerHistory, item: number, limit = 3): { item: number; similarity: number }[] {
  const contributions: { item: number; similarity: number }[] = [];
  for (const owned of history.items) {
    for (let p = model.offsets[owned]; p < model.offsets[owned + 1]; p++) {
      if (model.neighbours[p] === item) contributions.push({ item: owned, similarity: model.similarities[p] });
    }
  }
  return contributions.sort((a, b) => b.similarity - a.similarity || a.item - b.item).slice(0, limit);
}

/** User-based kNN over a training matrix; scores any history (a known customer's or a new one). */
export class UserKnnScorer {
  private readonly options: ResolvedKnnOptions;
  private readonly byItem: ReturnType<typeof transposeMatrix>;
  private readonly norms: Float64Array;
  private readonly dots: Float64Array;
  private readonly shared: Int32Array;
  private readonly similarities: Float64Array;

  constructor(
    private readonly matrix: InteractionMatrix,
    options: KnnOptions = {},
  ) {
    this.options = resolveKnnOptions(options);
    this.byItem = transposeMatrix(matrix);
    const customers = matrix.customerIds.length;
    this.norms = new Float64Array(customers);
    for (let u = 0; u < customers; u++) {
      for (let p = matrix.rowOffsets[u]; p < matrix.rowOffsets[u + 1]; p++) this.norms[u] += matrix.values[p] ** 2;
      this.norms[u] = Math.sqrt(this.norms[u]);
    }
    this.dots = new Float64Array(customers);
    this.shared = new Int32Array(customers);
    this.similarities = new Float64Array(customers);
  }

  /** score(j) = sum over the k most similar customers v of sim(h, v) x [v has j]. */
  score(history: CustomerHistory, out: Float64Array, excludeCustomer = -1): void {
    out.fill(0);
    const { matrix, byItem, dots, shared, similarities } = this;
    const touched: number[] = [];
    let norm = 0;
    history.items.forEach((item, position) => {
      const weight = history.weights[position] ?? 1;
      norm += weight * weight;
      for (let p = byItem.offsets[item]; p < byItem.offsets[item + 1]; p++) {
        const v = byItem.rows[p];
        if (v === excludeCustomer) continue;
        if (shared[v] === 0) touched.push(v);
        shared[v]++;
        dots[v] += weight * byItem.values[p];
      }
    });
    norm = Math.sqrt(norm);
    const candidates = new Float64Array(touched.length);
    touched.forEach((v, index) => {
      const size = matrix.rowOffsets[v + 1] - matrix.rowOffsets[v];
      candidates[index] = computeSimilarity(this.options, dots[v], shared[v], norm, this.norms[v], history.items.length, size);
      similarities[v] = candidates[index];
    });
    for (const index of selectTopItems(candidates, this.options.neighbours)) {
      const v = touched[index];
      for (let p = matrix.rowOffsets[v]; p < matrix.rowOffsets[v + 1]; p++) out[matrix.columns[p]] += similarities[v];
    }
    for (const v of touched) {
      dots[v] = 0;
      shared[v] = 0;
    }
  }
}
