import { ItemsetCollector, type ItemsetTable } from './itemsets.js';
import { countItems, countTransactions, type TransactionDatabase } from './transactions.js';

/**
 * FP-Growth (Han, Pei, Yin 2000) over typed-array FP-trees. Items of a tree are ranked by
 * descending frequency (rank 0 = most frequent); each node stores its rank, count, parent,
 * first child, next sibling and the next node of the same rank (the node-link).
 */
class FpTree {
  nodeRank: Int32Array;
  nodeCount: Int32Array;
  nodeParent: Int32Array;
  nodeChild: Int32Array;
  nodeSibling: Int32Array;
  nodeLink: Int32Array;
  nodeTotal = 1;
  readonly head: Int32Array;
  readonly rankCount: Int32Array;
  readonly rootChild: Int32Array;
  branched = false;

  constructor(
    readonly itemIds: Int32Array,
    capacity: number,
  ) {
    const size = capacity + 1;
    this.nodeRank = new Int32Array(size);
    this.nodeCount = new Int32Array(size);
    this.nodeParent = new Int32Array(size);
    this.nodeChild = new Int32Array(size).fill(-1);
    this.nodeSibling = new Int32Array(size).fill(-1);
    this.nodeLink = new Int32Array(size).fill(-1);
    this.head = new Int32Array(itemIds.length).fill(-1);
    this.rankCount = new Int32Array(itemIds.length);
    this.rootChild = new Int32Array(itemIds.length).fill(-1);
    this.nodeRank[0] = -1;
  }

  /** Inserts a path of ascending ranks with the given weight. */
  insert(ranks: Int32Array, length: number, weight: number): void {
    let current = 0;
    for (let i = 0; i < length; i++) {
      const rank = ranks[i];
      this.rankCount[rank] += weight;
      let child = current === 0 ? this.rootChild[rank] : this.nodeChild[current];
      if (current !== 0) while (child !== -1 && this.nodeRank[child] !== rank) child = this.nodeSibling[child];
      if (child === -1) {
        child = this.nodeTotal++;
        this.nodeRank[child] = rank;
        this.nodeParent[child] = current;
        if (this.nodeChild[current] !== -1) this.branched = true;
        this.nodeSibling[child] = this.nodeChild[current];
        this.nodeChild[current] = child;
        if (current === 0) this.rootChild[rank] = child;
        this.nodeLink[child] = this.head[rank];
        this.head[rank] = child;
      }
      this.nodeCount[child] += weight;
      current = child;
    }
  }
}

interface MiningContext {
  minCount: number;
  maxLen: number;
  collector: ItemsetCollector;
  prefix: Int32Array;
}

/** All itemsets with count >= minCount and size in [minLen, maxLen]. */
export function mineWithFpGrowth(database: TransactionDatabase, minCount: number, minLen: number, maxLen: number): ItemsetTable {
  const collector = new ItemsetCollector(minLen);
  const tree = buildInitialTree(database, minCount);
  if (tree !== null) {
    const context: MiningContext = { minCount, maxLen, collector, prefix: new Int32Array(maxLen + 1) };
    mineTree(tree, 0, context);
  }
  return collector.toTable(database.itemNames, countTransactions(database));
}

function buildInitialTree(database: TransactionDatabase, minCount: number): FpTree | null {
  const counts = countItems(database);
  const frequent: number[] = [];
  for (let id = 0; id < counts.length; id++) if (counts[id] >= minCount) frequent.push(id);
  if (frequent.length === 0) return null;
  frequent.sort((a, b) => counts[b] - counts[a] || a - b);
  const rankOf = new Int32Array(counts.length).fill(-1);
  frequent.forEach((id, rank) => (rankOf[id] = rank));
  let capacity = 0;
  for (let i = 0; i < database.items.length; i++) if (rankOf[database.items[i]] >= 0) capacity++;
  const tree = new FpTree(Int32Array.from(frequent), capacity);
  const path = new Int32Array(frequent.length);
  const { offsets, items } = database;
  for (let b = 0; b + 1 < offsets.length; b++) {
    let length = 0;
    for (let i = offsets[b]; i < offsets[b + 1]; i++) {
      const rank = rankOf[items[i]];
      if (rank >= 0) path[length++] = rank;
    }
    if (length === 0) continue;
    path.subarray(0, length).sort();
    tree.insert(path, length, 1);
  }
  return tree;
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
    const conditional = buildConditionalTree(tree, rank, context.minCount);
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

function buildConditionalTree(tree: FpTree, rank: number, minCount: number): FpTree | null {
  const conditionalCount = new Int32Array(rank);
  let pathTotal = 0;
  for (let node = tree.head[rank]; node !== -1; node = tree.nodeLink[node]) {
    const weight = tree.nodeCount[node];
    for (let parent = tree.nodeParent[node]; parent !== 0; parent = tree.nodeParent[parent]) {
      conditionalCount[tree.nodeRank[parent]] += weight;
      pathTotal++;
    }
  }
  if (pathTotal === 0) return null;
  const kept: number[] = [];
  for (let r = 0; r < rank; r++) if (conditionalCount[r] >= minCount) kept.push(r);
  if (kept.length === 0) return null;
  kept.sort((a, b) => conditionalCount[b] - conditionalCount[a] || a - b);
  const newRank = new Int32Array(rank).fill(-1);
  const itemIds = new Int32Array(kept.length);
  kept.forEach((oldRank, index) => {
    newRank[oldRank] = index;
    itemIds[index] = tree.itemIds[oldRank];
  });
  const conditional = new FpTree(itemIds, pathTotal);
  const path = new Int32Array(kept.length);
  for (let node = tree.head[rank]; node !== -1; node = tree.nodeLink[node]) {
    let length = 0;
    for (let parent = tree.nodeParent[node]; parent !== 0; parent = tree.nodeParent[parent]) {
      const mapped = newRank[tree.nodeRank[parent]];
      if (mapped >= 0) path[length++] = mapped;
    }
    if (length === 0) continue;
    if (length > 1) path.subarray(0, length).sort();
    conditional.insert(path, length, tree.nodeCount[node]);
  }
  return conditional;
}
