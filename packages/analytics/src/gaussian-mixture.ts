import { assertNonNegative } from './errors.js';
import { computeLogDeterminantFromCholesky, decomposeCholesky } from './linear-algebra.js';
import { fitMixture, type MixtureFamily, type MixtureFit, type MixtureOptions } from './mixture-em.js';

export type CovarianceType = 'full' | 'diagonal';

/** A Gaussian component; covariance is d x d row-major (full) or the d variances (diagonal). */
export interface GaussianComponent {
  mean: number[];
  covariance: number[];
  /** Lower Cholesky factor of a full covariance (empty for diagonal). */
  choleskyFactor: number[];
  logDeterminant: number;
}

export interface GaussianMixtureOptions extends MixtureOptions {
  covariance?: CovarianceType;
  /** Added to every variance, as scikit-learn's reg_covar. Default 1e-6. */
  regularisation?: number;
}

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** Gaussian components over the rows of a row-major matrix (rows x dimension). */
export function createGaussianFamily(
  values: Float64Array,
  dimension: number,
  covariance: CovarianceType = 'full',
  regularisation = 1e-6,
): MixtureFamily<GaussianComponent> {
  assertNonNegative('regularisation', regularisation);
  const rows = values.length / dimension;
  return {
    rowCount: rows,
    seedingFeatures: { values, dimension },
    countParameters: (k) => k * dimension + k * (covariance === 'full' ? (dimension * (dimension + 1)) / 2 : dimension),
    estimateComponents: (responsibilities, k, totals) =>
      estimateGaussianComponents(values, dimension, responsibilities, k, totals, covariance, regularisation),
    writeLogDensities: (components, out) => writeGaussianLogDensities(values, dimension, components, out),
  };
}

export function fitGaussianMixture(
  values: Float64Array,
  dimension: number,
  k: number,
  options: GaussianMixtureOptions = {},
): MixtureFit<GaussianComponent> {
  return fitMixture(createGaussianFamily(values, dimension, options.covariance, options.regularisation), k, options);
}

function estimateGaussianComponents(
  values: Float64Array,
  dimension: number,
  responsibilities: Float64Array,
  k: number,
  totals: Float64Array,
  covariance: CovarianceType,
  regularisation: number,
): GaussianComponent[] {
  const rows = values.length / dimension;
  const means = new Float64Array(k * dimension);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      const weight = responsibilities[i * k + c];
      if (weight === 0) continue;
      for (let d = 0; d < dimension; d++) means[c * dimension + d] += weight * values[i * dimension + d];
    }
  }
  for (let c = 0; c < k; c++) for (let d = 0; d < dimension; d++) means[c * dimension + d] /= totals[c];
  const width = covariance === 'full' ? dimension * dimension : dimension;
  const scatter = new Float64Array(k * width);
  const difference = new Float64Array(dimension);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      const weight = responsibilities[i * k + c];
      if (weight === 0) continue;
      for (let d = 0; d < dimension; d++) difference[d] = values[i * dimension + d] - means[c * dimension + d];
      const base = c * width;
      if (covariance === 'diagonal') {
        for (let d = 0; d < dimension; d++) scatter[base + d] += weight * difference[d] * difference[d];
        continue;
      }
      for (let a = 0; a < dimension; a++) {
        const scaled = weight * difference[a];
        for (let b = 0; b <= a; b++) scatter[base + a * dimension + b] += scaled * difference[b];
      }
    }
  }
  const components: GaussianComponent[] = [];
  for (let c = 0; c < k; c++) {
    const matrix = Array.from(scatter.subarray(c * width, (c + 1) * width), (value) => value / totals[c]);
    const mean = Array.from(means.subarray(c * dimension, (c + 1) * dimension));
    if (covariance === 'diagonal') {
      const variances = matrix.map((value) => value + regularisation);
      const logDeterminant = variances.reduce((sum, value) => sum + Math.log(value), 0);
      components.push({ mean, covariance: variances, choleskyFactor: [], logDeterminant });
      continue;
    }
    for (let a = 0; a < dimension; a++) {
      matrix[a * dimension + a] += regularisation;
      for (let b = 0; b < a; b++) matrix[b * dimension + a] = matrix[a * dimension + b];
    }
    const factor = new Array<number>(dimension * dimension).fill(0);
    decomposeCholesky(matrix, dimension, factor);
    components.push({ mean, covariance: matrix, choleskyFactor: factor, logDeterminant: computeLogDeterminantFromCholesky(factor, dimension) });
  }
  return components;
}

function writeGaussianLogDensities(values: Float64Array, dimension: number, components: GaussianComponent[], out: Float64Array): void {
  const rows = values.length / dimension;
  const k = components.length;
  const solved = new Float64Array(dimension);
  components.forEach((component, c) => {
    const mean = Float64Array.from(component.mean);
    const constant = -0.5 * (dimension * LOG_TWO_PI + component.logDeterminant);
    if (component.choleskyFactor.length === 0) {
      const inverseVariance = Float64Array.from(component.covariance, (value) => 1 / value);
      for (let i = 0; i < rows; i++) {
        let squared = 0;
        for (let d = 0; d < dimension; d++) {
          const diff = values[i * dimension + d] - mean[d];
          squared += diff * diff * inverseVariance[d];
        }
        out[i * k + c] = constant - 0.5 * squared;
      }
      return;
    }
    const factor = Float64Array.from(component.choleskyFactor);
    for (let i = 0; i < rows; i++) {
      let squared = 0;
      for (let a = 0; a < dimension; a++) {
        let sum = values[i * dimension + a] - mean[a];
        for (let b = 0; b < a; b++) sum -= factor[a * dimension + b] * solved[b];
        const value = sum / factor[a * dimension + a];
        solved[a] = value;
        squared += value * value;
      }
      out[i * k + c] = constant - 0.5 * squared;
    }
  });
}
