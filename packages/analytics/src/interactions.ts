import { AnalyticsError, assertNonNegative } from './errors.js';

/** One purchase (or other interaction) of an item by a customer. */
export interface Interaction {
  customer: string;
  item: string;
  quantity?: number;
  amount?: number;
  /** Milliseconds since the epoch (or any increasing number, for ordering only). */
  timestamp?: number;
  /** Explicit weight; multiplies the others. */
  weight?: number;
}

export interface WeightingOptions {
  /** How quantity scales the weight: 'log' = 1 + ln(quantity) (default), 'linear', or 'ignore'. */
  quantity?: 'log' | 'linear' | 'ignore';
  /** How amount scales the weight: 'log' = 1 + ln(1 + amount), 'linear', or 'ignore' (default). */
  amount?: 'log' | 'linear' | 'ignore';
  /** Half-life of the recency decay in days; omit for no decay. */
  recencyHalfLifeDays?: number;
  /** The "now" for recency, in ms; defaults to the latest timestamp in the data. */
  referenceTime?: number;
}

/**
 * Customers x items matrix in compressed sparse rows: customer u has items
 * columns[rowOffsets[u] .. rowOffsets[u+1]) (ascending) with summed weights in values.
 */
export interface InteractionMatrix {
  customerIds: string[];
  itemIds: string[];
  rowOffsets: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

const DAY_MS = 86_400_000;

export function weighInteraction(interaction: Interaction, options: WeightingOptions, referenceTime: number): number {
  let weight = interaction.weight ?? 1;
  const quantity = interaction.quantity ?? 1;
  if (options.quantity !== 'ignore' && quantity > 0) weight *= options.quantity === 'linear' ? quantity : 1 + Math.log(Math.max(quantity, 1));
  const amount = interaction.amount ?? 0;
  if (options.amount === 'linear') weight *= amount;
  else if (options.amount === 'log') weight *= 1 + Math.log1p(Math.max(amount, 0));
  if (options.recencyHalfLifeDays !== undefined && interaction.timestamp !== undefined) {
    const ageDays = Math.max(0, referenceTime - interaction.timestamp) / DAY_MS;
    weight *= Math.pow(0.5, ageDays / options.recencyHalfLifeDays);
  }
  return weight;
}

/** Aggregates interactions into a weighted sparse matrix; repeated purchases add up. */
export function buildInteractionMatrix(
  interactions: readonly Interaction[],
  options: WeightingOptions = {},
  knownItems: readonly string[] = [],
): InteractionMatrix {
  if (interactions.length === 0) throw new AnalyticsError('EMPTY_DATA', 'There are no interactions to learn from');
  if (options.recencyHalfLifeDays !== undefined) {
    assertNonNegative('recencyHalfLifeDays', options.recencyHalfLifeDays);
    if (options.recencyHalfLifeDays === 0) throw new AnalyticsError('INVALID_PARAMETER', 'recencyHalfLifeDays must be positive', { parameter: 'recencyHalfLifeDays' });
  }
  let referenceTime = options.referenceTime ?? -Infinity;
  if (options.referenceTime === undefined) for (const entry of interactions) if ((entry.timestamp ?? -Infinity) > referenceTime) referenceTime = entry.timestamp!;
  const customerIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>(knownItems.map((item, index) => [item, index]));
  const itemIds = [...knownItems];
  const cells = new Map<number, Map<number, number>>();
  for (const entry of interactions) {
    const weight = weighInteraction(entry, options, referenceTime);
    if (!Number.isFinite(weight) || weight < 0) {
      throw new AnalyticsError('INVALID_PARAMETER', `Interaction of ${entry.customer} with ${entry.item} has an invalid weight ${weight}`, {
        customer: entry.customer,
        item: entry.item,
      });
    }
    let u = customerIndex.get(entry.customer);
    if (u === undefined) {
      u = customerIndex.size;
      customerIndex.set(entry.customer, u);
      cells.set(u, new Map());
    }
    let i = itemIndex.get(entry.item);
    if (i === undefined) {
      i = itemIds.length;
      itemIndex.set(entry.item, i);
      itemIds.push(entry.item);
    }
    const row = cells.get(u)!;
    row.set(i, (row.get(i) ?? 0) + weight);
  }
  return packRows([...customerIndex.keys()], itemIds, [...cells.values()]);
}

/** CSR from one map (item -> weight) per customer. */
export function packRows(customerIds: string[], itemIds: string[], rows: Map<number, number>[]): InteractionMatrix {
  const rowOffsets = new Int32Array(rows.length + 1);
  rows.forEach((row, u) => (rowOffsets[u + 1] = rowOffsets[u] + row.size));
  const columns = new Int32Array(rowOffsets[rows.length]);
  const values = new Float64Array(columns.length);
  rows.forEach((row, u) => {
    const sorted = [...row.keys()].sort((a, b) => a - b);
    sorted.forEach((item, position) => {
      columns[rowOffsets[u] + position] = item;
      values[rowOffsets[u] + position] = row.get(item)!;
    });
  });
  return { customerIds, itemIds, rowOffsets, columns, values };
}

/** The item-major view (CSC) of a matrix: for item i, its customers and weights. */
export function transposeMatrix(matrix: InteractionMatrix): { offsets: Int32Array; rows: Int32Array; values: Float64Array } {
  const items = matrix.itemIds.length;
  const offsets = new Int32Array(items + 1);
  for (let p = 0; p < matrix.columns.length; p++) offsets[matrix.columns[p] + 1]++;
  for (let i = 0; i < items; i++) offsets[i + 1] += offsets[i];
  const cursor = offsets.slice(0, items);
  const rows = new Int32Array(matrix.columns.length);
  const values = new Float64Array(matrix.columns.length);
  for (let u = 0; u + 1 < matrix.rowOffsets.length; u++) {
    for (let p = matrix.rowOffsets[u]; p < matrix.rowOffsets[u + 1]; p++) {
      const slot = cursor[matrix.columns[p]]++;
      rows[slot] = u;
      values[slot] = matrix.values[p];
    }
  }
  return { offsets, rows, values };
}

/** Number of customers who interacted with each item. */
export function countItemCustomers(matrix: InteractionMatrix): Float64Array {
  const counts = new Float64Array(matrix.itemIds.length);
  for (let p = 0; p < matrix.columns.length; p++) counts[matrix.columns[p]]++;
  return counts;
}
