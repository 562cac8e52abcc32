/**
 * Typed-array FP-tree for FP-Growth (Han, Pei, Yin 2000). Items of a tree are ranked by descending
 * frequency (rank 0 = most frequent); each node stores its rank, count, parent, first child, next
 * sibling and the next node of the same rank (the node-link). Children are found through an
 * open-addressing table keyed by (parent, rank), so inserting a path never scans siblings.
 */
export class FpTree {
  readonly nodeRank: Int32Array;
  readonly nodeCount: Int32Array;
  readonly nodeParent: Int32Array;
  readonly nodeChild: Int32Array;
  readonly nodeSibling: Int32Array;
  readonly nodeLink: Int32Array;
  readonly head: Int32Array;
  readonly rankCount: Int32Array;
  readonly slots: Int32Array;
  readonly slotMask: number;
  nodeTotal = 1;
  branched = false;

  constructor(
    readonly itemIds: Int32Array,
    capacity: number,
    storage: TreeStorage,
  ) {
    storage.reserve(capacity + 1, itemIds.length);
    this.nodeRank = storage.nodeRank;
    this.nodeCount = storage.nodeCount;
    this.nodeParent = storage.nodeParent;
    this.nodeChild = storage.nodeChild;
    this.nodeSibling = storage.nodeSibling;
    this.nodeLink = storage.nodeLink;
    this.head = storage.head;
    this.rankCount = storage.rankCount;
    let slotCount = 16;
    while (slotCount < (capacity + 1) * 2) slotCount *= 2;
    this.slots = storage.slots;
    this.slotMask = slotCount - 1;
    this.slots.fill(-1, 0, slotCount);
    this.head.fill(-1, 0, itemIds.length);
    this.rankCount.fill(0, 0, itemIds.length);
    this.nodeRank[0] = -1;
    this.nodeChild[0] = -1;
  }

  /** Adds a path of ascending ranks (items[start..end)) with the given weight. */
  insertPath(items: Int32Array, start: number, end: number, weight: number): void {
    let current = 0;
    for (let i = start; i < end; i++) {
      const rank = items[i];
      this.rankCount[rank] += weight;
      let slot = (Math.imul(current, 0x9e3779b1) ^ Math.imul(rank + 1, 0x85ebca77)) & this.slotMask;
      let child = this.slots[slot];
      while (child !== -1 && (this.nodeParent[child] !== current || this.nodeRank[child] !== rank)) {
        slot = (slot + 1) & this.slotMask;
        child = this.slots[slot];
      }
      if (child === -1) {
        child = this.nodeTotal++;
        this.slots[slot] = child;
        this.nodeRank[child] = rank;
        this.nodeParent[child] = current;
        this.nodeCount[child] = 0;
        if (this.nodeChild[current] !== -1) this.branched = true;
        this.nodeSibling[child] = this.nodeChild[current];
        this.nodeChild[current] = child;
        this.nodeChild[child] = -1;
        this.nodeLink[child] = this.head[rank];
        this.head[rank] = child;
      }
      this.nodeCount[child] += weight;
      current = child;
    }
  }
}

/**
 * Typed arrays for one tree, reused by every tree built at the same recursion depth: a conditional
 * tree is finished before the next one at its depth is built, so mining allocates almost nothing.
 */
export class TreeStorage {
  nodeRank = new Int32Array(0);
  nodeCount = new Int32Array(0);
  nodeParent = new Int32Array(0);
  nodeChild = new Int32Array(0);
  nodeSibling = new Int32Array(0);
  nodeLink = new Int32Array(0);
  head = new Int32Array(0);
  rankCount = new Int32Array(0);
  /** Open-addressing table from (parent, rank) to child node, size a power of two >= 2 x nodes. */
  slots = new Int32Array(0);

  reserve(nodes: number, items: number): void {
    let slotCount = 16;
    while (slotCount < nodes * 2) slotCount *= 2;
    if (slotCount > this.slots.length) this.slots = new Int32Array(slotCount);
    if (nodes > this.nodeRank.length) {
      const size = Math.max(nodes, this.nodeRank.length * 2);
      this.nodeRank = new Int32Array(size);
      this.nodeCount = new Int32Array(size);
      this.nodeParent = new Int32Array(size);
      this.nodeChild = new Int32Array(size);
      this.nodeSibling = new Int32Array(size);
      this.nodeLink = new Int32Array(size);
    }
    if (items > this.head.length) {
      const size = Math.max(items, this.head.length * 2);
      this.head = new Int32Array(size);
      this.rankCount = new Int32Array(size);
    }
  }
}
