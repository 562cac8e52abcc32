import { describe, expect, it } from 'vitest';
import { evaluateRecommenders } from './evaluation.js';
import { parseSplitSpec } from './evaluation-splits.js';
import { BLEND_SOURCES, recommend, trainModel } from './hybrid.js';
import type { Interaction } from './interactions.js';
import { createRandom } from './random.js';
import { parseModelNames } from './recommender-models.js';
import type { CustomerRecord } from './segments.js';
import { plantCommunities } from './test-support/planted-interactions.js';

const INDUSTRIES = ['retail', 'logistics', 'it'];

/**
 * Purchases are noise, metadata is the signal: each customer buys one of their industry's five favourites
 * and three items drawn uniformly from a pool of 60 everyone shares.
 */
function plantSegmentSignal(customersPerIndustry = 120, seed = 3): { interactions: Interaction[]; customers: CustomerRecord[] } {
  const random = createRandom(seed);
  const interactions: Interaction[] = [];
  const customers: CustomerRecord[] = [];
  INDUSTRIES.forEach((industry, segment) => {
    for (let c = 0; c < customersPerIndustry; c++) {
      const id = `${industry}-${c}`;
      // Two attributes that agree, so the mixture can tell the industries apart (one categorical column alone is fitted as well by one segment).
      customers.push({ id, attributes: { industry, size: random.next() < 0.9 ? `size-${segment}` : `size-${random.nextInt(3)}` } });
      const items = new Set<string>([`fav${segment}-${random.nextInt(5)}`]);
      while (items.size < 4) items.add(`noise-${random.nextInt(60)}`);
      for (const item of items) interactions.push({ customer: id, item });
    }
  });
  return { interactions, customers };
}

describe('learnt blend', () => {
  it('gives the segment source the weight when the metadata carries the signal and the purchases are noise', () => {
    const { interactions, customers } = plantSegmentSignal();
    const model = trainModel(interactions, customers, { learning: { validation: parseSplitSpec('random:0.25'), k: 5 } });
    expect(model.blendFit).toMatchObject({ method: 'learned' });
    const single = model.blendFit!.singleSourceNdcg;
    const best = BLEND_SOURCES.filter((source) => single[source] !== undefined).sort((a, b) => single[b]! - single[a]!)[0];
    expect(best).toBe('segment');
    expect(model.blend.segment).toBeGreaterThan(0);
    // A retail customer with only noise items is offered retail favourites, explained by the segment.
    const top = recommend(model, 'retail-0', 3);
    expect(top.filter((entry) => entry.itemId.startsWith('fav0-')).length).toBeGreaterThanOrEqual(2);
    expect(top[0].sources[0]).toBe('segment');
  });

  it('leaves the segment source out when the metadata is noise and the purchases carry the signal', () => {
    const interactions = plantCommunities(80, 9);
    const random = createRandom(11);
    // Industry drawn independently of the community a customer buys from.
    const customers: CustomerRecord[] = [...new Set(interactions.map((entry) => entry.customer))].map((id) => ({ id, attributes: { industry: INDUSTRIES[random.nextInt(3)] } }));
    const model = trainModel(interactions, customers, { learning: { validation: parseSplitSpec('random:0.25'), k: 3 } });
    expect(model.blend.segment).toBe(0);
    expect(Math.max(model.blend.collaborative, model.blend.ease, model.blend.rules)).toBeGreaterThan(0);
    const single = model.blendFit!.singleSourceNdcg;
    expect(Math.max(single.collaborative!, single.ease!, single.rules!)).toBeGreaterThan(single.segment!);
  });

  it('is never below its best single source on the validation split it learnt on', () => {
    const { interactions, customers } = plantSegmentSignal(60, 8);
    const model = trainModel(interactions, customers, { learning: { validation: parseSplitSpec('random:0.25'), k: 5 } });
    const singles = Object.values(model.blendFit!.singleSourceNdcg);
    expect(singles.length).toBeGreaterThanOrEqual(4);
    expect(model.blendFit!.ndcg).toBeGreaterThanOrEqual(Math.max(...singles));
  });

  it('ranks at least as well as every single model on held-out data where purchases and metadata complement each other', () => {
    // Short histories (each of a community's 8 items bought with probability 0.25) say little alone;
    // the industry agrees with the community for 80 % of the customers.
    const random = createRandom(5);
    const interactions: Interaction[] = [];
    const customers: CustomerRecord[] = [];
    for (let c = 0; c < 800; c++) {
      const group = c % 2;
      const id = `c${c}`;
      const retail = group === 0 ? random.next() < 0.8 : random.next() >= 0.8;
      customers.push({ id, attributes: { industry: retail ? 'retail' : 'logistics', employees: retail ? 5 + random.nextInt(20) : 150 + random.nextInt(100) } });
      interactions.push({ customer: id, item: 'staple' });
      for (let i = 0; i < 8; i++) {
        if (random.next() < 0.25) interactions.push({ customer: id, item: `${group === 0 ? 'a' : 'b'}${i}` });
        if (random.next() < 0.05) interactions.push({ customer: id, item: `${group === 0 ? 'b' : 'a'}${i}` });
      }
    }
    const report = evaluateRecommenders(interactions, customers, {
      split: parseSplitSpec('random:0.25'),
      k: 3,
      models: parseModelNames('item-knn,ease,rules,cluster-popular,hybrid'),
      modelOptions: { rules: { minSupport: 0.05, minConfidence: 0.2 } },
    });
    const hybrid = report.results.find((result) => result.model === 'hybrid')!;
    const others = report.results.filter((result) => result.model !== 'hybrid');
    for (const other of others) expect(hybrid.ndcg, `hybrid against ${other.model}`).toBeGreaterThanOrEqual(other.ndcg);
  });

  it('keeps fixed weights when they are given and says so', () => {
    const interactions = plantCommunities(30, 2);
    const model = trainModel(interactions, [], { blend: { collaborative: 1, popularity: 0.5 } });
    expect(model.blend).toEqual({ collaborative: 1, ease: 0, rules: 0, popularity: 0.5, segment: 0 });
    expect(model.blendFit).toMatchObject({ method: 'fixed', validation: 'given' });
    for (const entry of recommend(model, model.customerIds[0], 4)) for (const source of entry.sources) expect(['collaborative', 'popularity']).toContain(source);
  });
});
