import { describe, expect, it } from 'vitest';
import { BLEND_SOURCES, caseNdcg, learnBlendWeights, pairedStandardError, type BlendSource, type BlendWeights, type PreparedCase } from './hybrid-blend.js';
import { holdOutOneItem } from './hybrid-validation.js';
import type { Interaction } from './interactions.js';
import { createRandom, type Random } from './random.js';

const K = 5;
const CANDIDATES = 30;
const zero = (): BlendWeights => ({ collaborative: 0, ease: 0, rules: 0, popularity: 0, segment: 0 });

/**
 * Validation customers with one relevant item among CANDIDATES. `signal(source, index)` says how often
 * that source gives the relevant item a clear lead for customer `index` (0 = its scores are pure noise).
 */
function plantCases(count: number, random: Random, signal: (source: BlendSource, index: number) => number): PreparedCase[] {
  const cases: PreparedCase[] = [];
  for (let index = 0; index < count; index++) {
    const relevantRow = random.nextInt(CANDIDATES);
    const features = new Float64Array(CANDIDATES * BLEND_SOURCES.length);
    BLEND_SOURCES.forEach((source, column) => {
      const knows = random.next() < signal(source, index);
      for (let row = 0; row < CANDIDATES; row++) {
        features[row * BLEND_SOURCES.length + column] = row === relevantRow && knows ? 0.6 + 0.4 * random.next() : 0.5 * random.next();
      }
    });
    const relevant = new Uint8Array(CANDIDATES);
    relevant[relevantRow] = 1;
    cases.push({ candidates: Array.from({ length: CANDIDATES }, (_, row) => row), features, tieBreak: new Float64Array(CANDIDATES), relevant, ideal: 1 });
  }
  return cases;
}

const mean = (values: Float64Array) => values.reduce((total, value) => total + value, 0) / values.length;

describe('learning the blend weights', () => {
  for (const planted of BLEND_SOURCES) {
    it(`puts the weight on ${planted} when only ${planted} knows the purchases`, () => {
      const cases = plantCases(400, createRandom(7), (source) => (source === planted ? 0.7 : 0));
      const fit = learnBlendWeights(cases, { k: K, sources: [...BLEND_SOURCES] });
      const heaviest = BLEND_SOURCES.reduce((best, source) => (fit.weights[source] > fit.weights[best] ? source : best));
      expect(heaviest).toBe(planted);
      // The other sources are noise: at most a token weight, far below the planted one.
      for (const source of BLEND_SOURCES) if (source !== planted) expect(fit.weights[source]).toBeLessThanOrEqual(fit.weights[planted] * 0.25);
      expect(fit.ndcg).toBeGreaterThanOrEqual(fit.singleSourceNdcg[planted]! - 1e-12);
    });
  }

  it('uses two sources when each knows a different half of the customers, and beats both by more than noise', () => {
    // Item similarity knows the even customers, the segment the odd ones (like a catalogue and a metadata signal).
    const cases = plantCases(600, createRandom(3), (source, index) => (source === 'ease' ? (index % 2 === 0 ? 0.8 : 0) : source === 'segment' ? (index % 2 === 1 ? 0.8 : 0) : 0));
    const fit = learnBlendWeights(cases, { k: K, sources: [...BLEND_SOURCES] });
    expect(fit.weights.ease).toBeGreaterThan(0);
    expect(fit.weights.segment).toBeGreaterThan(0);
    const best = Math.max(...Object.values(fit.singleSourceNdcg));
    expect(fit.ndcg - best).toBeGreaterThan(3 * fit.standardError);
  });

  it('is never below the best single source on fresh validation customers by more than noise, even when every source is noise', () => {
    // Ten data sets where the sources differ little or not at all: the weights learnt on one half of the
    // customers must not lose to the best single source (chosen on that half) on the other half.
    for (let seed = 1; seed <= 10; seed++) {
      const random = createRandom(seed);
      const strength: Record<BlendSource, number> = { collaborative: 0.3, ease: 0.32, rules: 0.28, popularity: 0.3, segment: random.next() < 0.5 ? 0 : 0.3 };
      const learn = plantCases(300, random, (source) => strength[source]);
      const fresh = plantCases(300, random, (source) => strength[source]);
      const fit = learnBlendWeights(learn, { k: K, sources: [...BLEND_SOURCES] });
      const bestSource = BLEND_SOURCES.reduce((best, source) => (fit.singleSourceNdcg[source]! > fit.singleSourceNdcg[best]! ? source : best));
      const blend = caseNdcg(fresh, fit.weights, K);
      const single = caseNdcg(fresh, { ...zero(), [bestSource]: 1 }, K);
      expect(mean(blend), `seed ${seed}: ${JSON.stringify(fit.weights)}`).toBeGreaterThanOrEqual(mean(single) - 2 * pairedStandardError(blend, single));
    }
  });
});

describe('leave-one-out validation', () => {
  it('holds out one item of each customer with at least ceil(1/F) items and leaves shorter histories alone', () => {
    const interactions: Interaction[] = [];
    for (let c = 0; c < 40; c++) for (let i = 0; i < 2 + (c % 4); i++) interactions.push({ customer: `c${c}`, item: `i${i}` });
    const heldOut = holdOutOneItem(interactions, 0.25, 42)!;
    // Customers have 2..5 items; with F = 0.25 only those with 4 or 5 qualify.
    expect(heldOut.size).toBe(20);
    for (const [customer, items] of heldOut) {
      expect(items.size).toBe(1);
      expect(Number(customer.slice(1)) % 4).toBeGreaterThanOrEqual(2);
    }
    expect(holdOutOneItem(interactions.slice(0, 30), 0.25, 42)).toBeNull();
  });
});
