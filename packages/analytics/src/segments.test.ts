import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './errors.js';
import { buildInteractionMatrix } from './interactions.js';
import { assignSegment, trainSegments, type CustomerRecord } from './segments.js';

const customers: CustomerRecord[] = Array.from({ length: 120 }, (_, index) => ({
  id: `c${index}`,
  attributes: index % 2 === 0 ? { industry: 'bank', region: 'north', staff: 500 + (index % 13) * 7 } : { industry: 'cafe', region: 'south', staff: 5 + (index % 5) },
}));
const matrix = buildInteractionMatrix(
  customers.flatMap((customer, index) =>
    index % 2 === 0
      ? [{ customer: customer.id, item: 'security-audit' }, { customer: customer.id, item: 'crm-seats' }]
      : [{ customer: customer.id, item: 'pos-terminal' }],
  ),
);

describe('customer segments', () => {
  const model = trainSegments(customers, matrix, { ks: [1, 2, 3] });

  it('finds the two kinds of company and what each segment owns', () => {
    expect(model.weights.length).toBeGreaterThanOrEqual(2);
    const bank = assignSegment(model, { industry: 'bank', region: 'north', staff: 520 });
    const cafe = assignSegment(model, { industry: 'cafe', region: 'south', staff: 6 });
    expect(bank).not.toBe(cafe);
    expect(model.topItems[bank].map((item) => matrix.itemIds[item]).sort()).toEqual(['crm-seats', 'security-audit']);
    expect(model.topShares[bank][0]).toBe(1);
    expect(model.topItems[cafe].map((item) => matrix.itemIds[item])).toEqual(['pos-terminal']);
  });

  it('treats numeric columns with many values as numbers and ignores unknown levels when assigning', () => {
    expect(model.numericColumns).toEqual(['staff']);
    expect(model.categoricalColumns).toEqual(['industry', 'region']);
    const unknownIndustry = assignSegment(model, { industry: 'shipyard', staff: 510 });
    expect(unknownIndustry).toBe(assignSegment(model, { industry: 'bank', region: 'north', staff: 510 }));
  });

  it('is JSON-safe', () => {
    const restored = JSON.parse(JSON.stringify(model));
    expect(assignSegment(restored, { industry: 'cafe', staff: 4 })).toBe(assignSegment(model, { industry: 'cafe', staff: 4 }));
  });

  it('rejects customers without attributes', () => {
    expect(() => trainSegments([{ id: 'x', attributes: {} }], matrix)).toThrow(AnalyticsError);
    expect(() => trainSegments([], matrix)).toThrow(/No customer metadata/);
  });
});
