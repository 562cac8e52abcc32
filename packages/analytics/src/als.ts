import { assertNonNegative, assertPositiveInteger } from './errors.js';
import { transposeMatrix, type InteractionMatrix } from './interactions.js';
import type { CustomerHistory } from './knn.js';
import { solveSymmetricPositiveDefinite } from './linear-algebra.js';
import { createRandom } from './random.js';

/**
 * Implicit-feedback weighted ALS (Hu, Koren, Volinsky 2008): preference p = [r > 0], confidence
 * c = 1 + alpha r, minimise sum c (p - x_u.y_i)^2 + lambda (|x|^2 + |y|^2). Each half-step solves the
 * per-customer (per-item) normal equations approximately with a few warm-started conjugate-gradient
 * steps (Takacs, Pilaszy, Tikk 2011), which avoids an f^3 solve per row.
 */
export interface AlsOptions {
  factors?: number;
  iterations?: number;
  regularisation?: number;
  alpha?: number;
  conjugateGradientSteps?: number;
  seed?: number;
}

export interface AlsModel {
  kind: 'als';
  factors: number;
  regularisation: number;
  alpha: number;
  customerFactors: Float64Array;
  itemFactors: Float64Array;
}

interface SparseRows {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export function trainAls(matrix: InteractionMatrix, options: AlsOptions = {}): AlsModel {
  const factors = options.factors ?? 32;
  const iterations = options.iterations ?? 10;
  const regularisation = options.regularisation ?? 0.1;
  const alpha = options.alpha ?? 10;
  const steps = options.conjugateGradientSteps ?? 3;
  assertPositiveInteger('factors', factors);
  assertPositiveInteger('iterations', iterations);
  assertPositiveInteger('conjugateGradientSteps', steps);
  assertNonNegative('regularisation', regularisation);
  assertNonNegative('alpha', alpha);
  const random = createRandom(options.seed ?? 42);
  const customers = matrix.customerIds.length;
  const items = matrix.itemIds.length;
  const customerFactors = new Float64Array(customers * factors);
  const itemFactors = new Float64Array(items * factors);
  for (let i = 0; i < itemFactors.length; i++) itemFactors[i] = random.nextNormal() * 0.01;
  const byCustomer: SparseRows = { offsets: matrix.rowOffsets, indices: matrix.columns, values: matrix.values };
  const transposed = transposeMatrix(matrix);
  const byItem: SparseRows = { offsets: transposed.offsets, indices: transposed.rows, values: transposed.values };
  for (let iteration = 0; iteration < iterations; iteration++) {
    updateFactors(byCustomer, itemFactors, customerFactors, factors, regularisation, alpha, steps);
    updateFactors(byItem, customerFactors, itemFactors, factors, regularisation, alpha, steps);
  }
  return { kind: 'als', factors, regularisation, alpha, customerFactors, itemFactors };
}

/** Gram matrix F^T F of row-major factors (rows x f). */
function computeGram(fixed: Float64Array, factors: number): Float64Array {
  const gram = new Float64Array(factors * factors);
  const rows = fixed.length / factors;
  for (let r = 0; r < rows; r++) {
    const base = r * factors;
    for (let a = 0; a < factors; a++) {
      const value = fixed[base + a];
      if (value === 0) continue;
      for (let b = a; b < factors; b++) gram[a * factors + b] += value * fixed[base + b];
    }
  }
  for (let a = 0; a < factors; a++) for (let b = 0; b < a; b++) gram[a * factors + b] = gram[b * factors + a];
  return gram;
}

function updateFactors(rows: SparseRows, fixed: Float64Array, solved: Float64Array, f: number, lambda: number, alpha: number, steps: number): void {
  const gram = computeGram(fixed, f);
  const x = new Float64Array(f);
  const residual = new Float64Array(f);
  const direction = new Float64Array(f);
  const product = new Float64Array(f);
  const rowCount = rows.offsets.length - 1;
  const multiply = (start: number, end: number, vector: Float64Array, out: Float64Array): void =>
    multiplyNormalMatrix(gram, lambda, fixed, rows.indices, rows.values, alpha, f, start, end, vector, out);
  for (let row = 0; row < rowCount; row++) {
    const start = rows.offsets[row];
    const end = rows.offsets[row + 1];
    const own = row * f;
    if (start === end) {
      solved.fill(0, own, own + f);
      continue;
    }
    for (let a = 0; a < f; a++) x[a] = solved[own + a];
    multiply(start, end, x, product);
    // r = b - A x with b = sum_i c_i y_i
    for (let a = 0; a < f; a++) residual[a] = -product[a];
    for (let p = start; p < end; p++) {
      const base = rows.indices[p] * f;
      const confidence = 1 + alpha * rows.values[p];
      for (let a = 0; a < f; a++) residual[a] += confidence * fixed[base + a];
    }
    direction.set(residual);
    let residualSquared = 0;
    for (let a = 0; a < f; a++) residualSquared += residual[a] * residual[a];
    for (let step = 0; step < steps && residualSquared > 1e-20; step++) {
      multiply(start, end, direction, product);
      let curvature = 0;
      for (let a = 0; a < f; a++) curvature += direction[a] * product[a];
      const stepSize = residualSquared / curvature;
      let next = 0;
      for (let a = 0; a < f; a++) {
        x[a] += stepSize * direction[a];
        residual[a] -= stepSize * product[a];
        next += residual[a] * residual[a];
      }
      for (let a = 0; a < f; a++) direction[a] = residual[a] + (next / residualSquared) * direction[a];
      residualSquared = next;
    }
    for (let a = 0; a < f; a++) solved[own + a] = x[a];
  }
}

/** out = A v with A = (G + lambda I) + sum over the row's entries p of alpha r_p y_p y_p^T (the CG operator). */
function multiplyNormalMatrix(
  gram: Float64Array,
  lambda: number,
  fixed: Float64Array,
  indices: Int32Array,
  values: Float64Array,
  alpha: number,
  f: number,
  start: number,
  end: number,
  vector: Float64Array,
  out: Float64Array,
): void {
  for (let a = 0; a < f; a++) {
    const base = a * f;
    let sum0 = lambda * vector[a];
    let sum1 = 0;
    let b = 0;
    for (; b + 1 < f; b += 2) {
      sum0 += gram[base + b] * vector[b];
      sum1 += gram[base + b + 1] * vector[b + 1];
    }
    if (b < f) sum0 += gram[base + b] * vector[b];
    out[a] = sum0 + sum1;
  }
  for (let p = start; p < end; p++) {
    const base = indices[p] * f;
    let dot = 0;
    for (let a = 0; a < f; a++) dot += fixed[base + a] * vector[a];
    const scale = alpha * values[p] * dot;
    for (let a = 0; a < f; a++) out[a] += scale * fixed[base + a];
  }
}

/** Scores of every item for a known customer: x_u . y_i. */
export function scoreCustomerWithAls(model: AlsModel, customer: number, out: Float64Array): void {
  scoreFactorsWithAls(model, model.customerFactors.subarray(customer * model.factors, (customer + 1) * model.factors), out);
}

export function scoreFactorsWithAls(model: AlsModel, customerVector: Float64Array, out: Float64Array): void {
  const f = model.factors;
  const items = model.itemFactors.length / f;
  const y = model.itemFactors;
  for (let i = 0; i < items; i++) {
    const base = i * f;
    let sum0 = 0;
    let sum1 = 0;
    let a = 0;
    for (; a + 1 < f; a += 2) {
      sum0 += y[base + a] * customerVector[a];
      sum1 += y[base + a + 1] * customerVector[a + 1];
    }
    if (a < f) sum0 += y[base + a] * customerVector[a];
    out[i] = sum0 + sum1;
  }
}

const gramCache = new WeakMap<AlsModel, Float64Array>();

/** Exact least-squares customer vector for a history the model was not trained on (fold-in). */
export function foldInCustomer(model: AlsModel, history: CustomerHistory): Float64Array {
  const f = model.factors;
  const y = model.itemFactors;
  let gram = gramCache.get(model);
  if (gram === undefined) {
    gram = computeGram(y, f);
    gramCache.set(model, gram);
  }
  const system = Float64Array.from(gram);
  for (let a = 0; a < f; a++) system[a * f + a] += model.regularisation;
  const rightHandSide = new Float64Array(f);
  history.items.forEach((item, position) => {
    const weight = history.weights[position] ?? 1;
    const base = item * f;
    for (let a = 0; a < f; a++) {
      rightHandSide[a] += (1 + model.alpha * weight) * y[base + a];
      for (let b = 0; b < f; b++) system[a * f + b] += model.alpha * weight * y[base + a] * y[base + b];
    }
  });
  return solveSymmetricPositiveDefinite(system, f, rightHandSide);
}
