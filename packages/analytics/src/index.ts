export * from './errors.js';
export * from './random.js';
export * from './csv.js';
export * from './transactions.js';
export * from './itemsets.js';
export { mineItemsets, markClosedItemsets, markMaximalItemsets } from './itemset-mining.js';
export * from './rules.js';
