import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './errors.js';
import { evaluateRecommenders, scoreRanking } from './evaluation.js';
import { parseSplitSpec, splitInteractions } from './evaluation-splits.js';
import { parseModelNames } from './recommender-models.js';
import type { CustomerRecord } from './segments.js';
import { plantCommunities } from './test-support/planted-interactions.js';

const interactions = plantCommunities(80, 9);
const customers: CustomerRecord[] = [...new Set(interactions.map((entry) => entry.customer))].map((id, index) => ({
  id,
  attributes: { industry: id.startsWith('g0') ? 'retail' : 'logistics', employees: (id.startsWith('g0') ? 10 : 200) + (index % 9) },
}));

describe('ranking metrics', () => {
  it('computes precision, recall, NDCG and hit rate by hand-checked values', () => {
    const metrics = scoreRanking(['a', 'x', 'b'], new Set(['a', 'b', 'c']), 3);
    expect(metrics.precision).toBeCloseTo(2 / 3, 12);
    expect(metrics.recall).toBeCloseTo(2 / 3, 12);
    const dcg = 1 + 1 / Math.log2(4);
    const ideal = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(metrics.ndcg).toBeCloseTo(dcg / ideal, 12);
    expect(metrics.hitRate).toBe(1);
    expect(scoreRanking(['x', 'y'], new Set(['a']), 2)).toEqual({ precision: 0, recall: 0, ndcg: 0, hitRate: 0 });
  });
});

describe('splits', () => {
  it('random split holds out part of each customer and keeps the rest for training', () => {
    const split = splitInteractions(interactions, parseSplitSpec('random:0.25'), 1);
    for (const [customer, heldOut] of split.test) {
      const trained = new Set(split.train.filter((entry) => entry.customer === customer).map((entry) => entry.item));
      expect(trained.size).toBeGreaterThan(0);
      for (const item of heldOut) expect(trained.has(item)).toBe(false);
    }
  });

  it('leave-last holds out the latest item of each customer', () => {
    const split = splitInteractions(interactions, parseSplitSpec('leave-last'));
    for (const [customer, heldOut] of split.test) {
      const own = interactions.filter((entry) => entry.customer === customer);
      const latest = own.reduce((best, entry) => ((entry.timestamp ?? 0) >= (best.timestamp ?? 0) ? entry : best));
      expect([...heldOut]).toEqual([latest.item]);
    }
  });

  it('cold-start holds out whole customers', () => {
    const split = splitInteractions(interactions, parseSplitSpec('cold-start:0.2'));
    expect(split.test.size).toBe(32);
    const trainedCustomers = new Set(split.train.map((entry) => entry.customer));
    for (const customer of split.test.keys()) expect(trainedCustomers.has(customer)).toBe(false);
  });

  it('rejects malformed split and model names', () => {
    expect(() => parseSplitSpec('random:1.5')).toThrow(AnalyticsError);
    expect(() => parseSplitSpec('sideways')).toThrow(/leave-last/);
    expect(() => parseModelNames('popular,magic')).toThrow(/Unknown model "magic"/);
  });
});

describe('evaluation on planted communities', () => {
  it('every model beats most-popular when the data has community signal', () => {
    const report = evaluateRecommenders(interactions, customers, {
      split: parseSplitSpec('random:0.25'),
      k: 3,
      models: parseModelNames('user-knn,item-knn,als,ease,rules,hybrid'),
      modelOptions: { als: { factors: 2, alpha: 1, regularisation: 1 }, rules: { minSupport: 0.05, minConfidence: 0.2 } },
    });
    expect(report.results[0].model).toBe('popular');
    for (const result of report.results.slice(1)) expect(result.ndcg, result.model).toBeGreaterThan(report.results[0].ndcg);
  });

  it('cluster-popular and hybrid use metadata to beat most-popular on cold start', () => {
    const report = evaluateRecommenders(interactions, customers, {
      split: parseSplitSpec('cold-start:0.2'),
      k: 3,
      models: parseModelNames('cluster-popular,hybrid'),
    });
    const [popular, cluster, hybrid] = report.results;
    expect(cluster.ndcg).toBeGreaterThan(popular.ndcg);
    expect(hybrid.ndcg).toBeGreaterThan(popular.ndcg);
  });
});

describe('time split', () => {
  const dated = [
    { customer: 'u1', item: 'a', timestamp: Date.parse('2024-01-10') },
    { customer: 'u1', item: 'b', timestamp: Date.parse('2024-03-05') },
    { customer: 'u1', item: 'a', timestamp: Date.parse('2024-08-01') },
    { customer: 'u1', item: 'c', timestamp: Date.parse('2024-08-02') },
    { customer: 'u2', item: 'b', timestamp: Date.parse('2024-02-01') },
    { customer: 'u2', item: 'c', timestamp: Date.parse('2024-09-01') },
    { customer: 'u3', item: 'a', timestamp: Date.parse('2024-09-03') },
  ];

  it('trains on what came before the date and tests each known customer on what they bought new after it', () => {
    const split = splitInteractions(dated, parseSplitSpec('time:2024-07-01'));
    expect(split.train.every((entry) => entry.timestamp! < Date.parse('2024-07-01'))).toBe(true);
    expect(split.train).toHaveLength(3);
    // u1 bought "a" again (not new) and "c" (new); u3 has no history before the date (cold start, left out).
    expect(split.test).toEqual(new Map([['u1', new Set(['c'])], ['u2', new Set(['c'])]]));
  });

  it('cuts where the latest fraction of the interactions begins', () => {
    const split = splitInteractions(dated, parseSplitSpec('time:0.5'));
    const cutoff = Date.parse('2024-08-01');
    expect(split.train.map((entry) => entry.timestamp)).toEqual(dated.map((entry) => entry.timestamp).filter((time) => time < cutoff));
    expect([...split.test.keys()].sort()).toEqual(['u1', 'u2']);
  });

  it('refuses a time split without timestamps or with a malformed cutoff, naming the problem', () => {
    expect(() => splitInteractions(plantCommunities(5, 1).map(({ customer, item }) => ({ customer, item })), parseSplitSpec('time:0.2'))).toThrow(/timestamps/);
    expect(() => parseSplitSpec('time:1.5')).toThrow(/fraction in \(0, 1\) or a date/);
    expect(() => parseSplitSpec('time:yesterday')).toThrow(AnalyticsError);
    expect(() => splitInteractions(dated, parseSplitSpec('time:2030-01-01'))).toThrow(/no test customers/);
  });
});
