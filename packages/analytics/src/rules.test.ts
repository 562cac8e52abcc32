import { describe, expect, it } from 'vitest';
import { formatRule, mineRules } from './rules.js';
import { readDataset } from './test-support/dataset-paths.js';
import { parseTransactions } from './transactions.js';

const groceries = parseTransactions(readDataset('groceries.csv'), 'basket');

describe('association rules on Groceries (R arules reference)', () => {
  const ruleSet = mineRules(groceries, { minSupport: 0.001, minConfidence: 0.8 });

  it('finds 410 rules at support 0.001 and confidence 0.8, sizes 3/4/5/6 = 29/229/140/12', () => {
    expect(ruleSet.rules).toHaveLength(410);
    const sizes = new Map<number, number>();
    for (const rule of ruleSet.rules) sizes.set(rule.lhs.length + 1, (sizes.get(rule.lhs.length + 1) ?? 0) + 1);
    expect(Object.fromEntries(sizes)).toEqual({ 3: 29, 4: 229, 5: 140, 6: 12 });
  });

  it('keeps the 39 rules whose confidence is exactly 0.8', () => {
    expect(ruleSet.rules.filter((rule) => rule.confidence === 0.8)).toHaveLength(39);
  });

  it('ranks {liquor, red/blush wine} => {bottled beer} first by lift with the published measures', () => {
    const top = ruleSet.rules[0];
    expect(formatRule(ruleSet, top)).toBe('{liquor,red/blush wine} => {bottled beer}');
    expect(top.count).toBe(19);
    expect(top.support).toBeCloseTo(0.001931876, 9);
    expect(top.confidence).toBeCloseTo(0.9047619, 7);
    expect(top.lift).toBeCloseTo(11.235269, 6);
    expect(top.leverage).toBeCloseTo(0.0017599285, 10);
    expect(top.coverage).toBeCloseTo(21 / 9835, 12);
    expect(top.conviction).toBeCloseTo((1 - 792 / 9835) / (1 - 19 / 21), 9);
  });

  it('finds 15 rules at support 0.01 and confidence 0.5 with the published top rule', () => {
    const coarse = mineRules(groceries, { minSupport: 0.01, minConfidence: 0.5 });
    expect(coarse.rules).toHaveLength(15);
    const top = coarse.rules[0];
    expect(formatRule(coarse, top)).toBe('{citrus fruit,root vegetables} => {other vegetables}');
    expect(top.support).toBeCloseTo(0.01037112, 8);
    expect(top.confidence).toBeCloseTo(0.5862069, 7);
    expect(top.lift).toBeCloseTo(3.029608, 6);
  });

  it('Apriori and FP-Growth give the same 410 rules', () => {
    const viaApriori = mineRules(groceries, { minSupport: 0.001, minConfidence: 0.8, algorithm: 'apriori' });
    const describe = (set: typeof ruleSet) => set.rules.map((rule) => `${formatRule(set, rule)}:${rule.count}`).sort();
    expect(describe(viaApriori)).toEqual(describe(ruleSet));
  });

  it('honours rule length bounds and item filters', () => {
    const short = mineRules(groceries, { minSupport: 0.001, minConfidence: 0.8, maxLen: 4 });
    expect(short.rules).toHaveLength(29 + 229);
    const beerOnly = mineRules(groceries, { minSupport: 0.001, minConfidence: 0.8, rhs: { include: ['bottled beer'] } });
    expect(beerOnly.rules.length).toBeGreaterThan(0);
    expect(beerOnly.rules.every((rule) => groceries.itemNames[rule.rhs] === 'bottled beer')).toBe(true);
    const noMilk = mineRules(groceries, { minSupport: 0.001, minConfidence: 0.8, lhs: { exclude: ['whole milk'] } });
    const milk = groceries.itemNames.indexOf('whole milk');
    expect(noMilk.rules.some((rule) => rule.lhs.includes(milk))).toBe(false);
    expect(ruleSet.rules.some((rule) => rule.lhs.includes(milk))).toBe(true);
  });
});
