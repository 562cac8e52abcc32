import { AnalyticsError } from './errors.js';
import type { InteractionMatrix } from './interactions.js';
import { createMixedFamily, type MixedComponent } from './mixed-mixture.js';
import { selectMixtureByBic } from './mixture-em.js';

/** Metadata of a customer (industry, size, region, contract...), used for cold-start. */
export interface CustomerRecord {
  id: string;
  attributes: Record<string, string | number | null | undefined>;
}

export interface SegmentOptions {
  /** Candidate numbers of segments; the lowest BIC wins. Default 1..6. */
  ks?: number[];
  seed?: number;
  restarts?: number;
  /** Numeric attributes with at most this many distinct values are treated as categories. Default 10. */
  maxNumericLevels?: number;
}

/** Customer segments from a mixed mixture over metadata, with each segment's most-owned items. JSON-safe. */
export interface SegmentModel {
  kind: 'segments';
  numericColumns: string[];
  numericMeans: number[];
  categoricalColumns: string[];
  levels: string[][];
  weights: number[];
  components: MixedComponent[];
  segmentSizes: number[];
  /** Per segment: item indices by descending share of members who own them, with those shares. */
  topItems: number[][];
  topShares: number[][];
}

export function trainSegments(customers: CustomerRecord[], matrix: InteractionMatrix, options: SegmentOptions = {}): SegmentModel {
  if (customers.length === 0) throw new AnalyticsError('EMPTY_DATA', 'No customer metadata to segment');
  const columns = [...new Set(customers.flatMap((customer) => Object.keys(customer.attributes)))].sort();
  if (columns.length === 0) throw new AnalyticsError('EMPTY_DATA', 'Customer records carry no attributes to segment on');
  const maxNumericLevels = options.maxNumericLevels ?? 10;
  const numericColumns = columns.filter((column) => isNumericColumn(customers, column, maxNumericLevels));
  const categoricalColumns = columns.filter((column) => !numericColumns.includes(column));
  const numericMeans = numericColumns.map((column) => {
    const values = customers.map((customer) => customer.attributes[column]).filter((value) => value !== null && value !== undefined && value !== '');
    return values.reduce<number>((sum, value) => sum + Number(value), 0) / Math.max(values.length, 1);
  });
  const levels = categoricalColumns.map((column) => [...new Set(customers.map((customer) => normaliseLevel(customer.attributes[column])))].sort());
  const numeric = new Float64Array(customers.length * numericColumns.length);
  const codes = new Int32Array(customers.length * categoricalColumns.length);
  customers.forEach((customer, row) => {
    numericColumns.forEach((column, j) => (numeric[row * numericColumns.length + j] = readNumber(customer.attributes[column], numericMeans[j])));
    categoricalColumns.forEach((column, j) => (codes[row * categoricalColumns.length + j] = levels[j].indexOf(normaliseLevel(customer.attributes[column]))));
  });
  const family = createMixedFamily({
    numeric,
    numericDimension: numericColumns.length,
    categorical: { codes, levelCounts: levels.map((list) => list.length) },
  });
  const ks = (options.ks ?? [1, 2, 3, 4, 5, 6]).filter((k) => k <= customers.length);
  const { best } = selectMixtureByBic(family, ks, { seed: options.seed ?? 42, restarts: options.restarts ?? 2, tolerance: 1e-5, maxIterations: 300 });
  const model: SegmentModel = {
    kind: 'segments',
    numericColumns,
    numericMeans,
    categoricalColumns,
    levels,
    weights: best.weights,
    components: best.components,
    segmentSizes: new Array<number>(best.k).fill(0),
    topItems: [],
    topShares: [],
  };
  attachSegmentPopularity(model, customers, best.assignments, matrix);
  return model;
}

/**
 * The same segments (the mixture fitted to the metadata) with each segment's favourites counted again on
 * another matrix: the hybrid's validation model counts them on the validation-train part only.
 */
export function recountSegmentPopularity(model: SegmentModel, customers: CustomerRecord[], matrix: InteractionMatrix): SegmentModel {
  const recounted: SegmentModel = { ...model, segmentSizes: new Array<number>(model.weights.length).fill(0), topItems: [], topShares: [] };
  const assignments = Int32Array.from(customers, (customer) => assignSegment(model, customer.attributes));
  attachSegmentPopularity(recounted, customers, assignments, matrix);
  return recounted;
}

function attachSegmentPopularity(model: SegmentModel, customers: CustomerRecord[], assignments: Int32Array, matrix: InteractionMatrix): void {
  const items = matrix.itemIds.length;
  const rowOf = new Map(matrix.customerIds.map((id, row) => [id, row]));
  const owners = model.weights.map(() => new Float64Array(items));
  customers.forEach((customer, index) => {
    const segment = assignments[index];
    model.segmentSizes[segment]++;
    const row = rowOf.get(customer.id);
    if (row === undefined) return;
    for (let p = matrix.rowOffsets[row]; p < matrix.rowOffsets[row + 1]; p++) owners[segment][matrix.columns[p]]++;
  });
  owners.forEach((counts, segment) => {
    const order = Array.from(counts.keys())
      .filter((item) => counts[item] > 0)
      .sort((a, b) => counts[b] - counts[a] || a - b);
    model.topItems.push(order);
    model.topShares.push(order.map((item) => counts[item] / Math.max(model.segmentSizes[segment], 1)));
  });
}

/** The most probable segment for a customer's attributes; unknown levels and missing values are ignored. */
export function assignSegment(model: SegmentModel, attributes: CustomerRecord['attributes']): number {
  let best = 0;
  let bestScore = -Infinity;
  model.components.forEach((component, segment) => {
    let score = Math.log(model.weights[segment]);
    model.numericColumns.forEach((column, j) => {
      const raw = attributes[column];
      if (raw === null || raw === undefined || raw === '' || !Number.isFinite(Number(raw))) return;
      const variance = component.gaussian.covariance[j];
      score += -0.5 * (Math.log(2 * Math.PI * variance) + (Number(raw) - component.gaussian.mean[j]) ** 2 / variance);
    });
    model.categoricalColumns.forEach((column, j) => {
      const level = model.levels[j].indexOf(normaliseLevel(attributes[column]));
      if (level >= 0) score += Math.log(component.categorical.probabilities[j][level]);
    });
    if (score > bestScore) {
      bestScore = score;
      best = segment;
    }
  });
  return best;
}

function normaliseLevel(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function readNumber(value: string | number | null | undefined, fallback: number): number {
  if (value === null || value === undefined || value === '') return fallback;
  return Number(value);
}

function isNumericColumn(customers: CustomerRecord[], column: string, maxNumericLevels: number): boolean {
  const distinct = new Set<string>();
  for (const customer of customers) {
    const value = customer.attributes[column];
    if (value === null || value === undefined || value === '') continue;
    if (!Number.isFinite(Number(value))) return false;
    distinct.add(String(value));
  }
  return distinct.size > maxNumericLevels;
}
