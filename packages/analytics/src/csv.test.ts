import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findColumnIndexes, formatCsv, parseCsvRows, parseCsvTable } from './csv.js';
import { AnalyticsError } from './errors.js';
import { selectTopItems } from './top-items.js';

describe('CSV', () => {
  it('handles quotes, doubled quotes, commas, CRLF and a missing final newline', () => {
    expect(parseCsvRows('a,"b ""x"", y"\r\n1,2')).toEqual([
      ['a', 'b "x", y'],
      ['1', '2'],
    ]);
  });

  it('round-trips whatever it writes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 2 }), { maxLength: 6 }), (rows) => {
        const text = formatCsv(['left', 'right'], rows);
        expect(parseCsvTable(text).rows).toEqual(rows);
      }),
    );
  });

  it('rejects ragged rows, unterminated quotes and unknown columns with the row or column named', () => {
    expect(() => parseCsvTable('a,b\n1\n')).toThrow(/row 2 has 1 fields/);
    expect(() => parseCsvRows('"open')).toThrow(AnalyticsError);
    expect(() => findColumnIndexes(['a', 'b'], ['c'])).toThrow(/Unknown column "c"; available: a, b/);
  });
});

describe('top-k selection', () => {
  it('equals a full sort (ties to the lower index) and skips excluded and -Infinity items', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), (raw, k) => {
        const scores = raw.map((value) => (value === -5 ? -Infinity : value));
        const exclude = Uint8Array.from(scores, (_, index) => (index % 7 === 3 ? 1 : 0));
        const expected = scores
          .map((score, index) => ({ score, index }))
          .filter((entry) => entry.score !== -Infinity && exclude[entry.index] === 0)
          .sort((a, b) => b.score - a.score || a.index - b.index)
          .slice(0, k)
          .map((entry) => entry.index);
        expect(selectTopItems(scores, k, exclude)).toEqual(expected);
      }),
    );
  });
});
