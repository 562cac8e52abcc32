import { findColumnIndexes, type CsvTable } from './csv.js';
import { AnalyticsError } from './errors.js';
import { createGaussianFamily } from './gaussian-mixture.js';
import { createCategoricalFamily, type CategoricalData } from './latent-class.js';
import { createMixedFamily } from './mixed-mixture.js';
import { selectMixtureByBic, type MixtureFamily, type MixtureFit, type MixtureOptions } from './mixture-em.js';

export type ClusterModelKind = 'gaussian-full' | 'gaussian-diag' | 'categorical' | 'mixed';

export interface TableClustering {
  model: ClusterModelKind;
  fits: { k: number; logLikelihood: number; bic: number; parameterCount: number; iterations: number; converged: boolean }[];
  bestK: number;
  assignments: Int32Array;
}

/** Fits a mixture to the named columns of a CSV table for each k and keeps the lowest-BIC one. */
export function clusterTable(
  table: CsvTable,
  columns: string[],
  model: ClusterModelKind,
  ks: number[],
  options: MixtureOptions = {},
): TableClustering {
  if (columns.length === 0) throw new AnalyticsError('INVALID_PARAMETER', 'Name at least one column to cluster on', { parameter: 'columns' });
  if (table.rows.length === 0) throw new AnalyticsError('EMPTY_DATA', 'The table has no data rows');
  const indexes = findColumnIndexes(table.header, columns);
  const family = createFamilyForTable(table, columns, indexes, model);
  const largest = Math.max(...ks);
  if (largest > table.rows.length) {
    throw new AnalyticsError('K_TOO_LARGE', `k=${largest} is larger than the ${table.rows.length} rows of data`, { k: largest, rows: table.rows.length });
  }
  const { best, fits } = selectMixtureByBic(family as MixtureFamily<unknown>, ks, options);
  return {
    model,
    fits: fits.map((fit: MixtureFit<unknown>) => ({
      k: fit.k,
      logLikelihood: fit.logLikelihood,
      bic: fit.bic,
      parameterCount: fit.parameterCount,
      iterations: fit.iterations,
      converged: fit.converged,
    })),
    bestK: best.k,
    assignments: best.assignments,
  };
}

function createFamilyForTable(table: CsvTable, columns: string[], indexes: number[], model: ClusterModelKind) {
  switch (model) {
    case 'gaussian-full':
    case 'gaussian-diag':
      return createGaussianFamily(readNumericColumns(table, columns, indexes), columns.length, model === 'gaussian-full' ? 'full' : 'diagonal');
    case 'categorical':
      return createCategoricalFamily(encodeCategoricalColumns(table, indexes).data);
    case 'mixed': {
      const numericPositions = indexes.filter((index) => table.rows.every((row) => isNumeric(row[index])));
      const categoricalPositions = indexes.filter((index) => !numericPositions.includes(index));
      const numericNames = numericPositions.map((index) => table.header[index]);
      return createMixedFamily({
        numeric: readNumericColumns(table, numericNames, numericPositions),
        numericDimension: numericPositions.length,
        categorical: encodeCategoricalColumns(table, categoricalPositions).data,
      });
    }
    default:
      throw new AnalyticsError('INVALID_PARAMETER', `Unknown cluster model "${String(model)}"; use gaussian-full, gaussian-diag, categorical or mixed`, {
        parameter: 'model',
      });
  }
}

function isNumeric(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/** Row-major numbers of the given columns; a non-numeric cell names its row and column. */
export function readNumericColumns(table: CsvTable, names: string[], indexes: number[]): Float64Array {
  const values = new Float64Array(table.rows.length * indexes.length);
  table.rows.forEach((row, rowIndex) => {
    indexes.forEach((columnIndex, j) => {
      const text = row[columnIndex];
      if (!isNumeric(text)) {
        throw new AnalyticsError('NON_NUMERIC_VALUE', `Column "${names[j]}" row ${rowIndex + 2} holds "${text}", which is not a number`, {
          column: names[j],
          row: rowIndex + 2,
          value: text,
        });
      }
      values[rowIndex * indexes.length + j] = Number(text);
    });
  });
  return values;
}

/** Level codes per column, levels numbered in order of first appearance. */
export function encodeCategoricalColumns(table: CsvTable, indexes: number[]): { data: CategoricalData; levels: string[][] } {
  const levels = indexes.map(() => new Map<string, number>());
  const codes = new Int32Array(table.rows.length * indexes.length);
  table.rows.forEach((row, rowIndex) => {
    indexes.forEach((columnIndex, j) => {
      const value = row[columnIndex];
      let code = levels[j].get(value);
      if (code === undefined) {
        code = levels[j].size;
        levels[j].set(value, code);
      }
      codes[rowIndex * indexes.length + j] = code;
    });
  });
  return { data: { codes, levelCounts: levels.map((map) => map.size) }, levels: levels.map((map) => [...map.keys()]) };
}

/** Parses "2..8" or "3" or "2,4,6" into a list of k. */
export function parseKRange(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  const ks = range ? expandRange(Number(range[1]), Number(range[2])) : text.split(',').map((part) => Number(part.trim()));
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new AnalyticsError('INVALID_PARAMETER', `k must be a positive integer, a list or a range like 2..8, got "${text}"`, { parameter: 'k' });
  }
  return ks;
}

function expandRange(from: number, to: number): number[] {
  const ks: number[] = [];
  for (let k = from; k <= to; k++) ks.push(k);
  return ks;
}
