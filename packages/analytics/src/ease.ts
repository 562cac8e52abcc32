import { AnalyticsError, assertNonNegative } from './errors.js';
import type { InteractionMatrix } from './interactions.js';
import type { CustomerHistory } from './knn.js';
import { invertSymmetricPositiveDefinite, NotPositiveDefiniteError } from './linear-algebra.js';

/**
 * EASE (Steck 2019): item-item weights B = I - P diag(1 / diag P) with P = (X^T X + lambda I)^-1,
 * zero diagonal. Closed form, one dense inverse: O(items^3) time and items^2 memory, so it suits
 * catalogues of up to a few thousand products.
 */
export interface EaseOptions {
  regularisation?: number;
  /** Refuse larger catalogues rather than run for minutes. Default 4000. */
  maxItems?: number;
  /** Use 0/1 instead of interaction weights. Default true. */
  binary?: boolean;
}

export interface EaseModel {
  kind: 'ease';
  itemCount: number;
  /** Row-major items x items. */
  weights: Float64Array;
}

export function trainEase(matrix: InteractionMatrix, options: EaseOptions = {}): EaseModel {
  const regularisation = options.regularisation ?? 100;
  const maxItems = options.maxItems ?? 4000;
  const binary = options.binary ?? true;
  assertNonNegative('regularisation', regularisation);
  const items = matrix.itemIds.length;
  if (items > maxItems) {
    throw new AnalyticsError('INVALID_PARAMETER', `EASE needs a dense ${items} x ${items} inverse; the limit is ${maxItems} items`, {
      parameter: 'maxItems',
      items,
    });
  }
  const gram = new Float64Array(items * items);
  for (let u = 0; u + 1 < matrix.rowOffsets.length; u++) {
    for (let p = matrix.rowOffsets[u]; p < matrix.rowOffsets[u + 1]; p++) {
      const i = matrix.columns[p];
      const left = binary ? 1 : matrix.values[p];
      for (let q = matrix.rowOffsets[u]; q < matrix.rowOffsets[u + 1]; q++) gram[i * items + matrix.columns[q]] += left * (binary ? 1 : matrix.values[q]);
    }
  }
  for (let i = 0; i < items; i++) gram[i * items + i] += regularisation;
  let inverse: Float64Array;
  try {
    inverse = invertSymmetricPositiveDefinite(gram, items);
  } catch (error) {
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
    throw new AnalyticsError('NUMERICAL_FAILURE', 'EASE: X^T X + lambda I is singular; use a positive regularisation', { parameter: 'regularisation' });
  }
  const weights = new Float64Array(items * items);
  for (let i = 0; i < items; i++) {
    for (let j = 0; j < items; j++) weights[i * items + j] = i === j ? 0 : -inverse[i * items + j] / inverse[j * items + j];
  }
  return { kind: 'ease', itemCount: items, weights };
}

/** score(j) = sum over owned items i of x_i B_ij. */
export function scoreWithEase(model: EaseModel, history: CustomerHistory, out: Float64Array, binary = true): void {
  out.fill(0);
  const items = model.itemCount;
  history.items.forEach((item, position) => {
    const weight = binary ? 1 : (history.weights[position] ?? 1);
    const base = item * items;
    for (let j = 0; j < items; j++) out[j] += weight * model.weights[base + j];
  });
}

/** EASE weights kept per item (the strongest by absolute value), JSON-safe, for the hybrid model. */
export interface SparseEaseModel {
  kind: 'sparse-ease';
  itemCount: number;
  offsets: number[];
  neighbours: number[];
  weights: number[];
}

/** Keeps each item's `neighbours` largest |B_ij| (all of them for catalogues up to that size). */
export function sparsifyEase(model: EaseModel, neighbours = 200): SparseEaseModel {
  const items = model.itemCount;
  const sparse: SparseEaseModel = { kind: 'sparse-ease', itemCount: items, offsets: [0], neighbours: [], weights: [] };
  const order = Array.from({ length: items }, (_, j) => j);
  for (let i = 0; i < items; i++) {
    const row = model.weights.subarray(i * items, (i + 1) * items);
    const kept = order.filter((j) => j !== i && row[j] !== 0).sort((a, b) => Math.abs(row[b]) - Math.abs(row[a]) || a - b).slice(0, neighbours).sort((a, b) => a - b);
    for (const j of kept) {
      sparse.neighbours.push(j);
      sparse.weights.push(row[j]);
    }
    sparse.offsets.push(sparse.neighbours.length);
  }
  return sparse;
}

/** score(j) = sum over owned items i of B_ij (0/1 history, as EASE is trained). */
export function scoreWithSparseEase(model: SparseEaseModel, history: CustomerHistory, out: Float64Array): void {
  out.fill(0);
  for (const item of history.items) {
    for (let p = model.offsets[item]; p < model.offsets[item + 1]; p++) out[model.neighbours[p]] += model.weights[p];
  }
}

/** The owned items with the largest positive weight towards an item, strongest first. */
export function explainSparseEaseScore(model: SparseEaseModel, history: CustomerHistory, item: number, limit = 3): { item: number; weight: number }[] {
  const contributions: { item: number; weight: number }[] = [];
  for (const owned of history.items) {
    for (let p = model.offsets[owned]; p < model.offsets[owned + 1]; p++) {
      if (model.neighbours[p] === item && model.weights[p] > 0) contributions.push({ item: owned, weight: model.weights[p] });
    }
  }
  return contributions.sort((a, b) => b.weight - a.weight || a.item - b.item).slice(0, limit);
}
