import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './errors.js';
import { parseHybridModel, recommend, recommendForProfile, trainModel } from './hybrid.js';
import type { Interaction } from './interactions.js';
import type { CustomerRecord } from './segments.js';
import { plantCommunities } from './test-support/planted-interactions.js';

const interactions = plantCommunities();
/** Metadata that tracks the community: group 0 are "retail" companies, group 1 "logistics". */
const customers: CustomerRecord[] = [...new Set(interactions.map((entry) => entry.customer))].map((id, index) => ({
  id,
  attributes: { industry: id.startsWith('g0') ? 'retail' : 'logistics', employees: id.startsWith('g0') ? 10 + (index % 7) : 200 + (index % 11) },
}));
const model = trainModel(interactions, customers, { rules: { minSupport: 0.05, minConfidence: 0.3 } });

describe('hybrid recommender', () => {
  it('never recommends what the customer already has', () => {
    for (const id of model.customerIds) {
      const owned = new Set(interactions.filter((entry) => entry.customer === id).map((entry) => entry.item));
      const items = recommend(model, id, 5).map((entry) => entry.itemId);
      expect(items.filter((item) => owned.has(item))).toEqual([]);
      expect(new Set(items).size).toBe(items.length);
    }
  });

  it('may recommend an owned item again when it is flagged repeat-purchase', () => {
    const withRepeat = trainModel(interactions, customers, { repeatPurchaseItems: ['staple'], rules: { minSupport: 0.05, minConfidence: 0.3 } });
    const customer = withRepeat.customerIds[0];
    const items = recommend(withRepeat, customer, withRepeat.itemIds.length).map((entry) => entry.itemId);
    expect(items).toContain('staple');
  });

  it('explains rule-based picks with the rule numbers and collaborative picks with the owned items behind them', () => {
    const recommendations = model.customerIds.flatMap((id) => recommend(model, id, 3));
    const kinds = new Set(recommendations.map((entry) => entry.explanation.kind));
    expect(kinds.has('bought-together') || kinds.has('similar-customers')).toBe(true);
    for (const entry of recommendations) {
      if (entry.explanation.kind === 'bought-together') {
        const rule = model.rules.rules.find(
          (candidate) => model.itemIds[candidate.rhs] === entry.itemId && candidate.confidence === (entry.explanation as { confidence: number }).confidence,
        );
        expect(rule).toBeDefined();
        expect(entry.explanation.lift).toBeGreaterThan(0);
        expect(entry.explanation.antecedentItemIds.length).toBeGreaterThan(0);
      }
      if (entry.explanation.kind === 'similar-customers') expect(entry.explanation.becauseOfItemIds.length).toBeGreaterThan(0);
    }
  });

  it('recommends a community customer its own community items first', () => {
    const top = recommendForProfile(model, { items: ['a0', 'a1'] }, 3).map((entry) => entry.itemId);
    expect(top.every((item) => item.startsWith('a') || item === 'staple')).toBe(true);
  });

  it('serves cold-start customers the favourites of the segment their metadata places them in', () => {
    const logistics = recommendForProfile(model, { attributes: { industry: 'logistics', employees: 205 } }, 4);
    expect(logistics[0].explanation.kind).toBe('popular-in-segment');
    expect(logistics.filter((entry) => entry.itemId.startsWith('b')).length).toBeGreaterThanOrEqual(3);
    const retail = recommendForProfile(model, { attributes: { industry: 'retail', employees: 12 } }, 4);
    expect(retail.filter((entry) => entry.itemId.startsWith('a')).length).toBeGreaterThanOrEqual(3);
    const anonymous = recommendForProfile(model, {}, 2);
    expect(anonymous.map((entry) => entry.explanation.kind)).toEqual(['popular', 'popular']);
    expect(anonymous[0].itemId).toBe('staple');
  });

  it('knows customers who have metadata but no purchases and gives them their segment favourites', () => {
    const withNewcomer = trainModel(interactions, [...customers, { id: 'newcomer', attributes: { industry: 'logistics', employees: 210 } }], {
      rules: { minSupport: 0.05, minConfidence: 0.3 },
    });
    const picks = recommend(withNewcomer, 'newcomer', 3);
    expect(picks.every((entry) => entry.explanation.kind === 'popular-in-segment')).toBe(true);
    expect(picks.filter((entry) => entry.itemId.startsWith('b')).length).toBeGreaterThanOrEqual(2);
  });

  it('survives a JSON round trip unchanged, so the server can store and version it', () => {
    const restored = parseHybridModel(JSON.parse(JSON.stringify(model)));
    for (const id of model.customerIds.slice(0, 20)) expect(recommend(restored, id, 5)).toEqual(recommend(model, id, 5));
  });

  it('refuses a stored model of another version or with arrays that do not line up', () => {
    const stored = JSON.parse(JSON.stringify(model));
    expect(() => parseHybridModel({ ...stored, version: 3 })).toThrow(/format version 3 is not supported/);
    expect(() => parseHybridModel({ ...stored, popularity: [] })).toThrow(/item arrays/);
    expect(() => parseHybridModel({ ...stored, histories: [] })).toThrow(/customer arrays/);
    expect(() => parseHybridModel(null)).toThrow(AnalyticsError);
  });

  it('rejects unknown customers and bad k with typed errors', () => {
    expect(() => recommend(model, 'nobody', 5)).toThrow(AnalyticsError);
    expect(() => recommend(model, model.customerIds[0], 0)).toThrow(/k must be a positive integer/);
    expect(() => trainModel([] as Interaction[], [])).toThrow(/no interactions/);
  });
});
