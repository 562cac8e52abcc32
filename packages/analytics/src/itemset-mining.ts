import { mineWithApriori } from './apriori.js';
import { AnalyticsError } from './errors.js';
import { mineWithFpGrowth } from './fp-growth.js';
import {
  filterItemsets,
  getItemsetSize,
  resolveLengthBounds,
  resolveMinCount,
  toItemsetKey,
  type ItemsetMiningOptions,
  type ItemsetTable,
} from './itemsets.js';
import { assertMinableDatabase, countTransactions, type TransactionDatabase } from './transactions.js';

/** Frequent, closed or maximal itemsets of a transaction database (FP-Growth unless told otherwise). */
export function mineItemsets(database: TransactionDatabase, options: ItemsetMiningOptions): ItemsetTable {
  assertMinableDatabase(database);
  const minCount = resolveMinCount(options.minSupport, countTransactions(database));
  const { minLen, maxLen } = resolveLengthBounds(options.minLen, options.maxLen);
  const target = options.target ?? 'frequent';
  if (!['frequent', 'closed', 'maximal'].includes(target)) {
    throw new AnalyticsError('INVALID_PARAMETER', `target must be frequent, closed or maximal, got ${target}`, { parameter: 'target' });
  }
  const algorithm = options.algorithm ?? 'fp-growth';
  if (algorithm !== 'fp-growth' && algorithm !== 'apriori') {
    throw new AnalyticsError('INVALID_PARAMETER', `algorithm must be fp-growth or apriori, got ${algorithm}`, { parameter: 'algorithm' });
  }
  const mine = algorithm === 'apriori' ? mineWithApriori : mineWithFpGrowth;
  // Closed and maximal need every frequent superset, so mine from length 1 and filter lengths afterwards.
  const frequent = mine(database, minCount, target === 'frequent' ? minLen : 1, maxLen);
  if (target === 'frequent') return frequent;
  const keep = target === 'closed' ? markClosedItemsets(frequent) : markMaximalItemsets(frequent);
  return filterItemsets(frequent, (index) => keep[index] === 1 && getItemsetSize(frequent, index) >= minLen);
}

/**
 * An itemset is closed when no proper superset has the same count. It is enough to look at supersets
 * with one more item: if any superset has the same count, so does one of its one-larger subsets.
 */
export function markClosedItemsets(table: ItemsetTable): Uint8Array {
  return markBySupersets(table, (subsetCount, supersetCount) => subsetCount === supersetCount);
}

/** An itemset is maximal when no proper superset is frequent (again, one-larger supersets suffice). */
export function markMaximalItemsets(table: ItemsetTable): Uint8Array {
  return markBySupersets(table, () => true);
}

function markBySupersets(table: ItemsetTable, disqualifies: (subsetCount: number, supersetCount: number) => boolean): Uint8Array {
  const positions = new Map<string, number>();
  for (let i = 0; i < table.counts.length; i++) positions.set(toItemsetKey(table.items, table.offsets[i], table.offsets[i + 1]), i);
  const keep = new Uint8Array(table.counts.length).fill(1);
  const subset: number[] = [];
  for (let i = 0; i < table.counts.length; i++) {
    const start = table.offsets[i];
    const end = table.offsets[i + 1];
    if (end - start < 2) continue;
    for (let skip = start; skip < end; skip++) {
      subset.length = 0;
      for (let j = start; j < end; j++) if (j !== skip) subset.push(table.items[j]);
      const position = positions.get(toItemsetKey(subset));
      if (position !== undefined && disqualifies(table.counts[position], table.counts[i])) keep[position] = 0;
    }
  }
  return keep;
}
