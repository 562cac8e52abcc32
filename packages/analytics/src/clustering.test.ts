import { describe, expect, it } from 'vitest';
import { clusterTable, parseKRange } from './clustering.js';
import { parseCsvTable } from './csv.js';
import { AnalyticsError } from './errors.js';
import { irisColumns, irisRows, irisSpecies } from './test-support/iris.js';

const irisTable = parseCsvTable([irisColumns.join(',') + ',species', ...irisRows.map((row) => [...row.slice(0, 4), irisSpecies[row[4]]].join(','))].join('\n'));

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AnalyticsError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('clustering CSV tables', () => {
  it('reports BIC per K and picks the lowest (K=2 for full-covariance iris)', () => {
    const result = clusterTable(irisTable, [...irisColumns], 'gaussian-full', [1, 2, 3], { seed: 7 });
    expect(result.fits.map((fit) => Math.round(fit.bic))).toEqual([830, 574, 581]);
    expect(result.bestK).toBe(2);
    expect(result.assignments).toHaveLength(150);
  });

  it('clusters a categorical column with the latent-class model and mixed columns with the mixed model', () => {
    const categorical = clusterTable(irisTable, ['species'], 'categorical', [3], { seed: 1 });
    expect(new Set(categorical.assignments).size).toBe(3);
    const mixed = clusterTable(irisTable, ['petal_length', 'species'], 'mixed', [1, 2, 3], { seed: 1 });
    expect(mixed.fits).toHaveLength(3);
    expect(mixed.bestK).toBeGreaterThan(1);
  });

  it('names unknown columns, non-numeric values and K beyond the data', () => {
    expect(codeOf(() => clusterTable(irisTable, ['petal_colour'], 'gaussian-full', [2]))).toBe('UNKNOWN_COLUMN');
    expect(codeOf(() => clusterTable(irisTable, ['species'], 'gaussian-diag', [2]))).toBe('NON_NUMERIC_VALUE');
    expect(codeOf(() => clusterTable(irisTable, ['sepal_length'], 'gaussian-diag', [151]))).toBe('K_TOO_LARGE');
    expect(codeOf(() => clusterTable(parseCsvTable('a,b\n'), ['a'], 'gaussian-diag', [2]))).toBe('EMPTY_DATA');
  });

  it('parses K ranges and rejects nonsense', () => {
    expect(parseKRange('2..5')).toEqual([2, 3, 4, 5]);
    expect(parseKRange('3')).toEqual([3]);
    expect(codeOf(() => parseKRange('zero'))).toBe('INVALID_PARAMETER');
    expect(codeOf(() => parseKRange('0..2'))).toBe('INVALID_PARAMETER');
  });
});
