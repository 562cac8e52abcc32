import { AnalyticsError, assertPositiveInteger } from './errors.js';

/**
 * Frequent itemsets in flat typed arrays: itemset i holds item ids items[offsets[i] .. offsets[i+1])
 * sorted ascending, and occurs in counts[i] baskets out of transactionCount.
 */
export interface ItemsetTable {
  itemNames: string[];
  transactionCount: number;
  offsets: Int32Array;
  items: Int32Array;
  counts: Int32Array;
}

export type ItemsetTarget = 'frequent' | 'closed' | 'maximal';

export interface ItemsetMiningOptions {
  /** A fraction in (0, 1], or an absolute basket count (an integer greater than 1). */
  minSupport: number;
  minLen?: number;
  maxLen?: number;
  target?: ItemsetTarget;
  algorithm?: 'fp-growth' | 'apriori';
}

/** Smallest basket count that is frequent: count >= minSupport * N, as in R arules. */
export function resolveMinCount(minSupport: number, transactionCount: number): number {
  if (!Number.isFinite(minSupport) || minSupport <= 0) {
    throw new AnalyticsError('INVALID_PARAMETER', `minSupport must be a fraction in (0, 1] or a count > 1, got ${minSupport}`, {
      parameter: 'minSupport',
      value: minSupport,
    });
  }
  if (minSupport <= 1) return Math.max(1, Math.ceil(minSupport * transactionCount - 1e-9));
  if (!Number.isInteger(minSupport)) {
    throw new AnalyticsError('INVALID_PARAMETER', `minSupport above 1 is an absolute count and must be an integer, got ${minSupport}`, {
      parameter: 'minSupport',
      value: minSupport,
    });
  }
  return minSupport;
}

export interface LengthBounds {
  minLen: number;
  maxLen: number;
}

export function resolveLengthBounds(minLen = 1, maxLen = 10): LengthBounds {
  assertPositiveInteger('minLen', minLen);
  assertPositiveInteger('maxLen', maxLen);
  if (minLen > maxLen) {
    throw new AnalyticsError('INVALID_PARAMETER', `minLen (${minLen}) is larger than maxLen (${maxLen})`, {
      parameter: 'minLen',
    });
  }
  return { minLen, maxLen };
}

/** Growable flat store that the miners append to. */
export class ItemsetCollector {
  private offsets: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private items: Int32Array<ArrayBuffer> = new Int32Array(4096);
  private counts: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private size = 0;

  constructor(private readonly minLen: number) {}

  /** Appends items (copied and sorted) with their count, unless shorter than minLen. */
  add(source: ArrayLike<number>, length: number, count: number): void {
    if (length < this.minLen) return;
    if (this.size + 2 > this.offsets.length) {
      this.offsets = grow(this.offsets, this.offsets.length * 2);
      this.counts = grow(this.counts, this.counts.length * 2);
    }
    const start = this.offsets[this.size];
    if (start + length > this.items.length) this.items = grow(this.items, Math.max(this.items.length * 2, start + length));
    for (let i = 0; i < length; i++) this.items[start + i] = source[i];
    if (length > 1) this.items.subarray(start, start + length).sort();
    this.counts[this.size] = count;
    this.size++;
    this.offsets[this.size] = start + length;
  }

  toTable(itemNames: string[], transactionCount: number): ItemsetTable {
    return {
      itemNames,
      transactionCount,
      offsets: this.offsets.slice(0, this.size + 1),
      items: this.items.slice(0, this.offsets[this.size]),
      counts: this.counts.slice(0, this.size),
    };
  }
}

function grow(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(array);
  return next;
}

export function countItemsets(table: ItemsetTable): number {
  return table.counts.length;
}

export function getItemset(table: ItemsetTable, index: number): number[] {
  return Array.from(table.items.subarray(table.offsets[index], table.offsets[index + 1]));
}

export function getItemsetSize(table: ItemsetTable, index: number): number {
  return table.offsets[index + 1] - table.offsets[index];
}

/** Canonical key of a sorted itemset, for hash lookups. */
export function toItemsetKey(items: ArrayLike<number>, start = 0, end = items.length): string {
  let key = '';
  for (let i = start; i < end; i++) key += i === start ? String(items[i]) : ',' + items[i];
  return key;
}

/** Map from itemset key to its count. */
export function indexItemsets(table: ItemsetTable): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < table.counts.length; i++) {
    index.set(toItemsetKey(table.items, table.offsets[i], table.offsets[i + 1]), table.counts[i]);
  }
  return index;
}

/** Keeps the itemsets for which keep(i) is true. */
export function filterItemsets(table: ItemsetTable, keep: (index: number) => boolean): ItemsetTable {
  const collector = new ItemsetCollector(1);
  for (let i = 0; i < table.counts.length; i++) {
    if (keep(i)) collector.add(table.items.subarray(table.offsets[i], table.offsets[i + 1]), getItemsetSize(table, i), table.counts[i]);
  }
  return collector.toTable(table.itemNames, table.transactionCount);
}

export function describeItemsets(table: ItemsetTable): { items: string[]; count: number; support: number }[] {
  const result = [];
  for (let i = 0; i < table.counts.length; i++) {
    result.push({
      items: getItemset(table, i).map((id) => table.itemNames[id]),
      count: table.counts[i],
      support: table.counts[i] / table.transactionCount,
    });
  }
  return result;
}
