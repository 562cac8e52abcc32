import { describe, expect, it } from 'vitest';
import { computeAdjustedRandIndex } from './cluster-metrics.js';
import { createCategoricalFamily, fitLatentClassModel, type CategoricalData } from './latent-class.js';
import { createMixedFamily, fitMixedMixture } from './mixed-mixture.js';
import { selectMixtureByBic } from './mixture-em.js';
import { createRandom } from './random.js';

/** Two planted classes with very different level probabilities over four 3-level columns. */
function plantCategoricalClasses(rows: number, seed: number): { data: CategoricalData; truth: Int32Array } {
  const random = createRandom(seed);
  const profiles = [
    [0.8, 0.1, 0.1],
    [0.1, 0.1, 0.8],
  ];
  const codes = new Int32Array(rows * 4);
  const truth = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    truth[i] = random.next() < 0.4 ? 0 : 1;
    for (let j = 0; j < 4; j++) {
      const u = random.next();
      const p = profiles[truth[i]];
      codes[i * 4 + j] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    }
  }
  return { data: { codes, levelCounts: [3, 3, 3, 3] }, truth };
}

describe('latent-class model', () => {
  const { data, truth } = plantCategoricalClasses(600, 3);

  it('recovers two planted classes and their level probabilities', () => {
    const fit = fitLatentClassModel(data, 2, { seed: 1 });
    expect(computeAdjustedRandIndex(fit.assignments, truth)).toBeGreaterThan(0.7);
    const firstLevel = fit.components.map((component) => component.probabilities[0][0]).sort();
    const empirical = [1, 0].map((label) => {
      const members = Array.from(truth.keys()).filter((i) => truth[i] === label);
      return members.filter((i) => data.codes[i * 4] === 0).length / members.length;
    });
    expect(Math.abs(firstLevel[0] - empirical[0])).toBeLessThan(0.06);
    expect(Math.abs(firstLevel[1] - empirical[1])).toBeLessThan(0.06);
    expect(fit.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('BIC chooses K=2 out of 1..4', () => {
    const { best, fits } = selectMixtureByBic(createCategoricalFamily(data), [1, 2, 3, 4], { seed: 1, restarts: 3 });
    expect(best.k).toBe(2);
    expect(fits).toHaveLength(4);
    expect(fits[0].parameterCount).toBe(8);
  });
});

describe('mixed numeric and categorical mixture', () => {
  it('uses both kinds of column to separate the classes', () => {
    const { data, truth } = plantCategoricalClasses(400, 5);
    const random = createRandom(11);
    const numeric = Float64Array.from(truth, (label) => (label === 0 ? 10 : 13) + random.nextNormal());
    const mixed = { numeric, numericDimension: 1, categorical: data };
    const fit = fitMixedMixture(mixed, 2, { seed: 2 });
    expect(computeAdjustedRandIndex(fit.assignments, truth)).toBeGreaterThan(0.85);
    const means = fit.components.map((component) => component.gaussian.mean[0]).sort((a, b) => a - b);
    expect(means[0]).toBeCloseTo(10, 0);
    expect(means[1]).toBeCloseTo(13, 0);
    expect(selectMixtureByBic(createMixedFamily(mixed), [1, 2, 3], { seed: 2 }).best.k).toBe(2);
  });
});
