import { describe, expect, it } from 'vitest';
import { foldInCustomer, scoreCustomerWithAls, scoreFactorsWithAls, trainAls } from './als.js';
import { scoreWithEase, trainEase } from './ease.js';
import { buildInteractionMatrix, weighInteraction, type InteractionMatrix } from './interactions.js';
import { scoreWithItemKnn, trainItemKnn, UserKnnScorer } from './knn.js';
import { plantCommunities } from './test-support/planted-interactions.js';
import { selectTopItems } from './top-items.js';

const tiny = buildInteractionMatrix([
  { customer: 'u1', item: 'x' },
  { customer: 'u1', item: 'y' },
  { customer: 'u2', item: 'x' },
  { customer: 'u2', item: 'y' },
  { customer: 'u3', item: 'x' },
  { customer: 'u3', item: 'z' },
]);

function neighboursOf(model: ReturnType<typeof trainItemKnn>, matrix: InteractionMatrix, item: string) {
  const index = matrix.itemIds.indexOf(item);
  const result: Record<string, number> = {};
  for (let p = model.offsets[index]; p < model.offsets[index + 1]; p++) result[matrix.itemIds[model.neighbours[p]]] = model.similarities[p];
  return result;
}

const planted = buildInteractionMatrix(plantCommunities());
const ownItems = (group: 'a' | 'b') => new Set([0, 1, 2, 3, 4, 5].map((i) => planted.itemIds.indexOf(`${group}${i}`)));

/** Own-community items in the top-3 (excluding owned), over the most that could be there. */
function measureCommunityPrecision(score: (row: number, out: Float64Array) => void): number {
  let hits = 0;
  let total = 0;
  const out = new Float64Array(planted.itemIds.length);
  planted.customerIds.forEach((id, row) => {
    const owned = new Uint8Array(planted.itemIds.length);
    for (let p = planted.rowOffsets[row]; p < planted.rowOffsets[row + 1]; p++) owned[planted.columns[p]] = 1;
    score(row, out);
    const own = ownItems(id.startsWith('g0') ? 'a' : 'b');
    total += Math.min(3, [...own].filter((item) => owned[item] !== 1).length);
    for (const item of selectTopItems(out, 3, owned)) if (own.has(item)) hits++;
  });
  return hits / total;
}

function historyOf(row: number) {
  return {
    items: Array.from(planted.columns.subarray(planted.rowOffsets[row], planted.rowOffsets[row + 1])),
    weights: Array.from(planted.values.subarray(planted.rowOffsets[row], planted.rowOffsets[row + 1])),
  };
}

describe('item and user kNN', () => {
  it('computes cosine and Jaccard similarities with shrinkage from co-occurrence', () => {
    const cosine = trainItemKnn(tiny, { similarity: 'cosine', shrinkage: 0 });
    expect(neighboursOf(cosine, tiny, 'x').y).toBeCloseTo(2 / Math.sqrt(3 * 2), 12);
    const jaccard = trainItemKnn(tiny, { similarity: 'jaccard', shrinkage: 0 });
    expect(neighboursOf(jaccard, tiny, 'x').y).toBeCloseTo(2 / 3, 12);
    const shrunk = trainItemKnn(tiny, { similarity: 'jaccard', shrinkage: 2 });
    expect(neighboursOf(shrunk, tiny, 'x').y).toBeCloseTo((2 / 3) * (2 / 4), 12);
    expect(neighboursOf(cosine, tiny, 'y').z).toBeUndefined();
  });

  it('keeps at most k neighbours per item', () => {
    const model = trainItemKnn(planted, { neighbours: 2 });
    for (let i = 0; i < planted.itemIds.length; i++) expect(model.offsets[i + 1] - model.offsets[i]).toBeLessThanOrEqual(2);
  });

  it('item-based and user-based kNN recommend from the customer community', () => {
    const itemModel = trainItemKnn(planted, { similarity: 'cosine' });
    expect(measureCommunityPrecision((row, out) => scoreWithItemKnn(itemModel, historyOf(row), out))).toBeGreaterThan(0.9);
    const userModel = new UserKnnScorer(planted, { similarity: 'jaccard', neighbours: 20 });
    expect(measureCommunityPrecision((row, out) => userModel.score(historyOf(row), out, row))).toBeGreaterThan(0.9);
  });
});

describe('implicit ALS', () => {
  it('recommends from the customer community and is deterministic', () => {
    const model = trainAls(planted, { factors: 2, iterations: 10, regularisation: 1, alpha: 1 });
    expect(measureCommunityPrecision((row, out) => scoreCustomerWithAls(model, row, out))).toBeGreaterThan(0.9);
    const again = trainAls(planted, { factors: 2, iterations: 10, regularisation: 1, alpha: 1 });
    expect(Array.from(again.itemFactors)).toEqual(Array.from(model.itemFactors));
  });

  it('never increases the weighted loss from one iteration to the next (CG steps only descend)', () => {
    const options = { factors: 3, regularisation: 0.5, alpha: 4 };
    const losses = [1, 2, 3, 4, 5].map((iterations) => computeAlsLoss(trainAls(planted, { ...options, iterations }), options));
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThanOrEqual(losses[i - 1] + 1e-9);
    expect(losses[4]).toBeLessThan(losses[0]);
  });

  it('folds a new customer in: their owned community ranks first', () => {
    const model = trainAls(planted, { factors: 2, iterations: 10, regularisation: 1, alpha: 1 });
    const scores = new Float64Array(planted.itemIds.length);
    const a = (i: number) => planted.itemIds.indexOf(`a${i}`);
    scoreFactorsWithAls(model, foldInCustomer(model, { items: [a(0), a(1)], weights: [1, 1] }), scores);
    const exclude = new Uint8Array(planted.itemIds.length);
    exclude[a(0)] = 1;
    exclude[a(1)] = 1;
    exclude[planted.itemIds.indexOf('staple')] = 1;
    expect(selectTopItems(scores, 4, exclude).every((item) => ownItems('a').has(item))).toBe(true);
  });
});

function computeAlsLoss(model: ReturnType<typeof trainAls>, options: { regularisation: number; alpha: number }): number {
  let loss = 0;
  for (let u = 0; u < planted.customerIds.length; u++) {
    const scores = new Float64Array(planted.itemIds.length);
    scoreCustomerWithAls(model, u, scores);
    const owned = new Map<number, number>();
    for (let p = planted.rowOffsets[u]; p < planted.rowOffsets[u + 1]; p++) owned.set(planted.columns[p], planted.values[p]);
    scores.forEach((score, item) => {
      const value = owned.get(item);
      loss += value === undefined ? score * score : (1 + options.alpha * value) * (1 - score) ** 2;
    });
  }
  for (const value of model.customerFactors) loss += options.regularisation * value * value;
  for (const value of model.itemFactors) loss += options.regularisation * value * value;
  return loss;
}

describe('EASE', () => {
  it('satisfies the closed-form conditions: zero diagonal and (G + lambda I) B = G + lambda I off the diagonal', () => {
    const lambda = 5;
    const model = trainEase(planted, { regularisation: lambda });
    const n = model.itemCount;
    const gram = new Float64Array(n * n);
    for (let u = 0; u < planted.customerIds.length; u++) {
      const items = historyOf(u).items;
      for (const i of items) for (const j of items) gram[i * n + j] += 1;
    }
    for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
    for (let i = 0; i < n; i++) {
      expect(model.weights[i * n + i]).toBe(0);
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let product = 0;
        for (let m = 0; m < n; m++) product += gram[i * n + m] * model.weights[m * n + j];
        expect(product).toBeCloseTo(gram[i * n + j], 8);
      }
    }
  });

  it('recommends from the customer community', () => {
    const model = trainEase(planted, { regularisation: 10 });
    expect(measureCommunityPrecision((row, out) => scoreWithEase(model, historyOf(row), out))).toBeGreaterThan(0.9);
  });
});

describe('interaction weights', () => {
  it('scale with quantity and amount and decay with age', () => {
    const day = 86_400_000;
    expect(weighInteraction({ customer: 'c', item: 'i', quantity: Math.E }, {}, 0)).toBeCloseTo(2, 12);
    expect(weighInteraction({ customer: 'c', item: 'i', quantity: 3 }, { quantity: 'linear' }, 0)).toBe(3);
    expect(weighInteraction({ customer: 'c', item: 'i', amount: 100 }, { amount: 'linear' }, 0)).toBe(100);
    expect(weighInteraction({ customer: 'c', item: 'i', timestamp: 0 }, { recencyHalfLifeDays: 30 }, 30 * day)).toBeCloseTo(0.5, 12);
    const matrix = buildInteractionMatrix(
      [
        { customer: 'c', item: 'i', timestamp: 0 },
        { customer: 'c', item: 'i', timestamp: 60 * day },
      ],
      { recencyHalfLifeDays: 60 },
    );
    expect(matrix.values[0]).toBeCloseTo(1.5, 12);
  });
});
