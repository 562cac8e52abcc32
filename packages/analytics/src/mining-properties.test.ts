import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mineItemsets } from './itemset-mining.js';
import { describeItemsets } from './itemsets.js';
import { mineRules } from './rules.js';
import { createTransactionDatabase } from './transactions.js';

const basketsArbitrary = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 }), {
  minLength: 2,
  maxLength: 40,
});

function toDatabase(baskets: number[][]) {
  return createTransactionDatabase(baskets.map((basket) => basket.map((item) => `i${item}`)));
}

function bruteForceCount(baskets: number[][], items: string[]): number {
  return baskets.filter((basket) => items.every((item) => basket.includes(Number(item.slice(1))))).length;
}

const asStrings = (entries: ReturnType<typeof describeItemsets>) =>
  entries.map((entry) => `${[...entry.items].sort().join('+')}:${entry.count}`).sort();

describe('itemset mining properties on random baskets', () => {
  it('FP-Growth and Apriori find the same itemsets with the same counts, each count correct', () => {
    fc.assert(
      fc.property(basketsArbitrary, fc.integer({ min: 1, max: 5 }), (baskets, minCount) => {
        const database = toDatabase(baskets);
        const minSupport = minCount === 1 ? 1 / baskets.length : minCount;
        const fp = describeItemsets(mineItemsets(database, { minSupport }));
        const apriori = describeItemsets(mineItemsets(database, { minSupport, algorithm: 'apriori' }));
        expect(asStrings(fp)).toEqual(asStrings(apriori));
        for (const entry of fp) {
          expect(entry.count).toBe(bruteForceCount(baskets, entry.items));
          expect(entry.count).toBeGreaterThanOrEqual(minCount);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('maxLen and minLen only cut the itemset sizes, never the counts', () => {
    fc.assert(
      fc.property(basketsArbitrary, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (baskets, minLen, extra) => {
        const database = toDatabase(baskets);
        const maxLen = minLen + extra - 1;
        const all = describeItemsets(mineItemsets(database, { minSupport: 2 }));
        const bounded = describeItemsets(mineItemsets(database, { minSupport: 2, minLen, maxLen }));
        const expected = all.filter((entry) => entry.items.length >= minLen && entry.items.length <= maxLen);
        expect(asStrings(bounded)).toEqual(asStrings(expected));
      }),
      { numRuns: 100 },
    );
  });

  it('closed itemsets have no superset of equal count; maximal ones have no frequent superset', () => {
    fc.assert(
      fc.property(basketsArbitrary, fc.integer({ min: 2, max: 4 }), (baskets, minCount) => {
        const database = toDatabase(baskets);
        const frequent = describeItemsets(mineItemsets(database, { minSupport: minCount }));
        const closed = new Set(asStrings(describeItemsets(mineItemsets(database, { minSupport: minCount, target: 'closed' }))));
        const maximal = new Set(asStrings(describeItemsets(mineItemsets(database, { minSupport: minCount, target: 'maximal' }))));
        for (const entry of frequent) {
          const supersets = frequent.filter(
            (other) => other.items.length > entry.items.length && entry.items.every((item) => other.items.includes(item)),
          );
          const key = asStrings([entry])[0];
          expect(closed.has(key)).toBe(supersets.every((other) => other.count < entry.count));
          expect(maximal.has(key)).toBe(supersets.length === 0);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('every rule meets the thresholds and its measures follow from the counts', () => {
    fc.assert(
      fc.property(basketsArbitrary, (baskets) => {
        const database = toDatabase(baskets);
        const n = baskets.length;
        const { rules, itemNames } = mineRules(database, { minSupport: 2, minConfidence: 0.5 });
        for (const rule of rules) {
          const lhs = rule.lhs.map((id) => itemNames[id]);
          const rhs = itemNames[rule.rhs];
          const both = bruteForceCount(baskets, [...lhs, rhs]);
          const lhsCount = bruteForceCount(baskets, lhs);
          const rhsCount = bruteForceCount(baskets, [rhs]);
          expect(rule.count).toBe(both);
          expect(rule.confidence).toBe(both / lhsCount);
          expect(rule.confidence).toBeGreaterThanOrEqual(0.5);
          expect(rule.lift).toBeCloseTo((both / lhsCount) / (rhsCount / n), 10);
          expect(rule.leverage).toBeCloseTo(both / n - (lhsCount / n) * (rhsCount / n), 12);
        }
      }),
      { numRuns: 100 },
    );
  });
});
