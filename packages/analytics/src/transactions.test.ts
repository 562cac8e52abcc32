import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './errors.js';
import { mineItemsets } from './itemset-mining.js';
import { mineRules } from './rules.js';
import { createTransactionDatabase, parseTransactions } from './transactions.js';

function captureError(action: () => unknown): AnalyticsError {
  try {
    action();
  } catch (error) {
    if (error instanceof AnalyticsError) return error;
    throw error;
  }
  throw new Error('expected an AnalyticsError');
}

const small = createTransactionDatabase([
  ['a', 'b'],
  ['a', 'c'],
  ['a', 'b', 'c'],
]);

describe('transaction parsing', () => {
  it('parses FIMI with and without a trailing newline identically', () => {
    const withNewline = parseTransactions('1 2 3\n2 3\n', 'fimi');
    const without = parseTransactions('1 2 3\n2 3', 'fimi');
    expect(Array.from(without.items)).toEqual(Array.from(withNewline.items));
    expect(without.offsets.length - 1).toBe(2);
  });

  it('parses quoted basket lines, including commas inside quotes', () => {
    const database = parseTransactions('"a","b, with comma"\n"c"\n', 'basket');
    expect(database.itemNames).toEqual(['a', 'b, with comma', 'c']);
  });

  it('rejects empty data, a single basket and duplicate items with typed errors', () => {
    expect(captureError(() => parseTransactions('', 'basket')).code).toBe('EMPTY_DATA');
    expect(captureError(() => parseTransactions('\n\n', 'fimi')).code).toBe('EMPTY_DATA');
    expect(captureError(() => parseTransactions('"a","b"\n', 'basket')).code).toBe('TOO_FEW_ROWS');
    const duplicate = captureError(() => parseTransactions('1 2\n3 4 3\n', 'fimi'));
    expect(duplicate.code).toBe('DUPLICATE_ITEM');
    expect(duplicate.message).toContain('Basket 2');
    expect(duplicate.message).toContain('"3"');
  });
});

describe('parameter validation', () => {
  it.each([0, -0.1, Number.NaN, 1.5])('rejects minSupport %s', (minSupport) => {
    const error = captureError(() => mineItemsets(small, { minSupport }));
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.message).toContain('minSupport');
  });

  it('accepts an absolute count above 1 as minSupport', () => {
    expect(mineItemsets(small, { minSupport: 2 }).counts.length).toBe(mineItemsets(small, { minSupport: 2 / 3 }).counts.length);
  });

  it.each([0, 1.2, -1])('rejects minConfidence %s', (minConfidence) => {
    const error = captureError(() => mineRules(small, { minSupport: 0.5, minConfidence }));
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.message).toContain('minConfidence');
  });

  it('rejects inverted length bounds, unknown targets and unknown filter items', () => {
    expect(captureError(() => mineItemsets(small, { minSupport: 0.5, minLen: 3, maxLen: 2 })).code).toBe('INVALID_PARAMETER');
    expect(captureError(() => mineItemsets(small, { minSupport: 0.5, target: 'open' as never })).code).toBe('INVALID_PARAMETER');
    const unknown = captureError(() => mineRules(small, { minSupport: 0.5, minConfidence: 0.5, rhs: { include: ['zzz'] } }));
    expect(unknown.message).toContain('zzz');
  });

  it('rejects mining an empty database built in code', () => {
    expect(captureError(() => mineItemsets(createTransactionDatabase([]), { minSupport: 0.5 })).code).toBe('EMPTY_DATA');
  });
});
