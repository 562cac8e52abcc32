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
