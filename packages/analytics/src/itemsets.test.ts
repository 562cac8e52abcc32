import { describe, expect, it } from 'vitest';
import { mineItemsets } from './itemset-mining.js';
import { countItemsets } from './itemsets.js';
import { readDataset } from './test-support/dataset-paths.js';
import { parseTransactions } from './transactions.js';

const groceries = parseTransactions(readDataset('groceries.csv'), 'basket');

describe('frequent itemsets on Groceries (R arules reference)', () => {
  it('reads 9835 baskets over 169 items', () => {
    expect(groceries.offsets.length - 1).toBe(9835);
    expect(groceries.itemNames.length).toBe(169);
  });

  it.each([
    [0.05, 31],
    [0.01, 333],
    [0.005, 1001],
    [0.001, 13492],
    [0.0005, 49580],
  ])('FP-Growth finds the published number of itemsets at support %s', (minSupport, expected) => {
    expect(countItemsets(mineItemsets(groceries, { minSupport }))).toBe(expected);
  });

  it.each([
    [0.01, 333],
    [0.001, 13492],
  ])('Apriori agrees at support %s', (minSupport, expected) => {
    expect(countItemsets(mineItemsets(groceries, { minSupport, algorithm: 'apriori' }))).toBe(expected);
  });

  it('finds 13464 closed and 7794 maximal itemsets at support 0.001', () => {
    expect(countItemsets(mineItemsets(groceries, { minSupport: 0.001, target: 'closed' }))).toBe(13464);
    expect(countItemsets(mineItemsets(groceries, { minSupport: 0.001, target: 'maximal' }))).toBe(7794);
  });
});

describe('FP-Growth on retail.dat (long baskets, 16,470 items)', () => {
  it('agrees with Apriori itemset by itemset at support 0.005', () => {
    const retail = parseTransactions(readDataset('retail.dat'), 'fimi');
    const describe = (algorithm: 'fp-growth' | 'apriori') => {
      const table = mineItemsets(retail, { minSupport: 0.005, algorithm });
      return Array.from(table.counts, (count, index) => `${Array.from(table.items.subarray(table.offsets[index], table.offsets[index + 1])).join(' ')}:${count}`).sort();
    };
    const viaFpGrowth = describe('fp-growth');
    expect(viaFpGrowth.length).toBeGreaterThan(500);
    expect(viaFpGrowth).toEqual(describe('apriori'));
  });
});
