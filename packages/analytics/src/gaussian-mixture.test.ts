import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './errors.js';
import { fitGaussianMixture } from './gaussian-mixture.js';
import { computeAdjustedRandIndex } from './cluster-metrics.js';
import { irisRows } from './test-support/iris.js';

const irisValues = Float64Array.from(irisRows.flatMap((row) => row.slice(0, 4)));
const irisSpecies = Int32Array.from(irisRows.map((row) => row[4]));

describe('Gaussian mixture on iris (scikit-learn reference)', () => {
  const fits = [1, 2, 3].map((k) => fitGaussianMixture(irisValues, 4, k, { covariance: 'full', seed: 7 }));

  it.each([
    [1, 829.978],
    [2, 574.018],
    [3, 580.84],
  ])('full covariance BIC for K=%i is %f within 0.01', (k, expected) => {
    expect(Math.abs(fits[k - 1].bic - expected)).toBeLessThan(0.01);
  });

  it('K=3 recovers the species (adjusted Rand index >= 0.88)', () => {
    expect(computeAdjustedRandIndex(fits[2].assignments, irisSpecies)).toBeGreaterThanOrEqual(0.88);
  });

  it('is deterministic for a seed', () => {
    const again = fitGaussianMixture(irisValues, 4, 3, { covariance: 'full', seed: 7 });
    expect(again.logLikelihood).toBe(fits[2].logLikelihood);
    expect(Array.from(again.assignments)).toEqual(Array.from(fits[2].assignments));
  });

  it('diagonal covariance counts fewer parameters and fits worse than full at K=3', () => {
    const diagonal = fitGaussianMixture(irisValues, 4, 3, { covariance: 'diagonal', seed: 7 });
    expect(diagonal.parameterCount).toBe(3 * 4 + 3 * 4 + 2);
    expect(fits[2].parameterCount).toBe(3 * 4 + 3 * 10 + 2);
    expect(diagonal.logLikelihood).toBeLessThan(fits[2].logLikelihood);
  });

  it('rejects K larger than the number of rows', () => {
    expect(() => fitGaussianMixture(irisValues.subarray(0, 8), 4, 3)).toThrow(AnalyticsError);
    try {
      fitGaussianMixture(irisValues.subarray(0, 8), 4, 3);
    } catch (error) {
      expect((error as AnalyticsError).code).toBe('K_TOO_LARGE');
    }
  });
});
