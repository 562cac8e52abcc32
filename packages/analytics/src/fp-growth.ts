/**
 * FP-Growth (Han, Pei, Yin 2000): the first level reads prefix paths from the ranked baskets, deeper
 * levels build conditional FP-trees (fp-tree.ts) and recurse; a tree without branches is enumerated.
 */
import { FpTree, TreeStorage } from './fp-tree.js';
import { ItemsetCollector, type ItemsetTable } from './itemsets.js';
import { countItems, countTransactions, type TransactionDatabase } from './transactions.js';

interface MiningContext {
  minCount: number;
  maxLen: number;
  collector: ItemsetCollector;
  prefix: Int32Array;
  storage: TreeStorage[];
}

/** All itemsets with count >= minCount and size in [minLen, maxLen]. */
export function mineWithFpGrowth(database: TransactionDatabase, minCount: number, minLen: number, maxLen: number): ItemsetTable {
  const collector = new ItemsetCollector(minLen);
  const ranked = rankDatabase(database, minCount);
  if (ranked !== null) {
    const storage = Array.from({ length: maxLen + 1 }, () => new TreeStorage());
    mineRankedDatabase(ranked, { minCount, maxLen, collector, prefix: new Int32Array(maxLen + 1), storage });
  }
  return collector.toTable(database.itemNames, countTransactions(database));
}

/**
 * The baskets restricted to frequent items, as ascending ranks, plus for every rank the list of
 * (basket, position) where it occurs. The first level of FP-Growth reads its conditional pattern bases
 * straight from these contiguous baskets: walking parent pointers of a million-node global tree costs a
 * cache miss per step, which dominated the run time on T10I4D100K.
 */
interface RankedDatabase {
  itemIds: Int32Array;
  rankCount: Int32Array;
  items: Int32Array;
  offsets: Int32Array;
  occurrenceOffsets: Int32Array;
  occurrenceBaskets: Int32Array;
  occurrencePositions: Int32Array;
}

function rankDatabase(database: TransactionDatabase, minCount: number): RankedDatabase | null {
  const counts = countItems(database);
  const frequent: number[] = [];
  for (let id = 0; id < counts.length; id++) if (counts[id] >= minCount) frequent.push(id);
  if (frequent.length === 0) return null;
  frequent.sort((a, b) => counts[b] - counts[a] || a - b);
  const rankOf = new Int32Array(counts.length).fill(-1);
  frequent.forEach((id, rank) => (rankOf[id] = rank));
  const baskets = countTransactions(database);
  const offsets = new Int32Array(baskets + 1);
  let total = 0;
  for (let i = 0; i < database.items.length; i++) if (rankOf[database.items[i]] >= 0) total++;
  const items = new Int32Array(total);
  const occurrenceOffsets = new Int32Array(frequent.length + 1);
  let cursor = 0;
  for (let b = 0; b < baskets; b++) {
    const start = cursor;
    for (let i = database.offsets[b]; i < database.offsets[b + 1]; i++) {
      const rank = rankOf[database.items[i]];
      if (rank >= 0) items[cursor++] = rank;
    }
    if (cursor - start > 1) items.subarray(start, cursor).sort();
    for (let i = start + 1; i < cursor; i++) occurrenceOffsets[items[i] + 1]++;
    offsets[b + 1] = cursor;
  }
  for (let r = 0; r < frequent.length; r++) occurrenceOffsets[r + 1] += occurrenceOffsets[r];
  const fill = occurrenceOffsets.slice(0, frequent.length);
  const occurrenceBaskets = new Int32Array(occurrenceOffsets[frequent.length]);
  const occurrencePositions = new Int32Array(occurrenceBaskets.length);
  for (let b = 0; b < baskets; b++) {
    for (let i = offsets[b] + 1; i < offsets[b + 1]; i++) {
      const slot = fill[items[i]]++;
      occurrenceBaskets[slot] = b;
      occurrencePositions[slot] = i - offsets[b];
    }
  }
  const rankCount = Int32Array.from(frequent, (id) => counts[id]);
  return { itemIds: Int32Array.from(frequent), rankCount, items, offsets, occurrenceOffsets, occurrenceBaskets, occurrencePositions };
}

function mineRankedDatabase(ranked: RankedDatabase, context: MiningContext): void {
  const { prefix, collector, maxLen, minCount } = context;
  for (let rank = ranked.itemIds.length - 1; rank >= 0; rank--) {
    prefix[0] = ranked.itemIds[rank];
    collector.add(prefix, 1, ranked.rankCount[rank]);
    if (maxLen < 2) continue;
    ensureRankScratch(rank);
    scratchCounts.fill(0, 0, rank);
    let pathCount = 0;
    let cursor = 0;
    for (let occurrence = ranked.occurrenceOffsets[rank]; occurrence < ranked.occurrenceOffsets[rank + 1]; occurrence++) {
      const start = ranked.offsets[ranked.occurrenceBaskets[occurrence]];
      const length = ranked.occurrencePositions[occurrence];
      ensureScratch(cursor + length, pathCount + 1);
      scratchOffsets[pathCount] = cursor;
      scratchWeights[pathCount] = 1;
      for (let i = start; i < start + length; i++) {
        const itemRank = ranked.items[i];
        scratchCounts[itemRank]++;
        scratchItems[cursor++] = itemRank;
      }
      pathCount++;
    }
    scratchOffsets[pathCount] = cursor;
    const conditional = finishConditionalTree(ranked.itemIds, rank, pathCount, cursor, minCount, context.storage[1]);
    if (conditional !== null) mineTree(conditional, 1, context);
  }
}

function mineTree(tree: FpTree, prefixLength: number, context: MiningContext): void {
  if (!tree.branched) {
    enumerateSinglePath(tree, prefixLength, context);
    return;
  }
  const { prefix, collector, maxLen } = context;
  for (let rank = tree.itemIds.length - 1; rank >= 0; rank--) {
    prefix[prefixLength] = tree.itemIds[rank];
    collector.add(prefix, prefixLength + 1, tree.rankCount[rank]);
    if (prefixLength + 1 >= maxLen) continue;
    const conditional = buildConditionalTree(tree, rank, context.minCount, context.storage[prefixLength + 1]);
    if (conditional !== null) mineTree(conditional, prefixLength + 1, context);
  }
}

/** In a tree without branches every subset of the path is frequent; its count is that of its deepest node. */
function enumerateSinglePath(tree: FpTree, prefixLength: number, context: MiningContext): void {
  const pathNodes: number[] = [];
  let node = tree.nodeChild[0];
  while (node !== -1) {
    pathNodes.push(node);
    node = tree.nodeChild[node];
  }
  const { prefix, collector, maxLen } = context;
  const extend = (start: number, length: number): void => {
    for (let i = start; i < pathNodes.length; i++) {
      prefix[length] = tree.itemIds[tree.nodeRank[pathNodes[i]]];
      collector.add(prefix, length + 1, tree.nodeCount[pathNodes[i]]);
      if (length + 1 < maxLen) extend(i + 1, length + 1);
    }
  };
  extend(0, prefixLength);
}

/** Scratch buffers shared by all conditional-tree builds (each build finishes before the next starts). */
let scratchItems = new Int32Array(1 << 16);
let scratchOffsets = new Int32Array(1 << 12);
let scratchWeights = new Int32Array(1 << 12);

let scratchCounts = new Int32Array(1024);
let scratchRanks = new Int32Array(1024);

function ensureRankScratch(rank: number): void {
  if (rank <= scratchCounts.length) return;
  scratchCounts = new Int32Array(Math.max(rank, scratchCounts.length * 2));
  scratchRanks = new Int32Array(scratchCounts.length);
}

function ensureScratch(items: number, paths: number): void {
  if (items > scratchItems.length) scratchItems = growPreserving(scratchItems, Math.max(items, scratchItems.length * 2));
  if (paths + 1 > scratchOffsets.length) {
    const size = Math.max(paths + 1, scratchOffsets.length * 2);
    scratchOffsets = growPreserving(scratchOffsets, size);
    scratchWeights = growPreserving(scratchWeights, size);
  }
}

function growPreserving(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}

function buildConditionalTree(tree: FpTree, rank: number, minCount: number, storage: TreeStorage): FpTree | null {
  ensureRankScratch(rank);
  const conditionalCount = scratchCounts;
  conditionalCount.fill(0, 0, rank);
  let pathCount = 0;
  let cursor = 0;
  // One walk up from every node of this rank: record each prefix path (old ranks) and count items.
  for (let node = tree.head[rank]; node !== -1; node = tree.nodeLink[node]) {
    const weight = tree.nodeCount[node];
    ensureScratch(cursor + rank, pathCount + 1);
    scratchOffsets[pathCount] = cursor;
    scratchWeights[pathCount] = weight;
    for (let parent = tree.nodeParent[node]; parent !== 0; parent = tree.nodeParent[parent]) {
      const parentRank = tree.nodeRank[parent];
      conditionalCount[parentRank] += weight;
      scratchItems[cursor++] = parentRank;
    }
    pathCount++;
  }
  scratchOffsets[pathCount] = cursor;
  return finishConditionalTree(tree.itemIds, rank, pathCount, cursor, minCount, storage);
}

/**
 * Builds a conditional tree from the prefix paths gathered in the scratch buffers (old ranks, any
 * order within a path): keeps the items frequent in them, re-ranks those by conditional count.
 */
function finishConditionalTree(parentItemIds: Int32Array, rank: number, pathCount: number, cursor: number, minCount: number, storage: TreeStorage): FpTree | null {
  if (cursor === 0) return null;
  const conditionalCount = scratchCounts;
  const kept: number[] = [];
  for (let r = 0; r < rank; r++) if (conditionalCount[r] >= minCount) kept.push(r);
  if (kept.length === 0) return null;
  kept.sort((a, b) => conditionalCount[b] - conditionalCount[a] || a - b);
  const newRank = scratchRanks;
  newRank.fill(-1, 0, rank);
  const itemIds = new Int32Array(kept.length);
  kept.forEach((oldRank, index) => {
    newRank[oldRank] = index;
    itemIds[index] = parentItemIds[oldRank];
  });
  // Map to new ranks in place (the output never overtakes the input), sorting each short path.
  let write = 0;
  let keptPaths = 0;
  for (let path = 0; path < pathCount; path++) {
    const start = write;
    const end = scratchOffsets[path + 1];
    for (let read = scratchOffsets[path]; read < end; read++) {
      const mapped = newRank[scratchItems[read]];
      if (mapped < 0) continue;
      let position = write++;
      while (position > start && scratchItems[position - 1] > mapped) {
        scratchItems[position] = scratchItems[position - 1];
        position--;
      }
      scratchItems[position] = mapped;
    }
    scratchOffsets[path] = start;
    if (write > start) keptPaths++;
  }
  scratchOffsets[pathCount] = write;
  if (keptPaths === 0) return null;
  const conditional = new FpTree(itemIds, write, storage);
  for (let path = 0; path < pathCount; path++) conditional.insertPath(scratchItems, scratchOffsets[path], scratchOffsets[path + 1], scratchWeights[path]);
  return conditional;
}
