import { fitMixture, type MixtureFamily, type MixtureFit, type MixtureOptions } from './mixture-em.js';

/** A latent class: for each categorical column, the probability of each level. */
export interface CategoricalComponent {
  probabilities: number[][];
}

/** Categorical data as level codes: codes[i * columns + j] in 0..levelCounts[j]-1. */
export interface CategoricalData {
  codes: Int32Array;
  levelCounts: number[];
}

/** Keeps log(0) out of the likelihood when a class never shows a level. */
const PROBABILITY_FLOOR = 1e-10;

/** Latent-class model: each component is a product of independent categorical distributions. */
export function createCategoricalFamily(data: CategoricalData): MixtureFamily<CategoricalComponent> {
  const columns = data.levelCounts.length;
  const rows = columns === 0 ? 0 : data.codes.length / columns;
  return {
    rowCount: rows,
    seedingFeatures: encodeOneHot(data),
    countParameters: (k) => k * data.levelCounts.reduce((sum, levels) => sum + levels - 1, 0),
    estimateComponents: (responsibilities, k, totals) => estimateCategoricalComponents(data, responsibilities, k, totals),
    writeLogDensities: (components, out) => writeCategoricalLogDensities(data, components, out),
  };
}

export function fitLatentClassModel(data: CategoricalData, k: number, options: MixtureOptions = {}): MixtureFit<CategoricalComponent> {
  return fitMixture(createCategoricalFamily(data), k, options);
}

/** One-hot rows (0/1 per level), the space in which k-means++ seeds the classes. */
export function encodeOneHot(data: CategoricalData): { values: Float64Array; dimension: number } {
  const columns = data.levelCounts.length;
  const rows = columns === 0 ? 0 : data.codes.length / columns;
  const starts: number[] = [];
  let dimension = 0;
  for (const levels of data.levelCounts) {
    starts.push(dimension);
    dimension += levels;
  }
  const values = new Float64Array(rows * dimension);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) values[i * dimension + starts[j] + data.codes[i * columns + j]] = 1;
  }
  return { values, dimension };
}

function estimateCategoricalComponents(data: CategoricalData, responsibilities: Float64Array, k: number, totals: Float64Array): CategoricalComponent[] {
  const columns = data.levelCounts.length;
  const rows = data.codes.length / columns;
  const components: CategoricalComponent[] = [];
  for (let c = 0; c < k; c++) components.push({ probabilities: data.levelCounts.map((levels) => new Array<number>(levels).fill(0)) });
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      const weight = responsibilities[i * k + c];
      if (weight === 0) continue;
      const probabilities = components[c].probabilities;
      for (let j = 0; j < columns; j++) probabilities[j][data.codes[i * columns + j]] += weight;
    }
  }
  for (let c = 0; c < k; c++) {
    for (const column of components[c].probabilities) {
      for (let level = 0; level < column.length; level++) column[level] = Math.max(column[level] / totals[c], PROBABILITY_FLOOR);
    }
  }
  return components;
}

function writeCategoricalLogDensities(data: CategoricalData, components: CategoricalComponent[], out: Float64Array): void {
  const columns = data.levelCounts.length;
  const rows = data.codes.length / columns;
  const k = components.length;
  const logTables = components.map((component) => component.probabilities.map((column) => column.map(Math.log)));
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      let sum = 0;
      const table = logTables[c];
      for (let j = 0; j < columns; j++) sum += table[j][data.codes[i * columns + j]];
      out[i * k + c] = sum;
    }
  }
}
