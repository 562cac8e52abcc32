import { createGaussianFamily, type GaussianComponent } from './gaussian-mixture.js';
import { createCategoricalFamily, type CategoricalComponent, type CategoricalData } from './latent-class.js';
import { fitMixture, type MixtureFamily, type MixtureFit, type MixtureOptions } from './mixture-em.js';

/** Numeric columns (row-major) and categorical columns of the same rows. */
export interface MixedData {
  numeric: Float64Array;
  numericDimension: number;
  categorical: CategoricalData;
}

export interface MixedComponent {
  gaussian: GaussianComponent;
  categorical: CategoricalComponent;
}

/**
 * Mixed numeric and categorical data: within a component numeric columns are independent Gaussians
 * (diagonal covariance) and categorical columns independent categoricals, so the log density is the sum.
 */
export function createMixedFamily(data: MixedData, regularisation = 1e-6): MixtureFamily<MixedComponent> {
  if (data.numericDimension === 0) return createCategoricalOnlyFamily(data.categorical);
  const gaussian = createGaussianFamily(data.numeric, data.numericDimension, 'diagonal', regularisation);
  const categorical = createCategoricalFamily(data.categorical);
  const rows = gaussian.rowCount;
  return {
    rowCount: rows,
    seedingFeatures: concatenateColumns(standardiseColumns(data.numeric, data.numericDimension), data.numericDimension, categorical.seedingFeatures),
    countParameters: (k) => gaussian.countParameters(k) + categorical.countParameters(k),
    estimateComponents: (responsibilities, k, totals) => {
      const gaussians = gaussian.estimateComponents(responsibilities, k, totals);
      const categoricals = categorical.estimateComponents(responsibilities, k, totals);
      return gaussians.map((component, c) => ({ gaussian: component, categorical: categoricals[c] }));
    },
    writeLogDensities: (components, out) => {
      gaussian.writeLogDensities(
        components.map((component) => component.gaussian),
        out,
      );
      const categoricalPart = new Float64Array(out.length);
      categorical.writeLogDensities(
        components.map((component) => component.categorical),
        categoricalPart,
      );
      for (let i = 0; i < out.length; i++) out[i] += categoricalPart[i];
    },
  };
}

export function fitMixedMixture(data: MixedData, k: number, options: MixtureOptions & { regularisation?: number } = {}): MixtureFit<MixedComponent> {
  return fitMixture(createMixedFamily(data, options.regularisation), k, options);
}

/** Each column shifted to mean 0 and scaled to standard deviation 1 (constant columns left at 0). */
export function standardiseColumns(values: Float64Array, dimension: number): Float64Array {
  const rows = dimension === 0 ? 0 : values.length / dimension;
  const result = new Float64Array(values.length);
  for (let d = 0; d < dimension; d++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += values[i * dimension + d];
    const mean = sum / rows;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (values[i * dimension + d] - mean) ** 2;
    const deviation = Math.sqrt(squares / rows) || 1;
    for (let i = 0; i < rows; i++) result[i * dimension + d] = (values[i * dimension + d] - mean) / deviation;
  }
  return result;
}

function concatenateColumns(left: Float64Array, leftDimension: number, right: { values: Float64Array; dimension: number }) {
  const rows = leftDimension > 0 ? left.length / leftDimension : right.dimension > 0 ? right.values.length / right.dimension : 0;
  const dimension = leftDimension + right.dimension;
  const values = new Float64Array(rows * dimension);
  for (let i = 0; i < rows; i++) {
    values.set(left.subarray(i * leftDimension, (i + 1) * leftDimension), i * dimension);
    values.set(right.values.subarray(i * right.dimension, (i + 1) * right.dimension), i * dimension + leftDimension);
  }
  return { values, dimension };
}

const EMPTY_GAUSSIAN: GaussianComponent = { mean: [], covariance: [], choleskyFactor: [], logDeterminant: 0 };

/** A mixed family without numeric columns is a latent-class model with an empty Gaussian part. */
function createCategoricalOnlyFamily(data: CategoricalData): MixtureFamily<MixedComponent> {
  const categorical = createCategoricalFamily(data);
  return {
    rowCount: categorical.rowCount,
    seedingFeatures: categorical.seedingFeatures,
    countParameters: categorical.countParameters,
    estimateComponents: (responsibilities, k, totals) =>
      categorical.estimateComponents(responsibilities, k, totals).map((component) => ({ gaussian: EMPTY_GAUSSIAN, categorical: component })),
    writeLogDensities: (components, out) =>
      categorical.writeLogDensities(
        components.map((component) => component.categorical),
        out,
      ),
  };
}
