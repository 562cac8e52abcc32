import { ItemsetCollector, type ItemsetTable } from './itemsets.js';
import { countItems, countTransactions, type TransactionDatabase } from './transactions.js';

/**
 * Apriori (Agrawal, Srikant 1994): level-wise candidate generation by joining frequent (k-1)-itemsets
 * that share a (k-2)-prefix, pruning candidates with an infrequent subset, and counting supports.
 * Supports are counted vertically: each frequent item keeps a bitset of its baskets and a candidate's
 * count is the popcount of the intersection. Kept as an independent cross-check of FP-Growth.
 */
export function mineWithApriori(database: TransactionDatabase, minCount: number, minLen: number, maxLen: number): ItemsetTable {
  const transactionCount = countTransactions(database);
  const words = Math.ceil(transactionCount / 32);
  const counts = countItems(database);
  const frequentItems: number[] = [];
  for (let id = 0; id < counts.length; id++) if (counts[id] >= minCount) frequentItems.push(id);
  const bitsetOf = new Map<number, Uint32Array>();
  for (const id of frequentItems) bitsetOf.set(id, new Uint32Array(words));
  for (let b = 0; b < transactionCount; b++) {
    for (let i = database.offsets[b]; i < database.offsets[b + 1]; i++) {
      const bitset = bitsetOf.get(database.items[i]);
      if (bitset !== undefined) bitset[b >>> 5] |= 1 << (b & 31);
    }
  }
  const collector = new ItemsetCollector(minLen);
  let level: { items: number[]; bits: Uint32Array }[] = frequentItems.map((id) => ({ items: [id], bits: bitsetOf.get(id)! }));
  for (const entry of level) collector.add(entry.items, 1, counts[entry.items[0]]);
  const scratch = new Uint32Array(words);
  for (let size = 2; size <= maxLen && level.length > 1; size++) {
    const known = new Set(level.map((entry) => entry.items.join(',')));
    const next: { items: number[]; bits: Uint32Array }[] = [];
    for (let a = 0; a < level.length; a++) {
      for (let b = a + 1; b < level.length; b++) {
        if (!sharePrefix(level[a].items, level[b].items)) break;
        const candidate = [...level[a].items, level[b].items[size - 2]];
        if (!hasAllFrequentSubsets(candidate, known)) continue;
        const count = intersectAndCount(level[a].bits, bitsetOf.get(candidate[size - 1])!, scratch);
        if (count < minCount) continue;
        collector.add(candidate, size, count);
        next.push({ items: candidate, bits: scratch.slice() });
      }
    }
    level = next;
  }
  return collector.toTable(database.itemNames, transactionCount);
}

function sharePrefix(left: number[], right: number[]): boolean {
  for (let i = 0; i < left.length - 1; i++) if (left[i] !== right[i]) return false;
  return true;
}

function hasAllFrequentSubsets(candidate: number[], known: Set<string>): boolean {
  if (candidate.length <= 2) return true;
  for (let skip = 0; skip < candidate.length - 2; skip++) {
    const subset = candidate.filter((_, index) => index !== skip);
    if (!known.has(subset.join(','))) return false;
  }
  return true;
}

function intersectAndCount(left: Uint32Array, right: Uint32Array, out: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < left.length; i++) {
    let word = left[i] & right[i];
    out[i] = word;
    word = word - ((word >>> 1) & 0x55555555);
    word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
    count += (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}
